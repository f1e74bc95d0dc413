"""Per-client rate limiting: an in-memory token bucket per client IP address.

The buckets live in this process. Several gateway replicas would each count on their
own, letting a client through up to N times faster; at that point move the buckets to
Redis (one key per client, refilled with a small Lua script) so the replicas share them.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from harbor.settings import Settings
from web.errors import error_response


@dataclass(frozen=True)
class RateLimit:
    """How many requests one client may make: `burst` at once, `per_minute` sustained."""

    burst: int = Settings.rate_limit_burst
    per_minute: float = Settings.rate_limit_per_minute

    @classmethod
    def from_settings(cls, settings: Settings) -> RateLimit:
        return cls(burst=settings.rate_limit_burst, per_minute=settings.rate_limit_per_minute)


class TokenBucketLimiter:
    def __init__(
        self,
        limit: RateLimit,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = 10_000,
    ) -> None:
        if limit.burst < 1 or limit.per_minute <= 0:
            raise ValueError(f"a rate limit needs burst >= 1 and per_minute > 0, got {limit}")
        self._capacity = float(limit.burst)
        self._refill_per_second = limit.per_minute / 60.0
        self._clock = clock
        self._max_clients = max_clients
        # client -> (tokens left, time of last update); least recently seen first.
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def acquire(self, client: str) -> float:
        """Take one token for `client`. Return 0 if allowed, else seconds until allowed."""
        now = self._clock()
        tokens, updated = self._buckets.pop(client, (self._capacity, now))
        tokens = min(self._capacity, tokens + (now - updated) * self._refill_per_second)
        if tokens >= 1:
            tokens -= 1
            wait = 0.0
        else:
            wait = (1 - tokens) / self._refill_per_second
        self._buckets[client] = (tokens, now)
        self._forget_oldest()
        return wait

    def _forget_oldest(self) -> None:
        # Bounded memory: forgetting a client only hands it a full bucket again.
        while len(self._buckets) > self._max_clients:
            self._buckets.popitem(last=False)


class RateLimitMiddleware:
    """Answers 429 with Retry-After once a client's bucket is empty.

    Only POST requests under `path_prefix` count: those are what reach Rasa. The client
    is the peer address; behind a reverse proxy uvicorn's --proxy-headers (with
    --forwarded-allow-ips naming the proxy) turns X-Forwarded-For into that address.
    """

    def __init__(
        self, app: ASGIApp, limiter: TokenBucketLimiter, path_prefix: str = "/api/"
    ) -> None:
        self.app = app
        self.limiter = limiter
        self.path_prefix = path_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] == "POST"
            and scope["path"].startswith(self.path_prefix)
        ):
            client = scope.get("client")
            wait = self.limiter.acquire(client[0] if client else "unknown")
            if wait > 0:
                retry_after = max(1, math.ceil(wait))
                response = error_response(
                    429,
                    "rate_limited",
                    f"Too many messages at once. Please wait {retry_after} seconds and try again.",
                    headers={"Retry-After": str(retry_after)},
                    retry_after_seconds=retry_after,
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
