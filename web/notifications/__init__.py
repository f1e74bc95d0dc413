"""Telling the center's people that a visitor needs one: hand-offs, call-backs, crises.

The contract every room of the gateway codes against: build a `Notice` and hand it to
`app.state.notifier.publish(notice)`. Publishing never blocks and never fails the
visitor's request; delivery (the signed outgoing webhook, its retries) happens apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

NoticeKind = Literal["handoff_waiting", "callback_requested", "crisis_escalation"]


@dataclass(frozen=True)
class Notice:
    kind: NoticeKind
    conversation_id: str
    # Only what a person needs to act, never the visitor's words or contact details:
    # e.g. {"reason": "asked"} or {"category": "suicide"}.
    details: dict[str, str] = field(default_factory=dict)


class Notifier(Protocol):
    async def publish(self, notice: Notice) -> None: ...
