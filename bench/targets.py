"""The issue's speed targets, checked against a run's figures (met / not met, never fatal)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Results = dict[str, Any]


@dataclass(frozen=True)
class Target:
    name: str
    goal: str
    measure: Callable[[Results], float | None]
    met: Callable[[float], bool]
    unit: str


def _load(results: Results, channel: str, concurrency: int, key: str) -> float | None:
    return results["load"].get(channel, {}).get(str(concurrency), {}).get(key)


def _throughput_ratio_at_32(results: Results) -> float | None:
    ours = _load(results, "harbor-rasa", 32, "messages_per_s")
    stock = _load(results, "stock-rasa", 32, "messages_per_s")
    return round(ours / stock, 2) if ours and stock else None


def _startup(results: Results) -> float | None:
    seconds = results["startup_seconds"]["harbor"]
    return max(seconds) if seconds else None


def _risk_check_us(results: Results) -> float | None:
    readers = results.get("risk_check") or {}
    if not readers:
        return None
    return round(sum(reader["p50_us"] for reader in readers.values()), 1)


def _gateway_added(results: Results) -> float | None:
    overhead = results.get("gateway_overhead") or {}
    return overhead.get("added_by_gateway", {}).get("p50_ms")


TARGETS = (
    Target("serial p50 through Rasa", "<= 30 ms",
           lambda r: _load(r, "harbor-rasa", 1, "p50_ms"), lambda v: v <= 30, "ms"),
    Target("throughput at 32 vs stock", ">= 3.0x",
           _throughput_ratio_at_32, lambda v: v >= 3.0, "x"),
    Target("p95 at 32 concurrent", "< 500 ms",
           lambda r: _load(r, "harbor-rasa", 32, "p95_ms"), lambda v: v < 500, "ms"),
    Target("start-up (launch to first answer)", "< 20 s", _startup, lambda v: v < 20, "s"),
    Target("latency the gateway adds (p50)", "< 5 ms", _gateway_added, lambda v: v < 5, "ms"),
    Target("risk check per message (p50)", "< 1000 us", _risk_check_us,
           lambda v: v < 1000, "us"),
)


def check_targets(results: Results) -> list[dict[str, object]]:
    """One row per target: its goal, what was measured, and whether it was met."""
    rows = []
    for target in TARGETS:
        value = target.measure(results)
        rows.append({
            "target": target.name,
            "goal": target.goal,
            "measured": value,
            "unit": target.unit,
            "met": None if value is None else target.met(value),
        })
    return rows
