"""The gateway's background task: reads new conversations into the console's tables (the
call-back list, the outbox), sends the outbox's due notices and runs the other rooms'
rounds (the hand-off queue's expiry), every few seconds."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import httpx
from starlette.concurrency import run_in_threadpool

from web.console.state import ConsoleState
from web.notifications.webhook import deliver_due

log = logging.getLogger("web.notifications")


async def keep_up(state: ConsoleState, *rounds: Callable[[], Awaitable[object]]) -> None:
    """Runs until cancelled; a failing round is logged and the next one tried.

    `rounds` run after the refresh each time: e.g. expiring the waits for a person that
    nobody joined, so a visitor who left the page is still moved to the call-back path."""
    # Its own client: the webhook is outside, and may need the environment's proxy.
    async with httpx.AsyncClient() as http:
        while True:
            try:
                await run_in_threadpool(state.refresh_now)
                if state.config.webhook.configured:
                    await deliver_due(state.engine, state.config.webhook, http)
                for round_ in rounds:
                    await round_()
            except Exception:
                log.exception("the background refresh or webhook delivery failed; retrying")
            await asyncio.sleep(state.config.refresh_seconds)
