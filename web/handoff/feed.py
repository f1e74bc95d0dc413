"""What the visitor's widget polls for during a hand-off, oldest first, by cursor.

A team member joined, their replies, the end of the hand-off, or the move to the
call-back path with the assistant's replies. The widget asks for the entries after the
last id it showed (`GET /api/conversations/{id}/events?after=N`), so a lost poll loses
nothing and a repeated one shows nothing twice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from web.conversations.tables import handoff_events

Kind = Literal["joined", "staff", "ended", "expired", "bot"]
MAX_BATCH = 100


@dataclass(frozen=True)
class FeedEntry:
    id: int
    kind: Kind
    text: str
    at: float
    author: str | None = None
    buttons: tuple[dict[str, str], ...] = field(default_factory=tuple)

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "kind": self.kind, "text": self.text, "author": self.author,
                "buttons": [dict(b) for b in self.buttons], "at": self.at}


def add(connection: Connection, sender_id: str, kind: Kind, text: str, now: float,
        author: str | None = None, buttons: list[dict[str, str]] | None = None) -> int:
    return connection.execute(
        handoff_events.insert().values(
            sender_id=sender_id, kind=kind, text=text, author=author,
            buttons=json.dumps(buttons or []), at=now,
        )
    ).inserted_primary_key[0]


def entries_after(connection: Connection, sender_id: str, after: int) -> list[FeedEntry]:
    query = (
        sa.select(handoff_events.c.id, handoff_events.c.kind, handoff_events.c.text,
                  handoff_events.c.at, handoff_events.c.author, handoff_events.c.buttons)
        .where(handoff_events.c.sender_id == sender_id, handoff_events.c.id > after)
        .order_by(handoff_events.c.id)
        .limit(MAX_BATCH)
    )
    return [
        FeedEntry(id=row.id, kind=row.kind, text=row.text, at=row.at, author=row.author,
                  buttons=tuple(json.loads(row.buttons or "[]")))
        for row in connection.execute(query)
    ]


def last_id(connection: Connection, sender_id: str) -> int:
    """The cursor a widget starts from: nothing before the hand-off is news to it."""
    query = sa.select(sa.func.max(handoff_events.c.id)).where(
        handoff_events.c.sender_id == sender_id
    )
    return connection.execute(query).scalar() or 0
