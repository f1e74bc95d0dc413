"""Rate limits per client address and per conversation, through the `limits` library.

Counters live in Redis when HARBOR_REDIS_URL is set, so every gateway replica counts
against the same budget, and in this process's memory otherwise. Limits are written in
the library's notation ("30/minute;300/hour"), each a moving window.

The client address is the peer of the connection. X-Forwarded-For counts only when
that peer is one of HARBOR_TRUSTED_PROXIES (uvicorn's ProxyHeadersMiddleware, listed
in app.py, rewrites the peer then); otherwise anyone could claim a fresh address per
request and never meet the limit.

If the counter store fails (Redis down), messages go through and a warning is logged:
a visitor in crisis must not be turned away by a broken counter.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass

import anyio
from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from starlette.types import ASGIApp, Receive, Scope, Send

from harbor.settings import Settings
from web.errors import ApiError, error_response

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RateLimits:
    """How often one address may post, and how often one conversation may."""

    per_address: str = Settings.rate_limit_per_address
    per_conversation: str = Settings.rate_limit_per_conversation

    @classmethod
    def from_settings(cls, settings: Settings) -> RateLimits:
        return cls(
            per_address=settings.rate_limit_per_address,
            per_conversation=settings.rate_limit_per_conversation,
        )


class RateLimiter:
    """Counts requests per key in moving windows; `wait_*` return 0 or seconds to wait."""

    def __init__(self, limits: RateLimits, redis_url: str = "", namespace: str = "harbor"):
        self._per_address = _parse(limits.per_address, "per-address")
        self._per_conversation = _parse(limits.per_conversation, "per-conversation")
        self._shared = bool(redis_url)
        # A hung Redis must not hang visitors: give up after a second and fail open.
        options = {"socket_timeout": 1, "socket_connect_timeout": 1} if redis_url else {}
        self._storage = storage_from_string(redis_url or "memory://", **options)
        self._strategy = MovingWindowRateLimiter(self._storage)
        self._namespace = namespace

    async def wait_for_address(self, address: str) -> float:
        return await self._wait(self._per_address, "address", address)

    async def wait_for_conversation(self, conversation_id: str) -> float:
        return await self._wait(self._per_conversation, "conversation", conversation_id)

    async def _wait(self, items: list[RateLimitItem], kind: str, key: str) -> float:
        try:
            if self._shared:  # the Redis client blocks: keep it off the event loop
                return await anyio.to_thread.run_sync(self._hit, items, kind, key)
            return self._hit(items, kind, key)
        except Exception:  # whatever the store raised: fail open (see the module docstring)
            log.warning("rate-limit store failed; letting the request through", exc_info=True)
            return 0.0

    def _hit(self, items: list[RateLimitItem], kind: str, key: str) -> float:
        for item in items:
            if not self._strategy.hit(item, self._namespace, kind, key):
                reset_at, _ = self._strategy.get_window_stats(item, self._namespace, kind, key)
                return max(1.0, reset_at - time.time())
        return 0.0


def _parse(notation: str, what: str) -> list[RateLimitItem]:
    try:
        items = parse_many(notation)
    except ValueError:
        raise ValueError(f"the {what} rate limit {notation!r} is not like '30/minute'") from None
    if not items or any(item.amount < 1 for item in items):
        raise ValueError(f"the {what} rate limit {notation!r} allows nothing")
    return items


def too_many(wait: float) -> ApiError:
    retry_after = max(1, math.ceil(wait))
    return ApiError(
        429,
        "rate_limited",
        f"Too many messages at once. Please wait {retry_after} seconds and try again.",
        headers={"Retry-After": str(retry_after)},
        extra={"retry_after_seconds": retry_after},
    )


class RateLimitMiddleware:
    """Answers 429 with Retry-After once a client address is over its limit.

    Only POST requests under `path_prefix` count: those open conversations and reach Rasa.
    """

    def __init__(self, app: ASGIApp, limiter: RateLimiter, path_prefix: str = "/api/") -> None:
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
            wait = await self.limiter.wait_for_address(client[0] if client else "unknown")
            if wait > 0:
                error = too_many(wait)
                response = error_response(
                    error.status_code, error.code, error.detail, error.headers, **error.extra
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
