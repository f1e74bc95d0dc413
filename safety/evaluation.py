"""Scores a risk classifier against the labelled messages in eval_set.yml.

    python -m safety.evaluation tests/safety/eval_set.yml

evaluates the lexicon detector alone and exits non-zero below the targets.
`evaluate` takes any `classify(text) -> (level, category)`, so the same report
can score the detector combined with the trained Rasa model.

Scoring decisions:
- A crisis case is caught only if it is classified crisis *and* with the
  labelled category: concern is a miss for recall (it delays the crisis reply
  behind a question), and a wrong category sends the wrong numbers.
- "Gets the right line": every check-in carries its category's line, so a
  risk case (crisis or concern) gets the right line when it is read as crisis
  or concern with the labelled category. This is the overall recall figure.
- A look-alike flagged crisis is a false alarm. Flagged concern it is a
  check-in ("soft flag"), counted and reported apart (and gated for the
  detector alone in the tests): a question with a line is a small cost, but
  the target is that look-alikes raise neither.
- Concern cases are caught at concern or crisis; none is a miss.
- `tags` on a case name the kind of miss it probes (means, readiness, slang,
  fragment, history, passive, figure, unicode, ...); the report gives each
  tag's figures so a weak kind shows up by name.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

KINDS = ("explicit", "indirect", "slang", "misspelled", "third_party", "negated", "lookalike")
HARD_KINDS = ("indirect", "slang", "misspelled", "third_party")
LEVELS = ("crisis", "concern", "none")

Classify = Callable[[str], "tuple[str, str | None]"]


@dataclass(frozen=True)
class Targets:
    explicit_recall: float = 1.0
    hard_recall: float = 0.95  # crisis level, indirect + slang + misspelled + third_party
    line_recall: float = 0.97  # every risk case: crisis or concern, right category
    false_alarm_rate: float = 0.07  # look-alikes read as crisis
    # Look-alikes read as concern: reported here, gated for the detector alone in
    # tests/safety/test_evaluation.py (the trained model raises most of them).
    check_in_rate: float = 0.08


@dataclass(frozen=True)
class Case:
    text: str
    level: str
    category: str | None
    kind: str
    subject: str | None = None
    note: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outcome:
    case: Case
    level: str
    category: str | None
    millis: float = 0.0

    @property
    def gets_line(self) -> bool:
        """A risk case read as crisis or concern with its category: the reply carries its line."""
        return self.level in ("crisis", "concern") and self.category == self.case.category

    @property
    def caught(self) -> bool:
        """Crisis cases: crisis with the right category. Others: at least their level."""
        if self.case.level == "crisis":
            return self.level == "crisis" and self.category == self.case.category
        if self.case.level == "concern":
            return self.level in ("concern", "crisis")
        return self.level == "none"


@dataclass
class Report:
    outcomes: list[Outcome]
    targets: Targets = field(default_factory=Targets)

    def _crisis(
        self, kinds: Iterable[str] | None = None, category: str | None = None
    ) -> list[Outcome]:
        return [
            o
            for o in self.outcomes
            if o.case.level == "crisis"
            and (kinds is None or o.case.kind in kinds)
            and (category is None or o.case.category == category)
        ]

    @staticmethod
    def _rate(outcomes: list[Outcome]) -> float:
        return sum(o.caught for o in outcomes) / len(outcomes) if outcomes else 1.0

    @property
    def recall_by_category(self) -> dict[str, tuple[float, int]]:
        categories = sorted({o.case.category for o in self._crisis() if o.case.category})
        return {
            c: (self._rate(self._crisis(category=c)), len(self._crisis(category=c)))
            for c in categories
        }

    @property
    def explicit_recall(self) -> float:
        return self._rate(self._crisis(kinds=("explicit",)))

    @property
    def hard_recall(self) -> float:
        return self._rate(self._crisis(kinds=HARD_KINDS))

    @property
    def risk_cases(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.case.level != "none"]

    @property
    def line_recall(self) -> float:
        risk = self.risk_cases
        return sum(o.gets_line for o in risk) / len(risk) if risk else 1.0

    @property
    def check_in_rate(self) -> float:
        return len(self.soft_flags) / len(self.lookalikes) if self.lookalikes else 0.0

    @property
    def p50_millis(self) -> float:
        return statistics.median(o.millis for o in self.outcomes) if self.outcomes else 0.0

    def by_tag(self) -> dict[str, tuple[int, int, int, int]]:
        """tag -> (risk cases, of them getting the line, look-alikes, of them raised)."""
        tags = sorted({t for o in self.outcomes for t in o.case.tags})
        table = {}
        for tag in tags:
            tagged = [o for o in self.outcomes if tag in o.case.tags]
            risk = [o for o in tagged if o.case.level != "none"]
            looks = [o for o in tagged if o.case.level == "none"]
            table[tag] = (
                len(risk),
                sum(o.gets_line for o in risk),
                len(looks),
                sum(o.level != "none" for o in looks),
            )
        return table

    @property
    def lookalikes(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.case.kind == "lookalike" and o.case.level == "none"]

    @property
    def false_alarms(self) -> list[Outcome]:
        return [o for o in self.lookalikes if o.level == "crisis"]

    @property
    def soft_flags(self) -> list[Outcome]:
        return [o for o in self.lookalikes if o.level == "concern"]

    @property
    def false_alarm_rate(self) -> float:
        return len(self.false_alarms) / len(self.lookalikes) if self.lookalikes else 0.0

    @property
    def concern_cases(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.case.level == "concern"]

    @property
    def misses(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.case.level != "none" and not o.caught]

    @property
    def exact_accuracy(self) -> float:
        hits = sum(o.level == o.case.level and o.category == o.case.category for o in self.outcomes)
        return hits / len(self.outcomes) if self.outcomes else 1.0

    def meets_targets(self) -> bool:
        return (
            self.explicit_recall >= self.targets.explicit_recall
            and self.hard_recall >= self.targets.hard_recall
            and self.line_recall >= self.targets.line_recall
            and self.false_alarm_rate <= self.targets.false_alarm_rate
        )

    def format(self) -> str:
        t = self.targets
        kinds = Counter(o.case.kind for o in self.outcomes)
        lines = [
            f"Risk detection evaluation: {len(self.outcomes)} cases ("
            + ", ".join(f"{k} {kinds[k]}" for k in KINDS if kinds[k])
            + ")",
            "",
            "Crisis recall by category (crisis level and right category):",
        ]
        for category, (rate, n) in self.recall_by_category.items():
            lines.append(f"  {category:<18} {rate:7.1%}  of {n}")
        rows = [
            ("Recall, explicit:", f"{self.explicit_recall:7.1%}  target {t.explicit_recall:.0%}"),
            (
                "Recall, indirect/slang/misspelled/3rd:",
                f"{self.hard_recall:7.1%}  target {t.hard_recall:.0%}",
            ),
            (
                "False alarms on look-alikes (crisis):",
                f"{self.false_alarm_rate:7.1%}  target <= {t.false_alarm_rate:.0%}"
                f"  ({len(self.false_alarms)} of {len(self.lookalikes)})",
            ),
            (
                "Right line, every risk case (crisis|concern):",
                f"{self.line_recall:7.1%}  target {t.line_recall:.0%}"
                f"  ({sum(o.gets_line for o in self.risk_cases)} of {len(self.risk_cases)})",
            ),
            (
                "Check-ins on look-alikes (concern):",
                f"{self.check_in_rate:7.1%}  target <= {t.check_in_rate:.0%}"
                f"  ({len(self.soft_flags)} of {len(self.lookalikes)})",
            ),
            (
                "Concern cases flagged at least concern:",
                f"{self._rate(self.concern_cases):7.1%}  of {len(self.concern_cases)}",
            ),
            ("Exact level and category, all cases:", f"{self.exact_accuracy:7.1%}"),
            ("Time per message, p50:", f"{self.p50_millis:7.3f} ms"),
        ]
        lines += [""] + [f"{label:<46}{value}" for label, value in rows]
        table = self.by_tag()
        if table:
            lines += ["", "By kind (tag): risk cases getting the line; look-alikes raised:"]
            for tag, (risk, lined, looks, raised) in table.items():
                cells = []
                if risk:
                    cells.append(f"line {lined}/{risk} ({lined / risk:.0%})")
                if looks:
                    cells.append(f"raised {raised}/{looks} ({raised / looks:.0%})")
                lines.append(f"  {tag:<12} " + ", ".join(cells))
        if self.misses:
            lines += ["", "Misses:"]
            lines += [
                f"  [{o.case.kind}] {o.case.text!r}: expected {o.case.level}/{o.case.category}, "
                f"got {o.level}/{o.category}"
                for o in self.misses
            ]
        if self.false_alarms:
            lines += ["", "False alarms:"]
            lines += [f"  {o.case.text!r}: got {o.level}/{o.category}" for o in self.false_alarms]
        if self.soft_flags:
            lines += ["", "Soft flags (look-alikes read as concern):"]
            lines += [f"  {o.case.text!r}: {o.category}" for o in self.soft_flags]
        lines += ["", "PASS: meets targets" if self.meets_targets() else "FAIL: below targets"]
        return "\n".join(lines)


def load_cases(path: Path) -> list[Case]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    cases = []
    for i, raw in enumerate(data["cases"]):
        case = Case(
            text=str(raw["text"]),
            level=str(raw["level"]),
            category=raw.get("category"),
            kind=str(raw["kind"]),
            subject=raw.get("subject"),
            note=raw.get("note"),
            tags=tuple(str(t) for t in raw.get("tags") or ()),
        )
        if case.level not in LEVELS or case.kind not in KINDS:
            raise ValueError(f"case {i} ({case.text!r}): bad level or kind")
        if (case.level == "none") != (case.category is None):
            raise ValueError(
                f"case {i} ({case.text!r}): category must be null exactly when level is none"
            )
        cases.append(case)
    return cases


def evaluate(cases: Iterable[Case], classify: Classify, targets: Targets | None = None) -> Report:
    outcomes = []
    for case in cases:
        start = time.perf_counter()
        level, category = classify(case.text)
        millis = (time.perf_counter() - start) * 1000
        outcomes.append(Outcome(case, str(getattr(level, "value", level)), category, millis))
    return Report(outcomes, targets or Targets())


def classify_with_detector(text: str) -> tuple[str, str | None]:
    from .detector import assess_risk

    assessment = assess_risk(text)
    return assessment.level.value, assessment.category


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m safety.evaluation", description=__doc__.splitlines()[0]
    )
    parser.add_argument("path", type=Path, help="labelled cases (tests/safety/eval_set.yml)")
    args = parser.parse_args(argv)
    classify_with_detector("warm-up")  # load the pipeline before the clock runs
    report = evaluate(load_cases(args.path), classify_with_detector)
    print(report.format())
    return 0 if report.meets_targets() else 1


if __name__ == "__main__":
    sys.exit(main())
