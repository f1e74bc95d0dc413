"""The waiting queue: who asked for a person, who claimed them, and how it ended.

Plain functions over one SQLAlchemy connection (the caller owns the transaction), so
the same code runs on SQLite and PostgreSQL and on every gateway replica. Every change
of status is one conditional UPDATE (`... WHERE status = 'waiting'`): of two staff
members claiming at once, the database lets exactly one through.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from web.conversations.tables import handoffs

Status = Literal["waiting", "claimed", "ended", "expired"]
OPEN_STATUSES = ("waiting", "claimed")
REASONS = ("asked", "crisis", "fallback")


class HandoffError(Exception):
    """A change the hand-off's status does not allow (already claimed, already ended)."""


@dataclass(frozen=True)
class Handoff:
    id: int
    sender_id: str
    status: Status
    reason: str
    requested_at: float
    claimed_by: str | None = None
    claimed_at: float | None = None
    closed_at: float | None = None
    crisis_category: str | None = None
    crisis_at: float | None = None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def waited(self, now: float) -> float:
        """Seconds the visitor has waited (until claimed, or until now)."""
        return (self.claimed_at or now) - self.requested_at


def _select() -> sa.Select:
    return sa.select(*handoffs.c)


def _one(connection: Connection, query: sa.Select) -> Handoff | None:
    row = connection.execute(query).first()
    return Handoff(**row._mapping) if row else None


def find(connection: Connection, handoff_id: int) -> Handoff | None:
    return _one(connection, _select().where(handoffs.c.id == handoff_id))


def open_handoff(connection: Connection, sender_id: str) -> Handoff | None:
    """The conversation's waiting or claimed hand-off, if any."""
    query = _select().where(
        handoffs.c.sender_id == sender_id, handoffs.c.status.in_(OPEN_STATUSES)
    )
    return _one(connection, query.order_by(handoffs.c.id.desc()))


def latest_handoff(connection: Connection, sender_id: str) -> Handoff | None:
    query = _select().where(handoffs.c.sender_id == sender_id)
    return _one(connection, query.order_by(handoffs.c.id.desc()))


def request(
    connection: Connection, sender_id: str, reason: str, now: float
) -> tuple[Handoff, bool]:
    """Put the conversation in the queue; (hand-off, True) when newly queued.

    Asking again while waiting or while a person is there changes nothing.
    """
    if reason not in REASONS:
        raise ValueError(f"unknown hand-off reason {reason!r}; known: {REASONS}")
    existing = open_handoff(connection, sender_id)
    if existing is not None:
        return existing, False
    new_id = connection.execute(
        handoffs.insert().values(
            sender_id=sender_id, status="waiting", reason=reason, requested_at=now
        )
    ).inserted_primary_key[0]
    created = find(connection, new_id)
    assert created is not None
    return created, True


def _transition(connection: Connection, handoff_id: int, condition: sa.ColumnElement,
                **values: object) -> bool:
    result = connection.execute(
        handoffs.update().where(handoffs.c.id == handoff_id, condition).values(**values)
    )
    return result.rowcount == 1


def claim(connection: Connection, handoff_id: int, staff: str, now: float) -> Handoff:
    """The staff member takes the conversation; HandoffError if it is not waiting."""
    if not _transition(connection, handoff_id, handoffs.c.status == "waiting",
                       status="claimed", claimed_by=staff, claimed_at=now):
        raise HandoffError(_not_waiting(find(connection, handoff_id)))
    claimed = find(connection, handoff_id)
    assert claimed is not None
    return claimed


def unclaim(connection: Connection, handoff_id: int, staff: str) -> None:
    """Undo a claim whose pause never reached Rasa, so someone can try again."""
    _transition(
        connection, handoff_id,
        sa.and_(handoffs.c.status == "claimed", handoffs.c.claimed_by == staff),
        status="waiting", claimed_by=None, claimed_at=None,
    )


def end(connection: Connection, handoff_id: int, now: float) -> Handoff:
    """Close a claimed hand-off; HandoffError if it is not claimed."""
    if not _transition(connection, handoff_id, handoffs.c.status == "claimed",
                       status="ended", closed_at=now):
        raise HandoffError("This hand-off is not in progress.")
    ended = find(connection, handoff_id)
    assert ended is not None
    return ended


def overdue(connection: Connection, now: float, wait_seconds: float,
            sender_id: str | None = None) -> list[Handoff]:
    """Waiting hand-offs nobody claimed within `wait_seconds` (of one conversation, or all)."""
    query = _select().where(
        handoffs.c.status == "waiting", handoffs.c.requested_at <= now - wait_seconds
    )
    if sender_id is not None:
        query = query.where(handoffs.c.sender_id == sender_id)
    return [Handoff(**row._mapping) for row in connection.execute(query)]


def expire(connection: Connection, handoff_id: int, now: float) -> bool:
    """Mark a waiting hand-off expired; False when someone claimed or expired it first."""
    return _transition(connection, handoff_id, handoffs.c.status == "waiting",
                       status="expired", closed_at=now)


def flag_crisis(connection: Connection, handoff_id: int, category: str, now: float) -> None:
    """A crisis while waiting or during the chat: the queue and the staff member's page show it."""
    connection.execute(
        handoffs.update().where(handoffs.c.id == handoff_id)
        .values(crisis_category=category, crisis_at=now)
    )


def at_risk_first() -> sa.ColumnElement:
    """Sorts hand-offs whose visitor is known to be in crisis (asked from a crisis, or
    flagged since) before the others, so staff pick that visitor first."""
    at_risk = sa.or_(handoffs.c.crisis_at.is_not(None), handoffs.c.reason == "crisis")
    return sa.case((at_risk, 0), else_=1)


def listing(connection: Connection, recent: int = 20) -> tuple[list[Handoff], list[Handoff]]:
    """(open hand-offs, those at risk first, then oldest first; the latest closed ones,
    newest first)."""
    open_rows = connection.execute(
        _select().where(handoffs.c.status.in_(OPEN_STATUSES))
        .order_by(at_risk_first(), handoffs.c.requested_at, handoffs.c.id)
    )
    closed_rows = connection.execute(
        _select().where(handoffs.c.status.not_in(OPEN_STATUSES))
        .order_by(handoffs.c.id.desc()).limit(recent)
    )
    return ([Handoff(**row._mapping) for row in open_rows],
            [Handoff(**row._mapping) for row in closed_rows])


def _not_waiting(handoff: Handoff | None) -> str:
    if handoff is None:
        return "There is no such hand-off."
    if handoff.status == "claimed":
        return f"{handoff.claimed_by} has already joined this conversation."
    return f"This visitor is no longer waiting ({handoff.status})."
