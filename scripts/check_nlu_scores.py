"""Fails when the NLU scores on the held-out split fall below the thresholds.

    python scripts/check_nlu_scores.py var/results/nlu

Reads the reports `rasa test nlu` writes and prints the weighted F1 of intent
classification and of response selection (the FAQ topics).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

THRESHOLDS = {
    "intent_report.json": 0.90,
    "response_selection_report.json": 0.85,
}


def weighted_f1(report_path: Path) -> float:
    report = json.loads(report_path.read_text())
    return float(report["weighted avg"]["f1-score"])


def main(results_dir: Path) -> int:
    failed = False
    for report_name, threshold in THRESHOLDS.items():
        path = results_dir / report_name
        if not path.exists():
            print(f"missing {path}: did `rasa test nlu` run?", file=sys.stderr)
            return 1
        score = weighted_f1(path)
        verdict = "ok" if score >= threshold else "BELOW THRESHOLD"
        failed |= score < threshold
        print(f"{report_name:34} weighted F1 {score:.3f} (threshold {threshold:.2f}) {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "var/results/nlu")))
