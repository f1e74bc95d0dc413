"""The outgoing webhook: signed JSON posts of the outbox's notices, retried with backoff.

Body: {"kind", "conversation_id", "details", "console_url", "sent_at"}; never the visitor's
words or contact details. Headers: `X-Harbor-Timestamp` (Unix seconds) and
`X-Harbor-Signature: sha256=<hex>`, the HMAC-SHA256 with the shared secret of
`<timestamp>.<body>` (the exact bytes sent). web/README.md shows how to verify it.
A failed post is tried again after 5 s, 10 s, 20 s ... (capped at 10 minutes) until
`max_attempts`; then it is given up and shown as failed on the console's call-back page.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable
from datetime import datetime, timezone
from urllib.parse import quote

import httpx
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool

from harbor.settings import WebhookSettings
from web.conversations import outbox
from web.conversations.outbox import Pending
from web.notifications import Notice

TIMESTAMP_HEADER = "X-Harbor-Timestamp"
SIGNATURE_HEADER = "X-Harbor-Signature"
log = logging.getLogger("web.notifications")


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """The value of X-Harbor-Signature for `body` sent at `timestamp`."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


def verify(secret: str, timestamp: str, body: bytes, sent_signature: str) -> bool:
    """What a receiver does (web/README.md has the same in a few lines)."""
    return hmac.compare_digest(signature(secret, timestamp, body), sent_signature)


def body_of(notice: Notice, public_url: str, now: float) -> bytes:
    return json.dumps({
        "kind": notice.kind,
        "conversation_id": notice.conversation_id,
        "details": notice.details,
        "console_url": f"{public_url}/staff/conversations/{quote(notice.conversation_id, safe='')}",
        "sent_at": datetime.fromtimestamp(now, tz=timezone.utc).isoformat(timespec="seconds"),
    }, sort_keys=True).encode()


def retry_delay(failed_attempts: int, settings: WebhookSettings) -> float:
    """Seconds before the next try after `failed_attempts` failures (1, 2, ...)."""
    return min(settings.first_retry_seconds * 2 ** (failed_attempts - 1),
               settings.max_retry_seconds)


async def post_notice(http: httpx.AsyncClient, settings: WebhookSettings, notice: Notice,
                      now: float) -> str | None:
    """Posts one notice; None on a 2xx answer, else what went wrong (for the log)."""
    body = body_of(notice, settings.public_url, now)
    timestamp = str(int(now))
    headers = {"Content-Type": "application/json", TIMESTAMP_HEADER: timestamp,
               SIGNATURE_HEADER: signature(settings.secret, timestamp, body)}
    try:
        response = await http.post(settings.url, content=body, headers=headers,
                                   timeout=settings.timeout_seconds)
    except httpx.HTTPError as error:
        return f"{type(error).__name__}: {error}"[:500]
    if 200 <= response.status_code < 300:
        return None
    return f"HTTP {response.status_code}"


async def deliver_due(engine: Engine, settings: WebhookSettings, http: httpx.AsyncClient,
                      clock: Callable[[], float] = time.time) -> int:
    """Post every due notice once; returns how many were delivered."""
    def claim() -> list[Pending]:
        with engine.begin() as connection:
            return outbox.claim_due(connection, clock())

    delivered = 0
    for pending in await run_in_threadpool(claim):
        now = clock()
        error = await post_notice(http, settings, pending.notice, now)
        failed = pending.attempts + 1
        retry_at = None if failed >= settings.max_attempts else now + retry_delay(failed, settings)
        await run_in_threadpool(_record_outcome, engine, pending.id, error, retry_at, now)
        if error is None:
            delivered += 1
        elif retry_at is None:
            log.error("webhook: gave up on %s after %d attempts: %s", pending.key, failed, error)
        else:
            log.warning("webhook: %s failed (attempt %d): %s; retrying in %.0f s",
                        pending.key, failed, error, retry_at - now)
    return delivered


def _record_outcome(engine: Engine, row_id: int, error: str | None, retry_at: float | None,
                    now: float) -> None:
    with engine.begin() as connection:
        if error is None:
            outbox.mark_delivered(connection, row_id, now)
        else:
            outbox.mark_failed(connection, row_id, error, retry_at, now)
