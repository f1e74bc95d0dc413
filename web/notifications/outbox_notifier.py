"""The gateway's `Notifier`: a notice goes into the outbox, and the webhook task sends it."""

from __future__ import annotations

import logging
import uuid

from web.console.state import ConsoleState
from web.conversations import outbox
from web.notifications import Notice

log = logging.getLogger("web.notifications")


class OutboxNotifier:
    """Publishing is one short insert: the visitor's request never waits on the webhook.

    Without a webhook there is nothing to send: the notice goes to the log, and the
    console's own pages (the waiting queue, the call-back list) are where staff see it.
    """

    def __init__(self, state: ConsoleState) -> None:
        self.state = state

    async def publish(self, notice: Notice, key: str | None = None) -> None:
        """`key` names the event the notice is about, so publishing it twice sends once;
        without one, every call is a new notice."""
        if not self.state.config.webhook.configured:
            # Nothing to send; the log still says it happened (kind, id, details only).
            log.warning("notice %s: conversation=%s %s", notice.kind, notice.conversation_id,
                        " ".join(f"{k}={v}" for k, v in sorted(notice.details.items())))
            return
        unique = key or f"{notice.kind}:{notice.conversation_id}:{uuid.uuid4().hex}"
        try:
            await self.state.run(lambda connection: outbox.enqueue(connection, notice, unique))
        except Exception:  # a notice must never fail the visitor's request
            log.exception("could not enqueue the %s notice for %s", notice.kind,
                          notice.conversation_id)
