"""Scores risk detection on the project's own set and on outside sets, before and after
the learned reader.

    python scripts/eval_safety.py [tests/safety/eval_set.yml]

Every text goes once through the trained NLU pipeline (models/harbor.tar.gz), whose
risk component records each reader's own verdict. "Before" is the detector and the
trained model combined as they were before the learned reader (the component's
`combined_level`); "after" is the level the assistant now acts on. Printed per source:

1. the project's eval set (tests/safety/eval_set.yml): recall per category, false
   alarms on look-alikes, for the detector alone, the model alone, before and after;
2. the external benchmark (RallyPoint, never trained on; safety/corpora/README.md):
   share of risk messages that get a line in the first reply, check-in-only rate,
   alarms on the other texts, per kind of wording;
3. figures of speech (safety/corpora/figures_of_speech.yml): alarms;
4. ordinary questions: how often the learned reader fires on the FAQ and conversation
   examples (data/, which set its threshold, and the held-out tests/nlu);
5. the time each reader takes per message;
6. the trade-off of the reader's threshold: the same sets, re-scored at other thresholds.

Exits non-zero when the assistant misses the project set's targets; the outside sets'
targets are printed as met or not.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from components.risk_classifier import combined_level
from safety import RiskAssessment, RiskLevel
from safety.benchmark import BenchmarkReport, compare
from safety.corpus import (
    benchmark_texts,
    fetch_wheel,
    figures_of_speech,
    load_sources,
    nlu_examples,
)
from safety.evaluation import Report, classify_with_detector, evaluate, load_cases
from safety.learned_reader import MIN_WORDS, LearnedReader, ReaderVerdict, load_reader, reader_level
from scripts.quiet_agent import load_quiet_agent

ROOT = Path(__file__).resolve().parent.parent
MODEL_PATH = ROOT / "models" / "harbor.tar.gz"
# The staff console's model page shows these figures (web/console/model_report.py).
RESULTS_JSON = ROOT / "var" / "results" / "safety.json"
CALIBRATION_NLU = [ROOT / "data" / "faq.yml", ROOT / "data" / "nlu.yml"]
HELD_OUT_NLU = sorted((ROOT / "tests" / "nlu").glob("*.yml"))
TARGET_LINE = 0.95  # of risk messages get a line in the first reply
TARGET_ALARM = 0.10  # at most, of figures of speech raise an alarm
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
ASSISTANT = "AFTER: detector + model + learned reader (the assistant)"


async def parse_all(texts: list[str]) -> dict[str, dict]:
    """Each text's `risk` from the trained model's parse ({} when none was found)."""
    agent = load_quiet_agent(MODEL_PATH)
    return {text: (await agent.parse_message(text)).get("risk") or {} for text in texts}


def after_level(risk: dict) -> str:
    return risk.get("level", "none")


def before_level(risk: dict) -> str:
    """The level the detector and the trained model gave before the learned reader."""
    if not risk:
        return "none"
    return combined_level(RiskLevel(risk["detector_level"]), RiskLevel(risk["model_level"])).value


def level_at(risk: dict, score: float, words: int, threshold: float) -> str:
    """The assistant's level had the reader's threshold been `threshold`."""
    detector = RiskAssessment(
        level=RiskLevel(risk.get("detector_level", "none")), category=None, matched=(),
        negated=risk.get("negated", False), hedged=risk.get("hedged", False),
        general=risk.get("general", False),
    )
    verdict = ReaderVerdict(score=score, fires=words >= MIN_WORDS and score >= threshold)
    before = RiskLevel(before_level(risk))
    return max(before, reader_level(detector, verdict), key=lambda level: level.rank).value


def trade_off(reader: LearnedReader, sets: dict[str, tuple[list[str], list[bool]]],
              risks: dict[str, dict]) -> str:
    """Per threshold: line rate on risk texts, alarm rate on the others, for each set."""
    header = f"  {'threshold':>9}" + "".join(f"  {name:>22}" for name in sets)
    lines = [header]
    scored = {name: reader.scores(texts) for name, (texts, _) in sets.items()}
    for threshold in (*THRESHOLDS, reader.threshold):
        cells = []
        for name, (texts, is_risk) in sets.items():
            levels = [level_at(risks[t], s, len(t.split()), threshold)
                      for t, s in zip(texts, scored[name], strict=True)]
            report = BenchmarkReport.of(texts, is_risk, levels)
            cell = (f"line {report.line_rate:5.1%} " if report.risk_outcomes else "") + (
                f"alarm {report.alarm_rate:5.1%}" if report.other_outcomes else "")
            cells.append(f"  {cell:>22}")
        mark = " (in use)" if threshold == reader.threshold else ""
        lines.append(f"  {threshold:9.3f}" + "".join(cells) + mark)
    return "\n".join(lines)


def project_reports(path: Path, risks: dict[str, dict]) -> dict[str, Report]:
    cases = load_cases(path)
    detected = {case.text: classify_with_detector(case.text) for case in cases}
    labelled = {case.text: case.category for case in cases}

    def before(text: str) -> tuple[str, str | None]:
        return before_level(risks[text]), detected[text][1]

    def after(text: str) -> tuple[str, str | None]:
        return after_level(risks[text]), risks[text].get("category")

    return {
        "detector alone": evaluate(cases, detected.__getitem__),
        "trained model alone (level only)": evaluate(
            cases, lambda text: (risks[text].get("model_level", "none"), labelled[text])
        ),
        "BEFORE: detector + model": evaluate(cases, before),
        ASSISTANT: evaluate(cases, after),
    }


def write_summary(results: dict[str, Report], path: Path) -> None:
    summary = {
        name: {
            "recall_by_category": {c: rate for c, (rate, _) in r.recall_by_category.items()},
            "explicit_recall": r.explicit_recall,
            "hard_recall": r.hard_recall,
            "false_alarm_rate": r.false_alarm_rate,
        }
        for name, r in results.items()
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(summary, indent=2))


def reports(path: Path) -> dict[str, Report]:
    """The project set's reports alone; the integration tests check the assistant's."""
    texts = [case.text for case in load_cases(path)]
    return project_reports(path, asyncio.run(parse_all(texts)))


def outside_reports(
    texts: list[str], is_risk: list[bool], risks: dict[str, dict]
) -> tuple[BenchmarkReport, BenchmarkReport]:
    before = BenchmarkReport.of(texts, is_risk, [before_level(risks[t]) for t in texts])
    after = BenchmarkReport.of(texts, is_risk, [after_level(risks[t]) for t in texts])
    return before, after


def per_message_ms(read: Callable[[str], object], texts: list[str]) -> list[float]:
    timings = []
    for text in texts:
        start = time.perf_counter()
        read(text)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def print_examples(title: str, texts: list[str], limit: int = 12) -> None:
    if texts:
        print(f"  {title} ({len(texts)}, first {min(limit, len(texts))}):")
        for text in texts[:limit]:
            print(f"    {text[:110]!r}")


def main(path: Path) -> int:
    sources = load_sources()
    external = benchmark_texts(fetch_wheel(sources), sources)
    figures = figures_of_speech()
    calibration, held_out = nlu_examples(CALIBRATION_NLU), nlu_examples(HELD_OUT_NLU)
    project_texts = [case.text for case in load_cases(path)]
    every_text = list(dict.fromkeys(
        project_texts + [t.text for t in external] + figures + calibration + held_out
    ))
    started = time.perf_counter()
    risks = asyncio.run(parse_all(every_text))
    parse_ms = (time.perf_counter() - started) * 1000 / len(every_text)

    print("##### 1. The project's own set:", path)
    reports = project_reports(path, risks)
    for name, report in reports.items():
        print(f"\n=== {name} ===\n{report.format()}")
    write_summary(reports, RESULTS_JSON)

    print("\n##### 2. External benchmark: RallyPoint sentences, labelled for suicidal "
          "thoughts and behaviour (never trained on)")
    before, after = outside_reports(
        [t.text for t in external], [bool(t.label) for t in external], risks
    )
    print("  before -> after the learned reader")
    print(compare(before, after, TARGET_LINE, target_alarm=1.0))
    print_examples("risk texts still without a line", after.misses())

    print("\n##### 3. Figures of speech (written by the project, none is a risk message)")
    fig_before, fig_after = outside_reports(figures, [False] * len(figures), risks)
    print(compare(fig_before, fig_after, TARGET_LINE, TARGET_ALARM))
    print_examples("alarms", fig_after.alarms())

    reader = load_reader()
    print(f"\n##### 4. Ordinary questions (reader threshold {reader.threshold:.3f})")
    for name, texts in (("data/ (set the threshold)", calibration),
                        ("tests/nlu (held out)", held_out)):
        fired = [t for t in texts if reader.read(t).fires]
        flagged = [t for t in texts if after_level(risks[t]) != "none"]
        print(f"  {name:<28} {len(texts):5} texts: reader fires on {len(fired) / len(texts):5.1%}"
              f", the assistant flags {len(flagged) / len(texts):5.1%}")
        print_examples("reader fired on", fired, limit=5)

    print("\n##### 5. Time per message")
    for name, texts in (("chat messages (own sets)", project_texts + figures + held_out),
                        ("benchmark texts (some are long posts)",
                         [t.text for t in external[:1000]])):
        timings = sorted(per_message_ms(reader.read, texts))
        print(f"  learned reader, {name:<38} median {statistics.median(timings):5.2f} ms, "
              f"p95 {timings[int(0.95 * len(timings))]:5.2f} ms (n={len(texts)})")
    print(f"  whole NLU parse (every text above, this machine's load included) "
          f"mean {parse_ms:.1f} ms (n={len(every_text)})")

    print("\n##### 6. Trade-off of the reader's threshold (line: risk texts that get a line;"
          " alarm: other texts flagged)")
    print(trade_off(reader, {
        "RallyPoint": ([t.text for t in external], [bool(t.label) for t in external]),
        "figures of speech": (figures, [False] * len(figures)),
        "tests/nlu (held out)": (held_out, [False] * len(held_out)),
    }, risks))

    return 0 if reports[ASSISTANT].meets_targets() else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "tests/safety/eval_set.yml")))
