"""An asyncio load client: N simulated visitors at once, each one conversation at a time.

Two ways in, one interface (`Channel`): straight into Rasa's REST channel, and through
the gateway's visitor API (open a conversation, then post each message with its token).
Each message's latency is the time from sending it to having the whole reply; a
visitor sends its next message only once the reply is in, as a person would.
"""

from __future__ import annotations

import asyncio
import itertools
import time
import uuid
from dataclasses import dataclass, field
from typing import Protocol

import httpx

from bench.conversations import VISITOR, Script, next_text

WEBHOOK_PATH = "/webhooks/rest/webhook"
TIMEOUT_SECONDS = 60


class Conversation(Protocol):
    async def send(self, text: str) -> list[str]:
        """Send one message; return the button payloads of the reply."""


class Channel(Protocol):
    name: str

    async def open(self, http: httpx.AsyncClient) -> Conversation:
        """Start a new visitor's conversation."""


def button_payloads(messages: list[dict]) -> list[str]:
    return [button["payload"] for message in messages
            for button in message.get("buttons") or () if "payload" in button]


@dataclass
class RasaConversation:
    http: httpx.AsyncClient
    url: str
    sender: str

    async def send(self, text: str) -> list[str]:
        response = await self.http.post(f"{self.url}{WEBHOOK_PATH}",
                                        json={"sender": self.sender, "message": text})
        response.raise_for_status()
        return button_payloads(response.json())


@dataclass
class RasaChannel:
    """Straight into Rasa's REST channel; with several replicas, conversations take turns."""

    urls: list[str]
    name: str = "rasa"
    _next: itertools.cycle = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._next = itertools.cycle(self.urls)

    async def open(self, http: httpx.AsyncClient) -> Conversation:
        return RasaConversation(http, next(self._next), f"bench-{uuid.uuid4().hex}")


@dataclass
class GatewayConversation:
    http: httpx.AsyncClient
    path: str
    headers: dict[str, str]

    async def send(self, text: str) -> list[str]:
        response = await self.http.post(self.path, json={"text": text}, headers=self.headers)
        response.raise_for_status()
        return button_payloads(response.json()["messages"])


@dataclass
class GatewayChannel:
    """The gateway's visitor API, as the widget uses it."""

    url: str
    name: str = "gateway"

    async def open(self, http: httpx.AsyncClient) -> Conversation:
        response = await http.post(f"{self.url}/api/conversations")
        response.raise_for_status()
        body = response.json()
        return GatewayConversation(
            http, f"{self.url}/api/conversations/{body['conversation_id']}/messages",
            {"Authorization": f"Bearer {body['token']}"})


@dataclass
class LoadResult:
    """The latencies (ms) of one load level, and how long the whole level took."""

    concurrency: int
    latencies_ms: list[float]
    wall_seconds: float
    errors: int

    @property
    def messages_per_second(self) -> float:
        return len(self.latencies_ms) / self.wall_seconds if self.wall_seconds else 0.0


async def _visitor(channel: Channel, http: httpx.AsyncClient, script: Script,
                   queue: asyncio.Queue[int], latencies: list[float],
                   errors: list[BaseException]) -> None:
    while True:
        try:
            queue.get_nowait()
        except asyncio.QueueEmpty:
            return
        try:
            conversation = await channel.open(http)
            buttons: list[str] = []
            for turn in script.turns:
                text = next_text(turn, buttons)
                start = time.perf_counter()
                buttons = await conversation.send(text)
                latencies.append((time.perf_counter() - start) * 1000)
        except httpx.HTTPError as error:  # counted and reported, never silently dropped
            errors.append(error)


async def drive(channel: Channel, concurrency: int, conversations: int,
                script: Script = VISITOR) -> LoadResult:
    """`conversations` conversations through `channel`, `concurrency` at a time."""
    queue: asyncio.Queue[int] = asyncio.Queue()
    for number in range(conversations):
        queue.put_nowait(number)
    latencies: list[float] = []
    errors: list[BaseException] = []
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS, limits=limits,
                                 trust_env=False) as http:
        start = time.perf_counter()
        await asyncio.gather(*(_visitor(channel, http, script, queue, latencies, errors)
                               for _ in range(concurrency)))
        wall = time.perf_counter() - start
    return LoadResult(concurrency, latencies, wall, len(errors))


def run_load(channel: Channel, concurrency: int, conversations: int) -> LoadResult:
    return asyncio.run(drive(channel, concurrency, conversations))
