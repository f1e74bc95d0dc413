"""The webhook's outbox: notices kept in the console's database until delivered.

Enqueueing is part of the same transaction as whatever caused it (the index refresh
that read a crisis escalation, say), so a notice is neither lost by a restart nor sent
twice: each has a unique `key` naming the event it is about. Delivery
(web/notifications/webhook.py) claims due rows, posts them, and records the outcome.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from web.conversations.tables import outbox
from web.notifications import Notice

# A delivery in progress holds its row this long; a gateway that dies mid-delivery
# leaves it to be retried after, by itself or another replica.
CLAIM_SECONDS = 120.0


@dataclass(frozen=True)
class Pending:
    id: int
    key: str
    attempts: int
    notice: Notice


@dataclass(frozen=True)
class OutboxStatus:
    waiting: int
    delivered: int
    gave_up: int
    last_error: str | None
    last_delivered_at: float | None
    failing: int = 0  # waiting after at least one failed attempt
    oldest_waiting_at: float | None = None  # when the oldest undelivered notice was made


def enqueue(connection: Connection, notice: Notice, key: str, now: float | None = None) -> bool:
    """Add `notice` unless one with `key` is already there; True when added."""
    exists = connection.execute(sa.select(outbox.c.id).where(outbox.c.key == key)).first()
    if exists is not None:
        return False
    at = time.time() if now is None else now
    connection.execute(outbox.insert().values(
        key=key[:255], kind=notice.kind, sender_id=notice.conversation_id,
        details=json.dumps(notice.details, sort_keys=True), created_at=at, next_attempt_at=at,
    ))
    return True


def claim_due(connection: Connection, now: float, limit: int = 20) -> list[Pending]:
    """The notices due now, each claimed for CLAIM_SECONDS so that no replica sends it twice
    at once (an update that only succeeds if nobody claimed the row first)."""
    query = sa.select(outbox.c.id, outbox.c.key, outbox.c.attempts, outbox.c.kind,
                      outbox.c.sender_id, outbox.c.details, outbox.c.next_attempt_at).where(
        outbox.c.delivered_at.is_(None), outbox.c.gave_up_at.is_(None),
        outbox.c.next_attempt_at <= now,
    ).order_by(outbox.c.next_attempt_at, outbox.c.id).limit(limit)
    claimed = []
    for row_id, key, attempts, kind, sender_id, details, due_at in connection.execute(query).all():
        won = connection.execute(outbox.update().where(
            outbox.c.id == row_id, outbox.c.next_attempt_at == due_at,
        ).values(next_attempt_at=now + CLAIM_SECONDS)).rowcount
        if won:
            notice = Notice(kind, sender_id, json.loads(details or "{}"))
            claimed.append(Pending(row_id, key, attempts, notice))
    return claimed


def mark_delivered(connection: Connection, row_id: int, now: float) -> None:
    connection.execute(outbox.update().where(outbox.c.id == row_id).values(
        delivered_at=now, attempts=outbox.c.attempts + 1, last_error=None))


def mark_failed(connection: Connection, row_id: int, error: str, retry_at: float | None,
                now: float) -> None:
    """Record a failed attempt; `retry_at` None means no more tries."""
    values = {"attempts": outbox.c.attempts + 1, "last_error": error[:500]}
    if retry_at is None:
        values["gave_up_at"] = now
    else:
        values["next_attempt_at"] = retry_at
    connection.execute(outbox.update().where(outbox.c.id == row_id).values(**values))


def outbox_status(connection: Connection) -> OutboxStatus:
    def count(*where) -> int:
        return connection.execute(sa.select(sa.func.count()).select_from(outbox).where(*where)
                                  ).scalar() or 0

    last_error = connection.execute(
        sa.select(outbox.c.last_error).where(outbox.c.last_error.is_not(None))
        .order_by(outbox.c.id.desc()).limit(1)).scalar()
    undelivered = (outbox.c.delivered_at.is_(None), outbox.c.gave_up_at.is_(None))
    return OutboxStatus(
        waiting=count(*undelivered),
        delivered=count(outbox.c.delivered_at.is_not(None)),
        gave_up=count(outbox.c.gave_up_at.is_not(None)),
        last_error=last_error,
        last_delivered_at=connection.execute(sa.select(sa.func.max(outbox.c.delivered_at))
                                             ).scalar(),
        failing=count(*undelivered, outbox.c.attempts > 0),
        oldest_waiting_at=connection.execute(sa.select(sa.func.min(outbox.c.created_at))
                                             .where(*undelivered)).scalar(),
    )
