"""What the visitor gets for one message, as the answer gate decided it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AnswerDecision:
    """A topic's answer, or an honest abstention with the closest topics."""

    answered: bool
    topic: str | None
    confidence: float
    runner_up: str | None = None
    closest: tuple[str, ...] = ()
    # The question's words the topic's material does not cover (why it was declined).
    uncovered: tuple[str, ...] = ()
    # The cosine of the nearest real question nothing curated covers (-1.0: not measured).
    uncovered_nearness: float = -1.0
    # A self-screener (its intent) a decline offers before the topics: the question is
    # nearer its examples than the closest topic's ("am I an alcoholic or just...").
    screener: str | None = None
