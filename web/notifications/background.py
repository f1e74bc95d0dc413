"""The gateway's background task: reads new conversations into the console's tables (the
call-back list, the outbox) and sends the outbox's due notices, every few seconds."""

from __future__ import annotations

import asyncio
import logging

import httpx
from starlette.concurrency import run_in_threadpool

from web.console.state import ConsoleState
from web.notifications.webhook import deliver_due

log = logging.getLogger("web.notifications")


async def keep_up(state: ConsoleState) -> None:
    """Runs until cancelled; a failing round is logged and the next one tried."""
    # Its own client: the webhook is outside, and may need the environment's proxy.
    async with httpx.AsyncClient() as http:
        while True:
            try:
                await run_in_threadpool(state.refresh_now)
                if state.config.webhook.configured:
                    await deliver_due(state.engine, state.config.webhook, http)
            except Exception:
                log.exception("the background refresh or webhook delivery failed; retrying")
            await asyncio.sleep(state.config.refresh_seconds)
