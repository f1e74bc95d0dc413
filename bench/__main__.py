"""`python -m bench [--quick] [--replicas N] [--retrain]`: see bench/__init__.py."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import rasa

from bench.figures import load_figures, median_of_runs
from bench.gateway_overhead import gateway_overhead
from bench.hot_spots import hot_spot_timings
from bench.load_client import Channel, GatewayChannel, RasaChannel, run_load
from bench.processes import resident_mb
from bench.report import render, write_json
from bench.risk_check import risk_check_timings
from bench.servers import Assistant, start_harbor, start_stock
from bench.targets import check_targets
from bench.training import harbor_training, stock_assistant
from harbor.settings import PROJECT_ROOT, Settings

RESULTS_FILE = PROJECT_ROOT / "var" / "results" / "bench.json"
CONCURRENCY = (1, 8, 32)


@dataclass(frozen=True)
class Plan:
    """How much to measure: the full run, or a quick one to try the benchmark."""

    mode: str
    runs: int
    conversations: dict[int, int]  # per concurrency level, each VISITOR's five turns
    gateway_pairs: int
    risk_rounds: int
    hot_spot_repeat: int


FULL = Plan("full", runs=3, conversations={1: 8, 8: 32, 32: 64}, gateway_pairs=200,
            risk_rounds=100, hot_spot_repeat=50)
QUICK = Plan("quick", runs=1, conversations={1: 4, 8: 8, 32: 32}, gateway_pairs=40,
             risk_rounds=20, hot_spot_repeat=10)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench",
                                     description="Harbor beside the stock Rasa assistant")
    parser.add_argument("--quick", action="store_true", help="one short run")
    parser.add_argument("--replicas", type=int,
                        default=int(os.environ.get("HARBOR_RASA_REPLICAS", "1") or 1),
                        help="Harbor Rasa processes (default HARBOR_RASA_REPLICAS or 1)")
    parser.add_argument("--retrain", action="store_true",
                        help="time both trainings again, even if recorded")
    parser.add_argument("--json", type=Path, default=RESULTS_FILE)
    return parser.parse_args(argv)


def channels(harbor: Assistant, stock: Assistant) -> dict[str, Channel]:
    return {
        "harbor-rasa": RasaChannel(harbor.rasa_urls),
        "harbor-gateway": GatewayChannel(harbor.server("gateway").url),
        "stock-rasa": RasaChannel(stock.rasa_urls),
    }


def measure_load(targets: dict[str, Channel], plan: Plan) -> dict[str, dict[str, object]]:
    """Every channel at every level, interleaved run by run so noise falls on all alike."""
    for channel in targets.values():  # warm-up: TensorFlow traces its graphs on first use
        run_load(channel, 2, 2)
    runs: dict[str, dict[int, list[dict[str, float]]]] = {name: {} for name in targets}
    for run in range(plan.runs):
        for level in CONCURRENCY:
            for name, channel in targets.items():
                result = run_load(channel, level, plan.conversations[level])
                runs[name].setdefault(level, []).append(load_figures(result))
                print(f"bench: run {run + 1}/{plan.runs}, {name:14} {level:>2} concurrent: "
                      f"{result.messages_per_second:5.1f} msg/s", flush=True)
    return {name: {str(level): median_of_runs(figures) for level, figures in levels.items()}
            for name, levels in runs.items()}


def memory(assistant: Assistant) -> dict[str, float]:
    return {server.name: resident_mb(server.pid) for server in assistant.servers}


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM or a closed terminal: unwind, so every server started is stopped."""
    raise KeyboardInterrupt


def main(argv: list[str]) -> int:
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _interrupt)
    args = parse_args(argv)
    plan = QUICK if args.quick else FULL
    model = Settings.from_env().model_path
    if not model.exists():
        print(f"bench: no trained model at {model}; run `make train`", file=sys.stderr)
        return 2
    training = {"stock": stock_assistant(args.retrain), "harbor": harbor_training(args.retrain)}
    load_before = round(os.getloadavg()[0], 2)
    risk = risk_check_timings(plan.risk_rounds)
    hot_spots = hot_spot_timings(plan.hot_spot_repeat)
    with ExitStack() as running:
        work = Path(running.enter_context(tempfile.TemporaryDirectory(prefix="harbor-bench-")))
        print("bench: starting Harbor and the stock assistant…", flush=True)
        harbor = start_harbor(running, work, model, args.replicas)
        stock = start_stock(running, work, training["stock"].model_path,
                            training["stock"].model_path.parent.parent)
        load = measure_load(channels(harbor, stock), plan)
        overhead = gateway_overhead(harbor.rasa_urls[0], harbor.server("gateway").url,
                                    plan.gateway_pairs)
        rss = {"harbor": memory(harbor), "stock": memory(stock)}
    results: dict[str, object] = {
        "meta": {
            "mode": plan.mode, "runs": plan.runs, "replicas": args.replicas,
            "concurrency": list(CONCURRENCY),
            "conversations": {str(k): v for k, v in plan.conversations.items()},
            "turns_per_conversation": 5, "cpus": os.cpu_count(),
            "rasa_version": rasa.__version__,
            "finished_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "load_average_before": load_before,
            "load_average_after": round(os.getloadavg()[0], 2),
        },
        "load": load,
        "startup_seconds": {"harbor": [s.startup_seconds for s in harbor.rasa],
                            "stock": stock.rasa[0].startup_seconds},
        "memory_mb": rss,
        "training": {name: {"seconds": r.seconds, "measured_at": r.measured_at,
                            "load_average": r.load_average} for name, r in training.items()},
        "risk_check": risk,
        "hot_spots": hot_spots,
        "gateway_overhead": overhead,
    }
    results["targets"] = check_targets(results)
    print()
    print(render(results))
    write_json(results, args.json)
    print(f"\nbench: figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
