"""Scores risk detection on the labelled set three ways: the detector alone, the
trained model alone, and the two combined as the running assistant combines them.

    python scripts/eval_safety.py tests/safety/eval_set.yml

The model is the trained NLU pipeline (models/harbor.tar.gz); its own verdict is the
`model_level` that components/risk_classifier.py records. The model knows no
categories, so its column counts a crisis case caught at crisis level whatever the
category. Exits non-zero when the combined assistant misses the targets.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from safety.evaluation import Report, evaluate, load_cases

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "harbor.tar.gz"
# The staff console's model page shows these figures (web/console/model_report.py).
RESULTS_JSON = MODEL_PATH.parent.parent / "var" / "results" / "safety.json"


async def parse_all(texts: list[str]) -> dict[str, dict]:
    """Each text's parse result from the trained model, risk check included."""
    from rasa.core.agent import Agent

    agent = Agent.load(str(MODEL_PATH))
    return {text: await agent.parse_message(text) for text in texts}


def combined_view(parse: dict) -> tuple[str, str | None]:
    risk = parse.get("risk") or {}
    return risk.get("level", "none"), risk.get("category")


def model_view(parse: dict, category: str | None) -> tuple[str, str | None]:
    """The model's own level, credited with the labelled category (it has none)."""
    risk = parse.get("risk") or {}
    return risk.get("model_level", "none"), category


def reports(path: Path) -> dict[str, Report]:
    from safety.evaluation import classify_with_detector

    cases = load_cases(path)
    parses = asyncio.run(parse_all([case.text for case in cases]))
    labelled = {case.text: case.category for case in cases}
    return {
        "detector alone": evaluate(cases, classify_with_detector),
        "trained model alone (level only)": evaluate(
            cases, lambda text: model_view(parses[text], labelled[text])
        ),
        "detector + model (the assistant)": evaluate(
            cases, lambda text: combined_view(parses[text])
        ),
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


def main(path: Path) -> int:
    results = reports(path)
    for name, report in results.items():
        print(f"\n=== {name} ===\n{report.format()}")
    write_summary(results, RESULTS_JSON)
    return 0 if results["detector + model (the assistant)"].meets_targets() else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "tests/safety/eval_set.yml")))
