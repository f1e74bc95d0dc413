"""The model page's figures: what `make test-nlu` and `make eval-safety` left in var/results."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

# The images `rasa test nlu` draws, by the name the console serves them under.
IMAGES = {
    "intent_confusion_matrix": "nlu/intent_confusion_matrix.png",
    "intent_histogram": "nlu/intent_histogram.png",
    "response_selection_confusion_matrix": "nlu/response_selection_confusion_matrix.png",
    "response_selection_histogram": "nlu/response_selection_histogram.png",
}
REPORTS = {
    "Intent classification": "nlu/intent_report.json",
    "Response selection (FAQ topics)": "nlu/response_selection_report.json",
}
SAFETY_REPORT = "safety.json"


@dataclass(frozen=True)
class ScoreTable:
    title: str
    weighted_f1: float | None
    macro_f1: float | None
    accuracy: float | None
    worst: list[tuple[str, float, int]]  # label, f1, support: the five weakest


@dataclass
class ModelReport:
    scores: list[ScoreTable] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    safety: dict | None = None
    missing: list[str] = field(default_factory=list)


def _score_table(title: str, report: dict) -> ScoreTable:
    labels = [
        (name, float(values.get("f1-score", 0.0)), int(values.get("support", 0)))
        for name, values in report.items()
        if isinstance(values, dict) and name not in ("micro avg", "macro avg", "weighted avg")
    ]
    return ScoreTable(
        title=title,
        weighted_f1=report.get("weighted avg", {}).get("f1-score"),
        macro_f1=report.get("macro avg", {}).get("f1-score"),
        accuracy=report.get("accuracy"),
        worst=sorted(labels, key=lambda item: item[1])[:5],
    )


def load_model_report(results_dir: Path) -> ModelReport:
    report = ModelReport()
    for title, relative in REPORTS.items():
        path = results_dir / relative
        try:
            report.scores.append(_score_table(title, json.loads(path.read_text())))
        except (OSError, ValueError):
            report.missing.append(f"{relative} (run `make test-nlu`)")
    report.images = [name for name, rel in IMAGES.items() if (results_dir / rel).is_file()]
    try:
        report.safety = json.loads((results_dir / SAFETY_REPORT).read_text())
    except (OSError, ValueError):
        report.missing.append(f"{SAFETY_REPORT} (run `make eval-safety`)")
    return report


def image_path(results_dir: Path, name: str) -> Path | None:
    relative = IMAGES.get(name)
    path = results_dir / relative if relative else None
    return path if path and path.is_file() else None
