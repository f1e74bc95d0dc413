"""Which "/..." payloads a visitor may send: exactly the buttons of the last bot turn.

Rasa reads a message that starts with "/" as an intent with entities, skipping the NLU
pipeline's verdict (the risk check included). The widget's buttons are the only
legitimate source of such messages, so the gateway remembers the payloads of the
buttons it last relayed to a conversation and lets a "/..." text through only when it
is one of them, byte for byte. Anything else that starts with "/" is escaped (the
slash becomes a fullwidth solidus) so Rasa treats it as words and the risk check reads
all of it. Rasa's built-in intents never pass, even if a button offered one.

The remembered buttons live in Redis when HARBOR_REDIS_URL is set, so every gateway
replica sees them, and in this process's memory otherwise (one replica).
"""

from __future__ import annotations

import json
import logging
import time
from collections import OrderedDict
from collections.abc import Iterable
from typing import Protocol

from web.rasa_client import BotMessage

log = logging.getLogger(__name__)

INTENT_PREFIX = "/"
# Looks like a slash to a reader; Rasa and the risk check see an ordinary character.
ESCAPED_PREFIX = "\uff0f"
# Rasa's own intents (and the risk intents the pipeline alone may set): never a visitor's.
NEVER_FROM_VISITOR = frozenset(
    {
        "restart",
        "back",
        "session_start",
        "out_of_scope",
        "nlu_fallback",
        "crisis",
        "risk_concern",
    }
)
# As long as Rasa's session; an older conversation starts afresh anyway.
OFFER_TTL_SECONDS = 60 * 60


def payload_intent(payload: str) -> str:
    """The intent name Rasa would read from a "/intent@conf{entities}" payload."""
    name = payload[len(INTENT_PREFIX) :]
    for marker in ("{", "@"):
        name = name.split(marker, 1)[0]
    return name.strip()


def offered_payloads(replies: Iterable[BotMessage]) -> frozenset[str]:
    """The payloads of a turn's buttons that a visitor may send back."""
    return frozenset(
        button.payload
        for reply in replies
        for button in reply.buttons
        if button.payload.startswith(INTENT_PREFIX)
        and payload_intent(button.payload) not in NEVER_FROM_VISITOR
    )


def text_for_rasa(text: str, offered: frozenset[str]) -> str:
    """The visitor's text as Rasa should read it: an offered payload, or plain words."""
    if not text.startswith(INTENT_PREFIX) or text in offered:
        return text
    return ESCAPED_PREFIX + text[len(INTENT_PREFIX) :]


class OfferedButtons(Protocol):
    """Remembers each conversation's last offered payloads."""

    async def get(self, conversation_id: str) -> frozenset[str]: ...

    async def put(self, conversation_id: str, payloads: frozenset[str]) -> None: ...

    async def close(self) -> None: ...


class MemoryOfferedButtons:
    """In this process: bounded, least recently offered forgotten first."""

    def __init__(self, max_conversations: int = 10_000, ttl_seconds: float = OFFER_TTL_SECONDS):
        self._offers: OrderedDict[str, tuple[float, frozenset[str]]] = OrderedDict()
        self._max = max_conversations
        self._ttl = ttl_seconds

    async def get(self, conversation_id: str) -> frozenset[str]:
        offered_at, payloads = self._offers.get(conversation_id, (0.0, frozenset()))
        if time.monotonic() - offered_at > self._ttl:
            return frozenset()
        return payloads

    async def put(self, conversation_id: str, payloads: frozenset[str]) -> None:
        self._offers.pop(conversation_id, None)
        self._offers[conversation_id] = (time.monotonic(), payloads)
        while len(self._offers) > self._max:
            self._offers.popitem(last=False)

    async def close(self) -> None:
        self._offers.clear()


class RedisOfferedButtons:
    """In Redis, shared by every gateway replica; each entry expires with the session."""

    def __init__(self, url: str, namespace: str = "harbor", ttl_seconds: int = OFFER_TTL_SECONDS):
        import redis.asyncio as redis  # only a deployment with Redis needs the client

        # A hung Redis must not hang visitors: give up after a second (then "/" is escaped).
        self._redis = redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        self._prefix = f"{namespace}:offered:"
        self._ttl = ttl_seconds

    async def get(self, conversation_id: str) -> frozenset[str]:
        raw = await self._redis.get(self._prefix + conversation_id)
        return frozenset(json.loads(raw)) if raw else frozenset()

    async def put(self, conversation_id: str, payloads: frozenset[str]) -> None:
        key = self._prefix + conversation_id
        await self._redis.set(key, json.dumps(sorted(payloads)), ex=self._ttl)

    async def close(self) -> None:
        await self._redis.close()


def offered_buttons_store(redis_url: str, namespace: str = "harbor") -> OfferedButtons:
    if redis_url:
        return RedisOfferedButtons(redis_url, namespace)
    return MemoryOfferedButtons()
