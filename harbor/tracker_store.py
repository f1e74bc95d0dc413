"""Rasa's SQL tracker store, made safe by default for health data (endpoints.yml names it).

- An SQLite database is created 0600 in a 0700 folder (harbor.private_files), whoever
  starts Rasa.
- The same endpoints.yml serves SQLite and PostgreSQL: every variable it names is set,
  so the server's keys (host, port, user, password) are ignored for an SQLite file, and
  an empty one is read as unset rather than as an empty host or user.
- The call-back form's answers (a first name and a phone number) stay in their slots,
  the structured record staff act on, but not in the free text of the stream: a `user`
  or `bot` event is stored with each call-back value replaced by `[callback_name]` or
  `[callback_contact]`. Rasa offers no per-slot redaction, and the text of a message
  the form took a value from is that value, so it is redacted as it is first stored;
  values the form set earlier are redacted from later events too. A message the form
  did not take (a crisis typed mid-form, say) is kept whole: it is safety evidence.

Only the stored copy is redacted; the running conversation sees what was said.

- SQLite runs in write-ahead-log mode with `synchronous=NORMAL`: a message's commit
  appends to the log instead of rewriting a rollback journal with several fsyncs, and
  readers never wait for the writer. Rasa commits on its event loop, so every fsync
  stalled every conversation (README, Performance). A crash of Rasa loses nothing
  committed; a power cut may lose the last commits, never the file's consistency.
  The newest commits live in the `-wal` file until a checkpoint: copy a live database
  with SQLite's backup (`sqlite3 tracker.db ".backup copy.db"`), not by copying files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from harbor.private_files import private_file

CALLBACK_SLOTS = ("callback_name", "callback_contact")
# endpoints.yml's keys for a database server, which an SQLite file has none of.
CONNECTION_KEYS = ("host", "port", "username", "password", "login_db")
SQLITE_PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL")
SQLITE_POOL_SIZE = 2


class PrivateSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore with a private SQLite file and call-back details out of the text."""

    def __init__(self, dialect: str = "sqlite", db: str = "rasa.db", **kwargs: Any) -> None:
        for key in CONNECTION_KEYS:
            if dialect == "sqlite" or kwargs.get(key) == "":
                kwargs[key] = None
        if dialect == "sqlite" and db:
            private_file(Path(db))
        super().__init__(dialect=dialect, db=db, **kwargs)
        if dialect == "sqlite":
            self.engine.dispose()
            self.engine = write_ahead_engine(self.engine.url)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        events = list(super()._additional_events(session, tracker))
        return iter(redact_callback_details(events, callback_values(events, tracker)))


def write_ahead_engine(url: sa.engine.URL) -> sa.engine.Engine:
    """An engine on the SQLite file whose connections use the write-ahead log and stay open.

    SQLAlchemy 1.4 opens a new SQLite connection per session by default (NullPool); with
    a write-ahead log, closing the last connection checkpoints and deletes the log each
    time, slower than the rollback journal. A small pool keeps connections open. Rasa
    uses the store from its event loop only; SQLite's same-thread check is lifted
    because the pool may hand a connection to whichever thread asks.
    """
    engine = sa.create_engine(url, poolclass=sa.pool.QueuePool, pool_size=SQLITE_POOL_SIZE,
                              connect_args={"check_same_thread": False})

    def set_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
        cursor = dbapi_connection.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    sa.event.listen(engine, "connect", set_pragmas)
    return engine


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
