"""Rasa's SQL tracker store, made safe by default for health data (endpoints.yml names it).

- An SQLite database is created 0600 in a 0700 folder (harbor.private_files), whoever
  starts Rasa.
- The call-back form's answers (a first name and a phone number) stay in their slots,
  the structured record staff act on, but not in the free text of the stream: a `user`
  or `bot` event is stored with each call-back value replaced by `[callback_name]` or
  `[callback_contact]`. Rasa offers no per-slot redaction, and the text of a message
  the form took a value from is that value, so it is redacted as it is first stored;
  values the form set earlier are redacted from later events too. A message the form
  did not take (a crisis typed mid-form, say) is kept whole: it is safety evidence.

Only the stored copy is redacted; the running conversation sees what was said.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from harbor.private_files import private_file

CALLBACK_SLOTS = ("callback_name", "callback_contact")


class PrivateSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore with a private SQLite file and call-back details out of the text."""

    def __init__(self, dialect: str = "sqlite", db: str = "rasa.db", **kwargs: Any) -> None:
        if dialect == "sqlite" and db and not kwargs.get("host"):
            private_file(Path(db))
        super().__init__(dialect=dialect, db=db, **kwargs)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        events = list(super()._additional_events(session, tracker))
        return iter(redact_callback_details(events, callback_values(events, tracker)))


def callback_values(events: Iterable[Event], tracker: DialogueStateTracker) -> dict[str, str]:
    """Every call-back value to hide, longest first: as typed, as validated, and as held."""
    values: dict[str, str] = {}
    candidates = [(e.key, e.value) for e in events if isinstance(e, SlotSet)]
    candidates += [(slot, tracker.get_slot(slot)) for slot in CALLBACK_SLOTS]
    for slot, value in candidates:
        if slot in CALLBACK_SLOTS and isinstance(value, str) and value.strip():
            values.setdefault(value.strip(), f"[{slot}]")
    return dict(sorted(values.items(), key=lambda item: -len(item[0])))


def redact_callback_details(events: list[Event], values: dict[str, str]) -> list[Event]:
    if not values:
        return events
    pattern = re.compile(
        "|".join(rf"(?<!\w){re.escape(value)}(?!\w)" for value in values), re.IGNORECASE
    )
    return [_redacted(event, pattern, values) for event in events]


def _redacted(event: Event, pattern: re.Pattern[str], values: dict[str, str]) -> Event:
    if not isinstance(event, (UserUttered, BotUttered)) or not event.text:
        return event
    if not pattern.search(event.text):
        return event
    lowered = {value.lower(): label for value, label in values.items()}
    text = pattern.sub(lambda match: lowered[match.group(0).lower()], event.text)
    data = event.as_dict()
    data["text"] = text
    if isinstance(data.get("parse_data"), dict):
        data["parse_data"]["text"] = text
    return Event.from_parameters(data)
