"""The conversation index: one summary row per conversation, kept up to date from events.

Each refresh reads only the events Rasa wrote since the last one and re-summarises the
conversations they belong to, so listing stays one indexed query however long the
tracker store grows.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from web.conversations import outbox
from web.conversations.callbacks import record_requests
from web.conversations.database import has_tracker_store
from web.conversations.notices import callback_notices, escalation_notices
from web.conversations.tables import conversations, events, index_state
from web.conversations.transcripts import (
    CALLBACK_INTENT,
    FALLBACK_ACTIONS,
    HANDOFF_INTENT,
    EventRow,
    Transcript,
    build_transcript,
    event_rows_query,
)

LEVEL_ORDER = ("crisis", "concern")  # the most urgent first, for sorting and filters
SEARCH_TEXT_LIMIT = 20_000
BATCH = 400
EVENT_WINDOW = 20_000


@dataclass(frozen=True)
class ConversationSummary:
    sender_id: str
    started_at: float
    last_event_at: float
    last_event_id: int
    visitor_messages: int
    risk_level: str | None
    risk_categories: str  # ",suicide,overdose," so that LIKE '%,suicide,%' finds one
    escalated: bool
    handoff_asked: bool
    callback_asked: bool
    fallback_turns: int
    low_confidence_turns: int
    topics: str  # ",cbt,detox,"
    first_message: str
    search_text: str


def _worst(levels: list[str]) -> str | None:
    for level in LEVEL_ORDER:
        if level in levels:
            return level
    return None


def _joined(values: list[str]) -> str:
    unique = sorted(set(values))
    return f",{','.join(unique)}," if unique else ""


def summarize(
    transcript: Transcript, last_event_id: int, last_event_at: float
) -> ConversationSummary:
    visitor = transcript.visitor_messages
    levels = [m.risk_level for m in visitor if m.risk_level]
    levels += [level for level, _ in transcript.escalations]
    categories = [c for m in visitor for c in m.risk_categories]
    categories += [category for _, category in transcript.escalations]
    intents = {m.intent for m in visitor}
    # A fallback shows as the nlu_fallback intent or as the clarifying action it triggers.
    fallback_actions = sum(1 for a in transcript.actions if a in FALLBACK_ACTIONS)
    fallback_turns = max(sum(1 for m in visitor if m.is_fallback), fallback_actions)
    text = "\n".join(m.text for m in visitor).lower()
    return ConversationSummary(
        sender_id=transcript.sender_id,
        started_at=transcript.started_at or last_event_at,
        last_event_at=last_event_at,
        last_event_id=last_event_id,
        visitor_messages=len(visitor),
        risk_level=_worst(levels),
        risk_categories=_joined(categories),
        escalated=bool(transcript.escalations),
        handoff_asked=HANDOFF_INTENT in intents,
        callback_asked=CALLBACK_INTENT in intents or "callback_form" in transcript.actions,
        fallback_turns=fallback_turns,
        low_confidence_turns=sum(1 for m in visitor if m.is_low_confidence),
        topics=_joined([m.topic for m in visitor if m.topic]),
        first_message=(visitor[0].text if visitor else "")[:255],
        search_text=text[:SEARCH_TEXT_LIMIT],
    )


def _last_indexed(connection: Connection) -> int:
    value = connection.execute(sa.select(index_state.c.last_event_id)).scalar()
    return value or 0


def _changed_senders(connection: Connection, after_id: int, upto_id: int) -> list[str]:
    query = sa.select(events.c.sender_id).where(
        events.c.id > after_id, events.c.id <= upto_id
    ).distinct()
    return list(connection.execute(query).scalars())


def _summaries(connection: Connection, sender_ids: list[str]) -> list[ConversationSummary]:
    bounds = {
        row[0]: (row[1], row[2])
        for row in connection.execute(
            sa.select(events.c.sender_id, sa.func.max(events.c.id), sa.func.max(events.c.timestamp))
            .where(events.c.sender_id.in_(sender_ids))
            .group_by(events.c.sender_id)
        )
    }
    grouped: dict[str, list[EventRow]] = {sender_id: [] for sender_id in sender_ids}
    for row in connection.execute(event_rows_query(sender_ids)):
        grouped[row.sender_id].append(EventRow(*row))
    return [
        summarize(build_transcript(sender_id, rows), *bounds[sender_id])
        for sender_id, rows in grouped.items()
        if sender_id in bounds
    ]


def refresh_step(
    connection: Connection, window: int = EVENT_WINDOW, notify: bool = False
) -> tuple[int, bool]:
    """Index the next `window` events Rasa wrote; returns (conversations re-summarised,
    whether the index is now up to date).

    Each call-back request in the window becomes a row of the call-back list and, with
    `notify` (a webhook is configured), each request and crisis escalation a notice in
    the outbox: in this transaction, so each happens exactly once.

    Callers on SQLite run each step in its own short transaction: a long one would hold
    the database's write lock while Rasa waits to store a visitor's message.
    """
    if not has_tracker_store(connection):
        return 0, True
    after_id = _last_indexed(connection)
    newest_id = connection.execute(sa.select(sa.func.max(events.c.id))).scalar() or 0
    if newest_id <= after_id:
        return 0, True
    upto_id = min(newest_id, after_id + window)
    changed = _changed_senders(connection, after_id, upto_id)
    for start in range(0, len(changed), BATCH):
        batch = changed[start:start + BATCH]
        summaries = _summaries(connection, batch)
        connection.execute(conversations.delete().where(conversations.c.sender_id.in_(batch)))
        if summaries:
            connection.execute(conversations.insert(), [asdict(s) for s in summaries])
    requests = record_requests(connection, after_id, upto_id)
    if notify:
        keyed = callback_notices(requests) + escalation_notices(connection, after_id, upto_id)
        for key, notice in keyed:
            outbox.enqueue(connection, notice, key)
    connection.execute(index_state.delete())
    connection.execute(index_state.insert().values(id=1, last_event_id=upto_id))
    return len(changed), upto_id == newest_id


def refresh_index(connection: Connection, notify: bool = False) -> int:
    """Bring the index up to date in this transaction; returns how many conversations
    were re-summarised (a conversation spread over several steps counts in each)."""
    total, done = 0, False
    while not done:
        count, done = refresh_step(connection, notify=notify)
        total += count
    return total
