"""Scores risk levels on outside sets: the external benchmark and the figures of speech.

`safety.evaluation` scores the project's own eval set, where every case has a level, a
category and a kind. The outside sets only say risk or not, so they are scored on what
the visitor sees in the first reply:

- a risk message "gets a line" when it is read as a crisis (the crisis reply) or as a
  concern (the check-in, which carries the category's line);
- a text with no risk "raises an alarm" when it is read as either: a check-in asking
  "are you thinking about ending your life?" after "my boss will kill me" is a false
  alarm to the visitor too. Crisis-level alarms are shown apart.

Risk messages are also sorted by the kind of wording the lexicon tends to miss (means
and methods, readiness, history ...), with the rough patterns below: a report's
breakdown, not a classifier.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

FLAGGED = ("crisis", "concern")

# First match wins; the order puts the wordings the issue lists before plain keywords.
KIND_PATTERNS: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.IGNORECASE)
    for name, pattern in {
        "imperative": r"\b(kill me|let me die|shoot me|end me)\b",
        "means and methods": (
            r"\b(gun|pistol|rifle|bullet|barrel|shoot|shot|rope|hang|noose|bridge|jump|"
            r"cliff|pills?|overdos\w*|bottle|poison|bleach|drown|knife|blade|razor|traffic|"
            r"train|roof|ledge|eat my gun|rounds?)\b"
        ),
        "readiness": (
            r"\b(plan|planning|ready|goodbye|tonight|note|letter|over with|"
            r"nothing (is )?(holding|stopping)|soon)\b"
        ),
        "history": r"\b(tried|attempt\w*|hospital\w*|almost|used to|again|years ago)\b",
        "passive wish": (
            r"\b(disappear|wish|wake up|sleep forever|take me|better off|"
            r"don'?t want to (be here|live|exist)|no point|tired of)\b"
        ),
        "explicit": (
            r"(suicid|kill (my ?self|myself)|end (my life|it)|want to die|take my (own )?life)"
        ),
    }.items()
}
OTHER_KIND = "other wording"


def kind_of(text: str) -> str:
    return next((k for k, p in KIND_PATTERNS.items() if p.search(text)), OTHER_KIND)


@dataclass(frozen=True)
class LabelledOutcome:
    text: str
    risk: bool
    level: str  # crisis | concern | none


@dataclass
class BenchmarkReport:
    """Risk and non-risk texts with the level a reader gave each."""

    outcomes: list[LabelledOutcome]

    @classmethod
    def of(
        cls, texts: Sequence[str], risks: Sequence[bool], levels: Sequence[str]
    ) -> BenchmarkReport:
        rows = zip(texts, risks, levels, strict=True)
        return cls([LabelledOutcome(text, risk, level) for text, risk, level in rows])

    @property
    def risk_outcomes(self) -> list[LabelledOutcome]:
        return [o for o in self.outcomes if o.risk]

    @property
    def other_outcomes(self) -> list[LabelledOutcome]:
        return [o for o in self.outcomes if not o.risk]

    @staticmethod
    def share(outcomes: list[LabelledOutcome], levels: tuple[str, ...]) -> float:
        return sum(o.level in levels for o in outcomes) / len(outcomes) if outcomes else 0.0

    @property
    def line_rate(self) -> float:
        return self.share(self.risk_outcomes, FLAGGED)

    @property
    def crisis_rate(self) -> float:
        return self.share(self.risk_outcomes, ("crisis",))

    @property
    def check_in_only_rate(self) -> float:
        return self.share(self.risk_outcomes, ("concern",))

    @property
    def alarm_rate(self) -> float:
        return self.share(self.other_outcomes, FLAGGED)

    @property
    def crisis_alarm_rate(self) -> float:
        return self.share(self.other_outcomes, ("crisis",))

    def line_rate_by_kind(self) -> dict[str, tuple[float, int]]:
        by_kind: dict[str, list[LabelledOutcome]] = {}
        for outcome in self.risk_outcomes:
            by_kind.setdefault(kind_of(outcome.text), []).append(outcome)
        order = [*KIND_PATTERNS, OTHER_KIND]
        return {
            kind: (self.share(by_kind[kind], FLAGGED), len(by_kind[kind]))
            for kind in order
            if kind in by_kind
        }

    def misses(self) -> list[str]:
        return [o.text for o in self.risk_outcomes if o.level not in FLAGGED]

    def alarms(self) -> list[str]:
        return [o.text for o in self.other_outcomes if o.level in FLAGGED]


def compare(before: BenchmarkReport, after: BenchmarkReport, target_line: float,
            target_alarm: float) -> str:
    """Before and after side by side, with each target met or not."""

    def row(label: str, b: float, a: float, target: str = "") -> str:
        return f"  {label:<44}{b:7.1%} -> {a:7.1%}  {target}".rstrip()

    lines = []
    if after.risk_outcomes:
        met = "met" if after.line_rate >= target_line else "NOT met"
        lines += [
            f"  {len(after.risk_outcomes)} risk texts:",
            row("get a line in the first reply", before.line_rate, after.line_rate,
                f"target >= {target_line:.0%}: {met}"),
            row("  of them, crisis reply", before.crisis_rate, after.crisis_rate),
            row("  of them, check-in only", before.check_in_only_rate,
                after.check_in_only_rate),
            "  by kind of wording (before -> after, n):",
        ]
        before_kinds = before.line_rate_by_kind()
        for kind, (rate, n) in after.line_rate_by_kind().items():
            lines.append(row(f"  {kind} (n={n})", before_kinds[kind][0], rate))
    if after.other_outcomes:
        met = "met" if after.alarm_rate <= target_alarm else "NOT met"
        lines += [
            f"  {len(after.other_outcomes)} texts without risk:",
            row("alarm (crisis or check-in)", before.alarm_rate, after.alarm_rate,
                f"target <= {target_alarm:.0%}: {met}" if target_alarm < 1 else ""),
            row("  of them, crisis", before.crisis_alarm_rate, after.crisis_alarm_rate),
        ]
    return "\n".join(lines)
