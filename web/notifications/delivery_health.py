"""How the webhook's deliveries are going, for `/healthz`: counts and ages only.

A monitor watching the gateway can alert on `oldest_waiting_seconds` or `failing`
without a staff login. Nothing here names a conversation, a visitor, the receiver's
URL or its error text (which may echo any of them): the console's Call-backs page shows
the last error to staff.
"""

from __future__ import annotations

import asyncio
import logging
import time

from web.console.state import ConsoleState
from web.conversations.outbox import OutboxStatus, outbox_status

log = logging.getLogger("web.notifications")
# /healthz must answer at once even when the database does not.
READ_TIMEOUT_SECONDS = 2.0


def _age(now: float, then: float | None) -> float | None:
    return None if then is None else round(max(0.0, now - then), 1)


def delivery_report(status: OutboxStatus, now: float) -> dict[str, object]:
    """`state` is "failing" while a notice waits after a failed post, else "ok"; `gave_up`
    counts every notice given up since the outbox began (the console lists them)."""
    return {
        "configured": True,
        "state": "failing" if status.failing else "ok",
        "waiting": status.waiting,
        "failing": status.failing,
        "gave_up": status.gave_up,
        "oldest_waiting_seconds": _age(now, status.oldest_waiting_at),
        "last_delivered_seconds_ago": _age(now, status.last_delivered_at),
    }


async def webhook_health(state: ConsoleState) -> dict[str, object]:
    """The report for the gateway's outbox; `state` "unknown" when it cannot be read."""
    if not state.config.webhook.configured:
        return {"configured": False}
    if not state.store_exists():  # nothing was ever queued, and nothing must be created
        return delivery_report(OutboxStatus(0, 0, 0, None, None), time.time())
    try:
        status = await asyncio.wait_for(state.run(outbox_status), READ_TIMEOUT_SECONDS)
    except Exception:
        log.warning("could not read the webhook's outbox for /healthz", exc_info=True)
        return {"configured": True, "state": "unknown"}
    return delivery_report(status, time.time())
