"""What staff filter conversations by, and how each filter becomes SQL on the index."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, time, timedelta, timezone

import sqlalchemy as sa

from safety.lexicon import CATEGORIES as RISK_CATEGORIES
from web.conversations.index import LEVEL_ORDER
from web.conversations.tables import conversations, reviews, tags

YES_NO = ("yes", "no")


class FilterError(ValueError):
    """A filter value staff typed (or a URL carried) that makes no sense."""


@dataclass(frozen=True)
class ConversationFilter:
    """Every field optional; the empty filter matches every conversation."""

    date_from: date | None = None
    date_to: date | None = None  # inclusive
    risk_level: str | None = None  # "crisis", "concern", "any" or "none"
    risk_category: str | None = None
    escalated: bool | None = None
    handoff: bool | None = None  # a person or a call-back asked for
    fallback: bool | None = None  # a fallback or low-confidence turn
    topic: str | None = None
    tag: str | None = None
    reviewed: bool | None = None
    text: str | None = None

    def as_query(self) -> dict[str, str]:
        """The filter as URL parameters (the inverse of `parse_filter`)."""
        params: dict[str, str] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if value is None:
                continue
            if isinstance(value, bool):
                params[item.name] = "yes" if value else "no"
            else:
                params[item.name] = str(value)
        return params

    def with_value(self, **changes: object) -> ConversationFilter:
        return replace(self, **changes)

    @property
    def is_empty(self) -> bool:
        return not self.as_query()


def _date(name: str, raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise FilterError(f"{name} must be a date like 2026-11-29, got {raw!r}") from None


def _yes_no(name: str, raw: str) -> bool:
    if raw not in YES_NO:
        raise FilterError(f"{name} must be yes or no, got {raw!r}")
    return raw == "yes"


def _choice(name: str, raw: str, allowed: tuple[str, ...]) -> str:
    if raw not in allowed:
        raise FilterError(f"{name} must be one of {', '.join(allowed)}, got {raw!r}")
    return raw


def _word(name: str, raw: str) -> str:
    if len(raw) > 64 or not all(ch.isalnum() or ch in "_-/ " for ch in raw):
        raise FilterError(f"{name} must be a short word, got {raw!r}")
    return raw


def parse_filter(params: Mapping[str, str]) -> ConversationFilter:
    """Read a filter from URL parameters; empty values mean "any"."""
    raw = {key: value.strip() for key, value in params.items() if value and value.strip()}
    parsers = {
        "date_from": _date, "date_to": _date,
        "risk_level": lambda n, v: _choice(n, v, (*LEVEL_ORDER, "any", "none")),
        "risk_category": lambda n, v: _choice(n, v, RISK_CATEGORIES),
        "escalated": _yes_no, "handoff": _yes_no, "fallback": _yes_no, "reviewed": _yes_no,
        "topic": _word, "tag": _word,
        "text": lambda n, v: v[:200],
    }
    values = {name: parse(name, raw[name]) for name, parse in parsers.items() if name in raw}
    return ConversationFilter(**values)


def _day_start(day: date) -> float:
    return datetime.combine(day, time.min, tzinfo=timezone.utc).timestamp()


def _like_any(column: sa.Column, word: str) -> sa.ColumnElement:
    return column.like(f"%,{word},%")


def _boolean(condition: sa.ColumnElement, wanted: bool) -> sa.ColumnElement:
    return condition if wanted else sa.not_(condition)


def where_clauses(flt: ConversationFilter) -> list[sa.ColumnElement]:
    c = conversations.c
    clauses: list[sa.ColumnElement] = []
    if flt.date_from:
        clauses.append(c.last_event_at >= _day_start(flt.date_from))
    if flt.date_to:
        clauses.append(c.started_at < _day_start(flt.date_to + timedelta(days=1)))
    if flt.risk_level == "any":
        clauses.append(c.risk_level.is_not(None))
    elif flt.risk_level == "none":
        clauses.append(c.risk_level.is_(None))
    elif flt.risk_level:
        clauses.append(c.risk_level == flt.risk_level)
    if flt.risk_category:
        clauses.append(_like_any(c.risk_categories, flt.risk_category))
    if flt.escalated is not None:
        clauses.append(c.escalated.is_(flt.escalated))
    if flt.handoff is not None:
        clauses.append(_boolean(sa.or_(c.handoff_asked, c.callback_asked), flt.handoff))
    if flt.fallback is not None:
        clauses.append(
            _boolean(sa.or_(c.fallback_turns > 0, c.low_confidence_turns > 0), flt.fallback)
        )
    if flt.topic:
        clauses.append(_like_any(c.topics, flt.topic))
    if flt.tag:
        tagged = sa.select(tags.c.sender_id).where(tags.c.tag == flt.tag)
        clauses.append(c.sender_id.in_(tagged))
    if flt.reviewed is not None:
        done = sa.select(reviews.c.sender_id)
        in_done = c.sender_id.in_(done)
        clauses.append(in_done if flt.reviewed else sa.not_(in_done))
    if flt.text:
        escaped = flt.text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        clauses.append(c.search_text.like(f"%{escaped}%", escape="\\"))
    return clauses
