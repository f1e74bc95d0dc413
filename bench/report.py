"""The benchmark's one table on the terminal, and the same figures as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.figures import ratio

CHANNELS = (("harbor-rasa", "Harbor, Rasa"), ("harbor-gateway", "Harbor, gateway"),
            ("stock-rasa", "stock, Rasa"))
LOAD_ROWS = (("messages_per_s", "msg/s"), ("p50_ms", "p50 ms"), ("p95_ms", "p95 ms"),
             ("p99_ms", "p99 ms"))


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) >= 10 else f"{value:.2f}"
    return str(value)


def _row(label: str, cells: list[object]) -> str:
    return f"{label:34}" + "".join(f"{_cell(cell):>17}" for cell in cells)


def load_lines(results: dict[str, Any]) -> list[str]:
    header = _row("", [title for _, title in CHANNELS] + ["Harbor/stock"])
    lines = [header, "-" * len(header)]
    for level in results["meta"]["concurrency"]:
        for key, label in LOAD_ROWS:
            cells = [results["load"].get(name, {}).get(str(level), {}).get(key)
                     for name, _ in CHANNELS]
            lines.append(_row(f"{level:>2} concurrent  {label}", [*cells,
                              ratio(cells[0], cells[2])]))
    return lines


def server_lines(results: dict[str, Any]) -> list[str]:
    harbor_startup = results["startup_seconds"]["harbor"]
    stock_startup = results["startup_seconds"]["stock"]
    memory = results["memory_mb"]
    harbor_rss = sum(memory["harbor"].values())
    stock_rss = sum(memory["stock"].values())
    training = results["training"]
    lines = [
        _row("start-up, launch to first answer s",
             [max(harbor_startup), None, stock_startup, ratio(max(harbor_startup),
                                                               stock_startup)]),
        _row("resident memory, all processes MB",
             [harbor_rss, None, stock_rss, ratio(harbor_rss, stock_rss)]),
        "    " + ", ".join(f"{name} {mb:,.0f} MB" for name, mb in memory["harbor"].items()),
        _row("training s",
             [training["harbor"]["seconds"], None, training["stock"]["seconds"],
              ratio(training["harbor"]["seconds"], training["stock"]["seconds"])]),
        "    training measured "
        + "; ".join(f"{name} {record['measured_at']} (load {record['load_average']})"
                    for name, record in training.items()),
    ]
    return lines


def micro_lines(results: dict[str, Any]) -> list[str]:
    lines = []
    for reader, figures in results["risk_check"].items():
        lines.append(f"risk check alone, {reader:15} p50 {figures['p50_us']:8.1f} us   "
                     f"p95 {figures['p95_us']:8.1f} us")
    overhead = results["gateway_overhead"]
    added = overhead["added_by_gateway"]
    lines.append(f"gateway adds (paired, n={overhead['messages']})  p50 {added['p50_ms']:.2f} ms"
                 f"   p95 {added['p95_ms']:.2f} ms   (direct p50 "
                 f"{overhead['direct']['p50_ms']:.1f} ms)")
    return lines


HOT_SPOTS = {
    "action_reply_schema_check_us": ("action reply schema check", "us"),
    "event_class_lookup_us": ("event class lookup", "us"),
    "tracker_save_one_turn_ms": ("SQLite save of one turn", "ms"),
}


def hot_spot_lines(results: dict[str, Any]) -> list[str]:
    lines = [f"{'Rasa hot spots, alone':34}{'Rasa as released':>17}{'Harbor':>17}"]
    for key, (label, unit) in HOT_SPOTS.items():
        figures = results["hot_spots"][key]
        lines.append(_row(f"{label} {unit}", [figures["rasa"], figures["harbor"]]))
    return lines


def target_lines(results: dict[str, Any]) -> list[str]:
    lines = ["targets:"]
    for row in results["targets"]:
        verdict = {True: "met", False: "NOT MET", None: "not measured"}[row["met"]]
        measured = "-" if row["measured"] is None else f"{row['measured']} {row['unit']}"
        lines.append(f"  {row['target']:36} {row['goal']:>10}   {measured:>12}   {verdict}")
    return lines


def render(results: dict[str, Any]) -> str:
    meta = results["meta"]
    title = (f"Harbor beside the stock `rasa init` assistant: {meta['mode']} run, median of "
             f"{meta['runs']} run(s), {meta['replicas']} Harbor Rasa replica(s), "
             f"{meta['cpus']} cores, load average {meta['load_average_before']} before, "
             f"{meta['load_average_after']} after")
    sections = [[title], load_lines(results), server_lines(results), micro_lines(results),
                hot_spot_lines(results), target_lines(results)]
    return "\n\n".join("\n".join(section) for section in sections)


def write_json(results: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2) + "\n")
