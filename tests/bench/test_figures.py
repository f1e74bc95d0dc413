"""Percentiles, medians of runs and ratios: the arithmetic behind the table."""

from __future__ import annotations

import pytest

from bench.figures import median_of_runs, percentile, ratio


@pytest.mark.parametrize(("fraction", "expected"), [(0.5, 50), (0.95, 95), (0.99, 99),
                                                    (1.0, 100), (0.0, 1)])
def test_percentile_is_the_nearest_rank(fraction: float, expected: float) -> None:
    assert percentile([float(n) for n in range(100, 0, -1)], fraction) == expected


def test_a_run_summary_takes_each_figures_median_over_runs() -> None:
    runs = [{"p50_ms": p50, "p95_ms": 2 * p50, "p99_ms": 3 * p50, "messages_per_s": rate,
             "messages": 10, "errors": 0}
            for p50, rate in [(10, 5.0), (30, 1.0), (20, 3.0)]]

    summary = median_of_runs(runs)

    assert (summary["p50_ms"], summary["messages_per_s"], summary["messages"]) == (20, 3.0, 30)


@pytest.mark.parametrize(("ours", "stock", "expected"), [
    (30.0, 10.0, 3.0), (5.0, 10.0, 0.5), (None, 10.0, None), (5.0, 0.0, None),
])
def test_ratio_is_ours_over_stock_when_both_are_known(
    ours: float | None, stock: float | None, expected: float | None
) -> None:
    assert ratio(ours, stock) == expected
