"""The NLU inbox: visitor messages the model was unsure of, for trainers to label.

A trainer picks the right intent (a FAQ topic, another intent, or out_of_scope); the
picks export as a fragment in the format of Rasa's `data/nlu.yml`.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
import yaml
from sqlalchemy.engine import Connection

from web.conversations.redaction import redact
from web.conversations.tables import conversations, inbox_picks
from web.conversations.transcripts import read_transcripts

RECENT_CONVERSATIONS = 300
OUT_OF_SCOPE = "out_of_scope"
RETRAIN_COMMAND = "make validate && make train && make test-nlu"
# Staff labels only what a visitor may ask; the retrieval intent itself has sub-intents.
NOT_PICKABLE = frozenset({"faq", "nlu_fallback"})


class PickError(ValueError):
    """A pick that names an intent the assistant does not have."""


@dataclass(frozen=True)
class InboxItem:
    event_id: int
    sender_id: str
    text: str
    predicted: str
    confidence: float | None
    fallback: bool


@dataclass(frozen=True)
class Pick:
    event_id: int
    text: str
    intent: str


def trainable_intents(project_root: Path) -> list[str]:
    """The intents of domain.yml, with the FAQ retrieval intent's topics spelled out."""
    domain = yaml.safe_load((project_root / "domain.yml").read_text())
    faq = yaml.safe_load((project_root / "data" / "faq.yml").read_text())
    names = [i if isinstance(i, str) else next(iter(i)) for i in domain.get("intents", [])]
    topics = [block["intent"] for block in faq.get("nlu", []) if "intent" in block]
    return sorted({*topics, *names} - NOT_PICKABLE)


def inbox_items(connection: Connection) -> dict[str, list[InboxItem]]:
    """Unpicked fallback and low-confidence messages, grouped by what the model guessed."""
    recent = list(
        connection.execute(
            sa.select(conversations.c.sender_id)
            .where(sa.or_(conversations.c.fallback_turns > 0,
                          conversations.c.low_confidence_turns > 0))
            .order_by(conversations.c.last_event_at.desc())
            .limit(RECENT_CONVERSATIONS)
        ).scalars()
    )
    picked = set(connection.execute(sa.select(inbox_picks.c.event_id)).scalars())
    groups: dict[str, list[InboxItem]] = {}
    for transcript in read_transcripts(connection, recent):
        for message in transcript.visitor_messages:
            unsure = message.is_fallback or message.is_low_confidence
            if not unsure or message.event_id in picked or message.text.startswith("/"):
                continue  # button payloads are not what a visitor typed
            predicted = message.predicted_intent or "unknown"
            groups.setdefault(predicted, []).append(InboxItem(
                message.event_id, transcript.sender_id, message.text, predicted,
                message.confidence, message.is_fallback,
            ))
    return dict(sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])))


def record_pick(
    connection: Connection, item_event_id: int, intent: str, staff: str,
    allowed: Iterable[str],
) -> None:
    if intent not in set(allowed):
        raise PickError(f"{intent!r} is not an intent of this assistant")
    found = None
    for group in inbox_items(connection).values():
        found = next((i for i in group if i.event_id == item_event_id), found)
    if found is None:
        raise PickError("that message is not in the inbox (already picked, or purged)")
    connection.execute(inbox_picks.insert().values(
        event_id=found.event_id, sender_id=found.sender_id, text=found.text, intent=intent,
        picked_by=staff, picked_at=time.time(),
    ))


def picks(connection: Connection) -> list[Pick]:
    query = sa.select(inbox_picks.c.event_id, inbox_picks.c.text, inbox_picks.c.intent)
    return [Pick(*row) for row in connection.execute(query.order_by(inbox_picks.c.event_id))]


def training_example(text: str) -> str:
    """One line of an `examples: |` block: redacted, on one line, no entity markup."""
    text = redact(text)
    text = re.sub(r"[\[\]()]", " ", text)
    return " ".join(text.split())


def nlu_fragment(chosen: Iterable[Pick]) -> str:
    """The picks as a `data/nlu.yml` fragment, one block per intent."""
    by_intent: dict[str, list[str]] = {}
    for pick in chosen:
        example = training_example(pick.text)
        if example and example not in by_intent.setdefault(pick.intent, []):
            by_intent[pick.intent].append(example)
    lines = ['version: "3.1"', "", "nlu:"]
    for intent in sorted(by_intent):
        lines += [f"- intent: {intent}", "  examples: |"]
        lines += [f"    - {example}" for example in by_intent[intent]]
    return "\n".join(lines) + "\n"
