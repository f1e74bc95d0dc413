"""How much latency the gateway adds over calling Rasa's REST channel directly.

The same messages go to Rasa both ways, one at a time, alternating which path goes
first, so drift in Rasa's own speed (its tracker grows, the machine is busy) falls on
both paths alike; the added latency is the difference within each pair. Each
conversation gets ten messages, then a new one starts on both paths. The gateway runs
as its own process (`python -m web`), as in production, with no rate limit.
"""

from __future__ import annotations

import statistics
import time
import uuid

import httpx

from bench.load_client import WEBHOOK_PATH

MESSAGES = (
    "hello",
    "what is dual diagnosis",
    "how are addiction and mental health connected",
    "what happens in detox",
    "can therapy help with anxiety and drinking",
    "thanks",
)
MESSAGES_PER_CONVERSATION = 10
WARM_UP = 10


def summary(samples: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(statistics.quantiles(samples, n=100, method="inclusive")[94], 2),
        "mean_ms": round(statistics.fmean(samples), 2),
    }


class PairedPaths:
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


def gateway_overhead(rasa_url: str, gateway_url: str, count: int) -> dict[str, object]:
    """Latency direct, through the gateway, and added by it, over `count` message pairs.

    With several replicas the gateway may send a conversation to any of them; `rasa_url`
    is the first, so the pairs are compared on equal terms only with one replica.
    """
    paths = PairedPaths(rasa_url, gateway_url)
    try:
        for i in range(WARM_UP):
            paths.direct(MESSAGES[i % len(MESSAGES)])
            paths.through_gateway(MESSAGES[i % len(MESSAGES)])
        direct, through = [], []
        for i in range(count):
            if i % MESSAGES_PER_CONVERSATION == 0:
                paths.new_conversation()
            text = MESSAGES[i % len(MESSAGES)]
            # Alternate which path goes first, so neither always meets a warmer Rasa.
            if i % 2:
                direct.append(paths.direct(text))
                through.append(paths.through_gateway(text))
            else:
                through.append(paths.through_gateway(text))
                direct.append(paths.direct(text))
    finally:
        paths.close()
    added = [g - d for g, d in zip(through, direct, strict=True)]
    return {
        "messages": count,
        "direct": summary(direct),
        "gateway": summary(through),
        "added_by_gateway": summary(added),
    }
