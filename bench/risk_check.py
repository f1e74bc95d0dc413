"""The risk readers alone, in this process: microseconds per message.

The lexicon detector (`safety.RiskDetector.assess`, spaCy lemmas included) and the
learned reader each run on every message inside Rasa's pipeline; timing them alone
shows what they add to a turn.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

MESSAGES = (
    "what is dual diagnosis",
    "can drinking make my anxiety worse",
    "how does detox work",
    "my son has ptsd and uses pills",
    "hello",
    "i want to end my life",
    "my friend overdosed and isn't breathing",
    "my boss will kill me if I'm late",
)


def microseconds_per_message(read: Callable[[str], object], rounds: int) -> list[float]:
    for text in MESSAGES:  # warm caches (spaCy's vocabulary, the reader's vectorizer)
        read(text)
    timings = []
    for _ in range(rounds):
        for text in MESSAGES:
            start = time.perf_counter()
            read(text)
            timings.append((time.perf_counter() - start) * 1e6)
    return timings


def risk_check_timings(rounds: int) -> dict[str, dict[str, float]]:
    """p50 and p95 (µs) of the detector and of the learned reader, per message."""
    from safety import RiskDetector
    from safety.learned_reader import load_reader

    readers = {"detector": RiskDetector.load().assess, "learned_reader": load_reader().read}
    results = {}
    for name, read in readers.items():
        samples = sorted(microseconds_per_message(read, rounds))
        results[name] = {
            "p50_us": round(statistics.median(samples), 1),
            "p95_us": round(samples[int(0.95 * (len(samples) - 1))], 1),
            "messages": len(samples),
        }
    return results
