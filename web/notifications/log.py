"""The notifier when no other is configured: each notice goes to the gateway's log.

Only the kind, the conversation id and the details a person needs to act are logged,
as the `Notice` contract promises; never a visitor's words.
"""

from __future__ import annotations

import logging

from web.notifications import Notice

log = logging.getLogger("web.notifications")


class LogNotifier:
    async def publish(self, notice: Notice) -> None:
        log.warning("notice %s: conversation=%s %s", notice.kind, notice.conversation_id,
                    " ".join(f"{key}={value}" for key, value in sorted(notice.details.items())))
