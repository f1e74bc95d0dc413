"""What staff add to a conversation: tags, notes and the reviewed mark."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from web.conversations.tables import notes, reviews, tags

TAG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
NOTE_LIMIT = 4000


class AnnotationError(ValueError):
    """A tag or note that cannot be stored as given."""


@dataclass(frozen=True)
class Note:
    author: str
    text: str
    created_at: float


@dataclass(frozen=True)
class Review:
    reviewed_by: str
    reviewed_at: float


def normalize_tag(raw: str) -> str:
    tag = raw.strip().lower().replace(" ", "-")
    if not TAG_PATTERN.match(tag):
        raise AnnotationError(
            "A tag is 1 to 32 letters, digits, '-' or '_', starting with a letter or digit."
        )
    return tag


def add_tag(connection: Connection, sender_id: str, raw_tag: str, staff: str) -> str:
    tag = normalize_tag(raw_tag)
    exists = connection.execute(
        sa.select(tags.c.tag).where(tags.c.sender_id == sender_id, tags.c.tag == tag)
    ).first()
    if not exists:
        connection.execute(
            tags.insert().values(sender_id=sender_id, tag=tag, added_by=staff, added_at=time.time())
        )
    return tag


def remove_tag(connection: Connection, sender_id: str, tag: str) -> None:
    connection.execute(tags.delete().where(tags.c.sender_id == sender_id, tags.c.tag == tag))


def tags_for(connection: Connection, sender_id: str) -> list[str]:
    query = sa.select(tags.c.tag).where(tags.c.sender_id == sender_id).order_by(tags.c.tag)
    return list(connection.execute(query).scalars())


def all_tags(connection: Connection) -> list[str]:
    return list(connection.execute(sa.select(tags.c.tag).distinct().order_by(tags.c.tag)).scalars())


def add_note(connection: Connection, sender_id: str, text: str, staff: str) -> None:
    text = text.strip()
    if not text:
        raise AnnotationError("A note cannot be empty.")
    if len(text) > NOTE_LIMIT:
        raise AnnotationError(f"A note is at most {NOTE_LIMIT} characters.")
    connection.execute(
        notes.insert().values(sender_id=sender_id, author=staff, text=text, created_at=time.time())
    )


def notes_for(connection: Connection, sender_id: str) -> list[Note]:
    query = (
        sa.select(notes.c.author, notes.c.text, notes.c.created_at)
        .where(notes.c.sender_id == sender_id)
        .order_by(notes.c.id)
    )
    return [Note(*row) for row in connection.execute(query)]


def set_reviewed(connection: Connection, sender_id: str, staff: str, reviewed: bool) -> None:
    connection.execute(reviews.delete().where(reviews.c.sender_id == sender_id))
    if reviewed:
        connection.execute(
            reviews.insert().values(sender_id=sender_id, reviewed_by=staff, reviewed_at=time.time())
        )


def review_of(connection: Connection, sender_id: str) -> Review | None:
    row = connection.execute(
        sa.select(reviews.c.reviewed_by, reviews.c.reviewed_at).where(
            reviews.c.sender_id == sender_id
        )
    ).first()
    return Review(*row) if row else None
