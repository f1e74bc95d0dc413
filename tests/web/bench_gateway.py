"""How much latency the gateway adds over calling Rasa's REST channel directly.

    python -m tests.web.bench_gateway                  # starts Rasa and actions on free ports
    python -m tests.web.bench_gateway --rasa-url http://127.0.0.1:5005   # a running Rasa
    python -m tests.web.bench_gateway --messages 200 --json var/results/gateway-bench.json

The same messages go to Rasa both ways, one at a time, alternating, so drift in Rasa's
own speed (its tracker grows, the machine is busy) falls on both paths alike. Each
conversation gets ten messages, then a new one starts on both paths. The gateway runs
in this process (uvicorn in a thread) with no rate limit; the client waits on sockets
while it runs, so the two barely compete. Needs the trained model unless --rasa-url.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from harbor.settings import Settings
from harbor.stack import Stack, action_server, free_port, rasa_server
from tests.web.servers import UNLIMITED, ServedApp
from web.app import create_app
from web.rasa_client import WEBHOOK_PATH

MESSAGES = [
    "hello",
    "what is dual diagnosis",
    "how are addiction and mental health connected",
    "what happens in detox",
    "can therapy help with anxiety and drinking",
    "thanks",
]
MESSAGES_PER_CONVERSATION = 10
WARM_UP = 10


def percentile(samples: list[float], p: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[p - 1]


def summary(samples: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(percentile(samples, 95), 1),
        "mean_ms": round(statistics.fmean(samples), 1),
    }


class Paths:
    """Sends one message to Rasa directly or through the gateway, and times it."""

    def __init__(self, rasa_url: str, gateway_url: str) -> None:
        self.rasa = httpx.Client(base_url=rasa_url, timeout=30, trust_env=False)
        self.gateway = httpx.Client(base_url=gateway_url, timeout=30, trust_env=False)
        self.new_conversation()

    def new_conversation(self) -> None:
        self.sender = f"bench-{uuid.uuid4().hex}"
        body = self.gateway.post("/api/conversations").raise_for_status().json()
        self.gateway_path = f"/api/conversations/{body['conversation_id']}/messages"
        self.gateway_auth = {"Authorization": f"Bearer {body['token']}"}

    def direct(self, text: str) -> float:
        start = time.perf_counter()
        message = {"sender": self.sender, "message": text}
        self.rasa.post(WEBHOOK_PATH, json=message).raise_for_status()
        return (time.perf_counter() - start) * 1000

    def through_gateway(self, text: str) -> float:
        start = time.perf_counter()
        self.gateway.post(
            self.gateway_path, json={"text": text}, headers=self.gateway_auth
        ).raise_for_status()
        return (time.perf_counter() - start) * 1000

    def close(self) -> None:
        self.rasa.close()
        self.gateway.close()


def measure(paths: Paths, count: int) -> dict[str, object]:
    for i in range(WARM_UP):
        paths.direct(MESSAGES[i % len(MESSAGES)])
        paths.through_gateway(MESSAGES[i % len(MESSAGES)])
    direct, gateway = [], []
    for i in range(count):
        if i % MESSAGES_PER_CONVERSATION == 0:
            paths.new_conversation()
        text = MESSAGES[i % len(MESSAGES)]
        # Alternate which path goes first, so neither always meets a warmer Rasa.
        if i % 2:
            direct.append(paths.direct(text))
            gateway.append(paths.through_gateway(text))
        else:
            gateway.append(paths.through_gateway(text))
            direct.append(paths.direct(text))
    added = [g - d for g, d in zip(gateway, direct, strict=True)]
    return {
        "messages": count,
        "direct": summary(direct),
        "gateway": summary(gateway),
        "added_by_gateway": summary(added),
    }


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rasa-url", help="a running Rasa; by default one is started")
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--json", type=Path, help="also write the results here")
    return parser.parse_args(argv)


def start_rasa(running: ExitStack) -> Settings | None:
    """Start the action server and Rasa on free ports, as `make run` would."""
    model = Settings.from_env().model_path
    if not model.exists():
        print(f"no trained model at {model}: run `make train`", file=sys.stderr)
        return None
    work = Path(running.enter_context(tempfile.TemporaryDirectory(prefix="harbor-bench-")))
    settings = Settings(
        rasa_port=free_port(),
        actions_port=free_port(),
        secret_key="bench",
        model_path=model,
        tracker_db_path=work / "tracker.db",
    )
    print("starting Rasa and the action server…", file=sys.stderr)
    running.enter_context(
        Stack(settings, [action_server(settings), rasa_server(settings)], log_dir=work)
    )
    return settings


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    with ExitStack() as running:
        if args.rasa_url:
            rasa = urlsplit(args.rasa_url)
            settings = Settings(rasa_host=rasa.hostname, rasa_port=rasa.port, secret_key="bench")
        else:
            settings = start_rasa(running)
            if settings is None:
                return 2
        gateway = running.enter_context(ServedApp(create_app(settings, rate_limits=UNLIMITED)))
        paths = Paths(settings.rasa_url, gateway.url)
        running.callback(paths.close)
        results = measure(paths, args.messages)
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
