"""Latency percentiles and throughput of load runs, and their medians over several runs."""

from __future__ import annotations

import math
import statistics

from bench.load_client import LoadResult


def percentile(samples: list[float], fraction: float) -> float:
    """The nearest-rank percentile: the value below which `fraction` of samples fall."""
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, math.ceil(round(fraction * len(ordered), 9)) - 1))
    return ordered[rank]


def load_figures(result: LoadResult) -> dict[str, float]:
    """p50/p95/p99 (ms) and messages per second of one load run."""
    samples = result.latencies_ms or [float("nan")]
    return {
        "p50_ms": round(percentile(samples, 0.50), 1),
        "p95_ms": round(percentile(samples, 0.95), 1),
        "p99_ms": round(percentile(samples, 0.99), 1),
        "messages_per_s": round(result.messages_per_second, 2),
        "messages": len(result.latencies_ms),
        "errors": result.errors,
    }


def median_of_runs(runs: list[dict[str, float]]) -> dict[str, object]:
    """Each figure's median over the runs, with the runs themselves kept beside."""
    keys = ("p50_ms", "p95_ms", "p99_ms", "messages_per_s")
    summary: dict[str, object] = {key: round(statistics.median(r[key] for r in runs), 2)
                                  for key in keys}
    summary["messages"] = sum(r["messages"] for r in runs)
    summary["errors"] = sum(r["errors"] for r in runs)
    summary["runs"] = runs
    return summary


def ratio(ours: float | None, stock: float | None) -> float | None:
    """ours / stock, or None when either is missing or stock is zero."""
    if ours is None or not stock:
        return None
    return round(ours / stock, 2)
