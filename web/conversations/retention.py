"""Retention: deleting conversations older than N days, from Rasa's table and the console's.

The only place the library writes Rasa's `events` table. A conversation's age is that
of its last event, so an old conversation a visitor came back to yesterday is kept.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from web.conversations.database import has_tracker_store
from web.conversations.tables import PER_CONVERSATION, events

DAY = 86_400
BATCH = 500


@dataclass(frozen=True)
class PurgeResult:
    conversations: int
    events: int


def stale_conversations(connection: Connection, days: int, now: float | None = None) -> list[str]:
    if days < 0:
        raise ValueError(f"days must be 0 or more, got {days}")
    cutoff = (now if now is not None else time.time()) - days * DAY
    query = (
        sa.select(events.c.sender_id)
        .group_by(events.c.sender_id)
        .having(sa.func.max(events.c.timestamp) < cutoff)
    )
    return list(connection.execute(query).scalars())


def purge(connection: Connection, days: int, now: float | None = None) -> PurgeResult:
    """Delete every conversation whose last event is more than `days` days old."""
    if not has_tracker_store(connection):
        return PurgeResult(conversations=0, events=0)
    stale = stale_conversations(connection, days, now)
    deleted_events = 0
    for start in range(0, len(stale), BATCH):
        batch = stale[start:start + BATCH]
        deleted_events += connection.execute(
            events.delete().where(events.c.sender_id.in_(batch))
        ).rowcount
        for table in PER_CONVERSATION:
            connection.execute(table.delete().where(table.c.sender_id.in_(batch)))
    return PurgeResult(conversations=len(stale), events=deleted_events)
