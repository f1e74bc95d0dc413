"""The conversation list: a filtered page, newest first, and the count behind each filter."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from web.conversations.filters import RISK_CATEGORIES, ConversationFilter, where_clauses
from web.conversations.index import LEVEL_ORDER
from web.conversations.tables import conversations, reviews, tags

PAGE_SIZE = 50


@dataclass(frozen=True)
class Page:
    rows: list[Row]
    total: int
    page: int
    page_size: int
    tags: dict[str, list[str]]
    reviewed: set[str]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def list_conversations(
    connection: Connection, flt: ConversationFilter, page: int = 1, page_size: int = PAGE_SIZE
) -> Page:
    """One page of the conversations that match, the most recently active first."""
    clauses = where_clauses(flt)
    total = connection.execute(
        sa.select(sa.func.count()).select_from(conversations).where(*clauses)
    ).scalar_one()
    page = max(1, min(page, max(1, -(-total // page_size))))
    rows = connection.execute(
        sa.select(conversations)
        .where(*clauses)
        .order_by(conversations.c.last_event_at.desc(), conversations.c.sender_id)
        .limit(page_size)
        .offset((page - 1) * page_size)
    ).all()
    ids = [row.sender_id for row in rows]
    return Page(
        rows, total, page, page_size, tags_of(connection, ids), reviewed_of(connection, ids)
    )


def tags_of(connection: Connection, sender_ids: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    query = sa.select(tags.c.sender_id, tags.c.tag).where(tags.c.sender_id.in_(sender_ids))
    for sender_id, tag in connection.execute(query.order_by(tags.c.tag)):
        found.setdefault(sender_id, []).append(tag)
    return found


def reviewed_of(connection: Connection, sender_ids: list[str]) -> set[str]:
    query = sa.select(reviews.c.sender_id).where(reviews.c.sender_id.in_(sender_ids))
    return set(connection.execute(query).scalars())


def _count_case(condition: sa.ColumnElement) -> sa.ColumnElement:
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def facet_counts(
    connection: Connection, flt: ConversationFilter, topics: list[str]
) -> dict[str, dict[str, int]]:
    """For each filter and value, how many of the conversations matching `flt` have it.

    One aggregate query over the filtered index, plus one for tags.
    """
    c = conversations.c
    reviewed = c.sender_id.in_(sa.select(reviews.c.sender_id))
    conditions: dict[tuple[str, str], sa.ColumnElement] = {
        **{("risk_level", level): c.risk_level == level for level in LEVEL_ORDER},
        ("risk_level", "none"): c.risk_level.is_(None),
        **{("risk_category", cat): c.risk_categories.like(f"%,{cat},%") for cat in RISK_CATEGORIES},
        ("escalated", "yes"): c.escalated.is_(True),
        ("handoff", "yes"): sa.or_(c.handoff_asked, c.callback_asked),
        ("fallback", "yes"): sa.or_(c.fallback_turns > 0, c.low_confidence_turns > 0),
        ("reviewed", "yes"): reviewed,
        ("reviewed", "no"): sa.not_(reviewed),
        **{("topic", topic): c.topics.like(f"%,{topic},%") for topic in topics},
    }
    keys = list(conditions)
    query = sa.select(sa.func.count(), *(_count_case(conditions[key]) for key in keys))
    row = connection.execute(query.select_from(conversations).where(*where_clauses(flt))).one()
    counts: dict[str, dict[str, int]] = {"all": {"all": int(row[0])}}
    for (facet, value), count in zip(keys, row[1:], strict=True):
        counts.setdefault(facet, {})[value] = int(count)
    tag_query = (
        sa.select(tags.c.tag, sa.func.count())
        .where(tags.c.sender_id.in_(sa.select(c.sender_id).where(*where_clauses(flt))))
        .group_by(tags.c.tag)
        .order_by(tags.c.tag)
    )
    counts["tag"] = {tag: int(n) for tag, n in connection.execute(tag_query)}
    return counts


def known_topics(connection: Connection) -> list[str]:
    """The topics that appear in any conversation, for the topic filter's choices."""
    found: set[str] = set()
    query = sa.select(conversations.c.topics).where(conversations.c.topics != "").distinct()
    for (joined,) in connection.execute(query):
        found.update(t for t in joined.split(",") if t)
    return sorted(found)
