"""Speed and memory of the assistant, measured in-process on this machine.

    python scripts/bench.py [--messages N]

Prints: model load time, NLU parse and full-turn latency (p50/p95), the cost of the
risk check and of the learned reader alone, and the resident memory after loading.
Figures drift between machines: compare them with ratios from the same run (see
performance notes).
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from harbor.settings import PROJECT_ROOT, Settings
from harbor.stack import Stack, action_server, free_port

MESSAGES = [
    "what is dual diagnosis",
    "can drinking make my anxiety worse",
    "how does detox work",
    "is recovery really possible",
    "what is dbt",
    "my son has ptsd and uses pills",
    "hello",
    "thanks",
    "i want to end my life",
    "my friend overdosed and isn't breathing",
]


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def summary(name: str, samples_ms: list[float]) -> str:
    return (f"{name:28} p50 {statistics.median(samples_ms):7.2f} ms   "
            f"p95 {percentile(samples_ms, 0.95):7.2f} ms   n={len(samples_ms)}")


def bench_per_message(read: Callable[[str], object], rounds: int) -> list[float]:
    """Milliseconds `read` takes on each message, over `rounds` passes."""
    timings = []
    for _ in range(rounds):
        for text in MESSAGES:
            start = time.perf_counter()
            read(text)
            timings.append((time.perf_counter() - start) * 1000)
    return timings


async def bench_agent(settings: Settings, rounds: int) -> None:
    from rasa.core.agent import load_agent
    from rasa.core.utils import AvailableEndpoints
    from rasa.utils.endpoints import EndpointConfig

    start = time.perf_counter()
    agent = await load_agent(
        model_path=str(settings.model_path),
        endpoints=AvailableEndpoints(action=EndpointConfig(settings.actions_url)),
    )
    print(f"{'model load':28} {time.perf_counter() - start:7.2f} s")
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'resident memory (peak)':28} {rss_mb:7.0f} MB")

    parse, turn = [], []
    for _ in range(rounds):
        for text in MESSAGES:
            start = time.perf_counter()
            await agent.parse_message(text)
            parse.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            await agent.handle_text(text, sender_id=uuid.uuid4().hex)
            turn.append((time.perf_counter() - start) * 1000)
    print(summary("NLU parse", parse))
    print(summary("full turn (new visitor)", turn))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="passes over the messages")
    args = parser.parse_args()
    from safety import RiskDetector
    from safety.learned_reader import load_reader

    print(summary("risk check alone", bench_per_message(RiskDetector.load().assess,
                                                        args.rounds * 10)))
    print(summary("learned reader alone", bench_per_message(load_reader().read,
                                                            args.rounds * 10)))
    with tempfile.TemporaryDirectory() as work:
        settings = Settings(actions_port=free_port(), tracker_db_path=Path(work) / "t.db",
                            model_path=PROJECT_ROOT / "models" / "harbor.tar.gz")
        with Stack(settings, [action_server(settings)], log_dir=Path(work)):
            asyncio.run(bench_agent(settings, args.rounds))


if __name__ == "__main__":
    main()
