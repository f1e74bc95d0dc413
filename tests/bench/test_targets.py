"""The issue's targets are read from the figures and reported met, not met or unmeasured."""

from __future__ import annotations

import pytest

from bench.report import render
from bench.targets import check_targets


def results(**changes: object) -> dict:
    figures = {
        "meta": {"mode": "quick", "runs": 1, "replicas": 1, "concurrency": [1, 8, 32],
                 "cpus": 2, "load_average_before": 1.0, "load_average_after": 2.0},
        "load": {
            "harbor-rasa": {"1": {"p50_ms": 25.0, "p95_ms": 40.0, "p99_ms": 50.0,
                                  "messages_per_s": 30.0},
                            "32": {"p50_ms": 200.0, "p95_ms": 450.0, "p99_ms": 600.0,
                                   "messages_per_s": 90.0}},
            "stock-rasa": {"32": {"p50_ms": 900.0, "p95_ms": 3700.0, "p99_ms": 4000.0,
                                  "messages_per_s": 22.0}},
        },
        "startup_seconds": {"harbor": [15.0], "stock": 56.0},
        "memory_mb": {"harbor": {"rasa-0": 900.0, "actions": 100.0, "gateway": 60.0},
                      "stock": {"stock": 1100.0}},
        "training": {"harbor": {"seconds": 300.0, "measured_at": "t", "load_average": 1.0},
                     "stock": {"seconds": 90.0, "measured_at": "t", "load_average": 1.0}},
        "risk_check": {"detector": {"p50_us": 600.0, "p95_us": 900.0},
                       "learned_reader": {"p50_us": 50.0, "p95_us": 80.0}},
        "hot_spots": {key: {"rasa": 2.0, "harbor": 1.0} for key in (
            "action_reply_schema_check_us", "event_class_lookup_us",
            "tracker_save_one_turn_ms")},
        "gateway_overhead": {"messages": 10, "direct": {"p50_ms": 30.0},
                             "added_by_gateway": {"p50_ms": 2.0, "p95_ms": 4.0}},
    }
    figures.update(changes)
    return figures


def verdicts(figures: dict) -> dict[str, bool | None]:
    return {row["target"]: row["met"] for row in check_targets(figures)}


def test_figures_within_every_target_meet_them_all() -> None:
    assert all(verdicts(results()).values())


@pytest.mark.parametrize(("change", "target"), [
    ({"startup_seconds": {"harbor": [12.0, 25.0], "stock": 56.0}},
     "start-up (launch to first answer)"),
    ({"risk_check": {"detector": {"p50_us": 980.0}, "learned_reader": {"p50_us": 50.0}}},
     "risk check per message (p50)"),
    ({"gateway_overhead": {"added_by_gateway": {"p50_ms": 7.5}}},
     "latency the gateway adds (p50)"),
])
def test_a_figure_beyond_its_target_is_not_met(change: dict, target: str) -> None:
    assert verdicts(results(**change))[target] is False


def test_throughput_is_judged_against_the_stock_assistant_in_the_same_run() -> None:
    figures = results()
    figures["load"]["stock-rasa"]["32"]["messages_per_s"] = 40.0

    assert verdicts(figures)["throughput at 32 vs stock"] is False


def test_a_figure_not_measured_is_reported_so_not_failed() -> None:
    figures = results(load={})

    assert verdicts(figures)["serial p50 through Rasa"] is None


def test_the_table_puts_the_stock_assistant_beside_harbor() -> None:
    figures = results()
    figures["targets"] = check_targets(figures)

    table = render(figures)

    assert "stock, Rasa" in table and "Harbor/stock" in table
    assert "NOT MET" not in table
