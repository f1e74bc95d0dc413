"""The figures behind the overview page, from the conversation index."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from web.conversations.tables import conversations

DAY = 86_400


@dataclass(frozen=True)
class Overview:
    days: list[date]
    conversations_per_day: list[int]
    escalations_per_day: dict[str, list[int]]  # category -> count per day
    top_topics: list[tuple[str, int]]
    visitor_messages: int
    fallback_turns: int

    @property
    def fallback_rate(self) -> float:
        return self.fallback_turns / self.visitor_messages if self.visitor_messages else 0.0


def _day(timestamp: float) -> date:
    return datetime.fromtimestamp(timestamp, tz=timezone.utc).date()


def overview(connection: Connection, days: int = 30, now: float | None = None) -> Overview:
    today = _day(now if now is not None else time.time())
    first = today - timedelta(days=days - 1)
    since = datetime.combine(first, datetime.min.time(), tzinfo=timezone.utc).timestamp()
    c = conversations.c
    rows = connection.execute(
        sa.select(c.started_at, c.escalated, c.risk_categories, c.topics,
                  c.visitor_messages, c.fallback_turns).where(c.started_at >= since)
    ).all()
    day_list = [first + timedelta(days=i) for i in range(days)]
    position = {day: i for i, day in enumerate(day_list)}
    per_day = [0] * days
    escalations: dict[str, list[int]] = {}
    topics: Counter[str] = Counter()
    messages = fallbacks = 0
    for started_at, escalated, categories, topic_list, visitor_messages, fallback_turns in rows:
        index = position.get(_day(started_at))
        if index is None:
            continue
        per_day[index] += 1
        if escalated:
            for category in filter(None, categories.split(",")):
                escalations.setdefault(category, [0] * days)[index] += 1
        topics.update(filter(None, topic_list.split(",")))
        messages += visitor_messages
        fallbacks += fallback_turns
    return Overview(day_list, per_day, dict(sorted(escalations.items())),
                    topics.most_common(10), messages, fallbacks)
