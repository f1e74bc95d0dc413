"""The hand-off desk: the queue, Rasa's pause and resume, and the visitor's feed, together.

The one place that knows the order of the steps of a live hand-off; no HTTP here (the
visitor room and the console call it). Each step is ordered so that a failure leaves
nothing half-done that hurts the visitor:

- claim: the database first (the atomic claim decides who joins), then Rasa's `pause`;
  if Rasa cannot be reached the claim is undone, so the bot never talks over a person
  and nobody is left believing they joined.
- end: Rasa's `resume` first, then the database, so a failed resume never leaves the
  visitor with a silent bot and a hand-off marked over.
- a visitor message while a person is there: Rasa keeps it (paused, it answers nothing)
  and its risk assessment, the one every message gets; a crisis gets the crisis reply
  at once, a flag for the staff member and a `crisis_escalation` notice.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from sqlalchemy.engine import Connection

from harbor.staffed_hours import HandoffSettings
from safety.replies import OFFER_PERSON, crisis_reply, service_unavailable_message
from web.handoff import feed, queue
from web.handoff.feed import FeedEntry
from web.handoff.queue import Handoff, HandoffError
from web.handoff.visitor_texts import HandoffTexts, load_handoff_texts
from web.notifications import Notice, Notifier
from web.rasa_client import BotMessage, RasaClient, RasaUnavailable

log = logging.getLogger(__name__)
T = TypeVar("T")

# The custom payload action_offer_person sends (actions/handoff.py).
HANDOFF_KEY = "handoff"
# What the gateway says on the visitor's behalf when nobody joined in time.
CALLBACK_PAYLOAD = "/request_callback"
MAX_REPLY_LENGTH = 2000


class Database(Protocol):
    """Runs work in one transaction off the event loop (web.console.state.ConsoleState)."""

    async def run(self, work: Callable[[Connection], T], *, refresh: bool = False) -> T: ...


@dataclass(frozen=True)
class Status:
    """What the visitor's widget needs: the latest hand-off and the feed after its cursor."""

    handoff: Handoff | None
    entries: list[FeedEntry]


def requested_reason(replies: list[BotMessage]) -> str | None:
    """The reason in action_offer_person's custom payload, if the replies carry one."""
    for reply in replies:
        request = (reply.custom or {}).get(HANDOFF_KEY)
        if isinstance(request, dict):
            reason = request.get("reason")
            return reason if reason in queue.REASONS else "asked"
    return None


class HandoffDesk:
    def __init__(
        self,
        database: Database,
        rasa: Callable[[], RasaClient],
        notifier: Callable[[], Notifier],
        settings: Callable[[], HandoffSettings],
        clock: Callable[[], float] = time.time,
        on_bot_replies: Callable[[str, list[BotMessage]], Awaitable[None]] | None = None,
        texts: HandoffTexts | None = None,
        webhook_configured: bool = False,
    ) -> None:
        """`rasa` and `notifier` are looked up on each use: the app's lifespan opens them
        after the app is built. `on_bot_replies` hears the assistant's replies the desk
        shows the visitor itself (the call-back path after an expiry), for quick replies.
        `texts` default to domain.yml's hand-off responses. `settings` is asked on each
        use (center.yml may change while the gateway runs). `webhook_configured` tells,
        with the settings, whether a call-back request would be seen, and so whether an
        expired wait may point to one."""
        self._db = database
        self._rasa = rasa
        self._notifier = notifier
        self._settings = settings
        self._clock = clock
        self._on_bot_replies = on_bot_replies
        self.texts = texts or load_handoff_texts()
        self._webhook_configured = webhook_configured

    @property
    def settings(self) -> HandoffSettings:
        return self._settings()

    # --- the visitor -------------------------------------------------------------------

    async def request(self, sender_id: str, reason: str) -> tuple[Handoff, int]:
        """Queue the conversation (once); returns it and the feed cursor to poll from."""
        now = self._clock()

        def work(connection: Connection) -> tuple[Handoff, bool, int]:
            handoff, created = queue.request(connection, sender_id, reason, now)
            return handoff, created, feed.last_id(connection, sender_id)

        handoff, created, cursor = await self._db.run(work)
        if created:
            await self._publish(Notice("handoff_waiting", sender_id, {"reason": reason}))
        return handoff, cursor

    async def open_handoff(self, sender_id: str) -> Handoff | None:
        return await self._db.run(lambda c: queue.open_handoff(c, sender_id))

    async def status(self, sender_id: str, after: int) -> Status:
        """The hand-off and the feed after `after`, once an overdue wait has expired."""
        await self.expire_overdue(sender_id)

        def work(connection: Connection) -> Status:
            return Status(queue.latest_handoff(connection, sender_id),
                          feed.entries_after(connection, sender_id, after))

        return await self._db.run(work)

    async def check_visitor_message(self, handoff: Handoff) -> BotMessage | None:
        """After a message reached a paused conversation: the crisis reply, if it needs one.

        RasaUnavailable when the message's risk cannot be read. Once a crisis is known its
        reply is returned whatever else fails: recording it must not cost the visitor it.
        """
        sender_id = handoff.sender_id
        risk = await self._crisis_risk(sender_id)
        if risk is None:
            return None
        category = risk.get("category") or None
        reply = crisis_reply(category, subject=risk.get("subject") or "self")
        # Without its offer of a person (and its button): a person is already here.
        text = reply.text.replace(OFFER_PERSON, "").strip()
        log.warning("crisis during a hand-off: conversation=%s category=%s", sender_id, category)
        await self._record_crisis(handoff, text, category)
        await self._publish(Notice("crisis_escalation", sender_id,
                                   {"category": category or "unknown", "during": "handoff"}))
        return BotMessage(text=text)

    async def check_waiting_message(self, handoff: Handoff) -> bool:
        """After a message of a visitor still waiting for a person: flag a crisis on the
        queue row, so staff pick that visitor first; True when flagged.

        Rasa was not paused, so it has answered the message itself (the crisis lines) and
        recorded the escalation, whose notice the index refresh publishes: only the flag
        is the desk's. RasaUnavailable when the message's risk cannot be read.
        """
        risk = await self._crisis_risk(handoff.sender_id)
        if risk is None:
            return False
        category = risk.get("category") or "unknown"
        log.warning("crisis while waiting for a person: conversation=%s category=%s",
                    handoff.sender_id, category)
        now = self._clock()
        await self._db.run(lambda c: queue.flag_crisis(c, handoff.id, category, now))
        return True

    async def _crisis_risk(self, sender_id: str) -> dict | None:
        """The risk Rasa's NLU pipeline read in the conversation's latest message, if a crisis."""
        risk = (await self._rasa().latest_message(sender_id)).get("risk") or {}
        return risk if risk.get("level") == "crisis" else None

    async def _record_crisis(self, handoff: Handoff, text: str, category: str | None) -> None:
        """The reply and the escalation in the tracker (the console's record), the flag
        on the hand-off (the staff member's page)."""
        now = self._clock()
        try:
            await self._rasa().append_events(handoff.sender_id, [
                {"event": "bot", "text": text, "metadata": {"handoff": "crisis_reply"}},
                {"event": "slot", "name": "risk_level", "value": "crisis"},
                {"event": "slot", "name": "risk_category", "value": category},
            ])
        except RasaUnavailable as exc:
            log.error("the crisis reply of a hand-off is not in the tracker: %s", exc)
        try:
            await self._db.run(
                lambda c: queue.flag_crisis(c, handoff.id, category or "unknown", now))
        except Exception:
            log.exception("could not flag a crisis on hand-off %s", handoff.id)

    async def expire_overdue(self, sender_id: str | None = None) -> list[Handoff]:
        """Move every visitor nobody joined in time to the call-back path (each only once)."""
        now = self._clock()
        wait = self.settings.join_wait_seconds
        candidates = await self._db.run(lambda c: queue.overdue(c, now, wait, sender_id))
        expired = []
        for handoff in candidates:
            if await self._db.run(lambda c, h=handoff: self._expire(c, h, now)):
                expired.append(handoff)
                await self._offer_callback(handoff.sender_id)
        return expired

    def _expire(self, connection: Connection, handoff: Handoff, now: float) -> bool:
        if not queue.expire(connection, handoff.id, now):
            return False  # claimed, or expired by another replica, in the meantime
        callbacks_seen = self.settings.callbacks_seen(self._webhook_configured)
        text = self.texts.expired if callbacks_seen else self.texts.expired_no_callback
        feed.add(connection, handoff.sender_id, "expired", text, now)
        return True

    async def _offer_callback(self, sender_id: str) -> None:
        try:
            replies = await self._rasa().send(sender_id, CALLBACK_PAYLOAD)
        except RasaUnavailable as exc:
            log.warning("could not start the call-back path after an expiry: %s", exc)
            replies = [BotMessage(text=service_unavailable_message())]
        shown = [reply for reply in replies if reply.is_shown]
        now = self._clock()

        def work(connection: Connection) -> None:
            for reply in shown:
                buttons = [{"title": b.title, "payload": b.payload} for b in reply.buttons]
                feed.add(connection, sender_id, "bot", reply.text, now, buttons=buttons)

        await self._db.run(work)
        if self._on_bot_replies is not None:
            await self._on_bot_replies(sender_id, shown)

    # --- the staff member --------------------------------------------------------------

    async def claim(self, handoff_id: int, staff: str, display_name: str | None = None
                    ) -> Handoff:
        """Join the conversation: HandoffError if someone else did, RasaUnavailable if the
        bot could not be paused (the claim is then undone). The visitor sees the staff
        member's display name, or "Team member"; never the username."""
        now = self._clock()
        handoff = await self._db.run(lambda c: queue.claim(c, handoff_id, staff, now))
        try:
            await self._rasa().append_events(handoff.sender_id, [{"event": "pause"}])
        except RasaUnavailable:
            await self._db.run(lambda c: queue.unclaim(c, handoff_id, staff))
            raise
        await self._db.run(lambda c: feed.add(c, handoff.sender_id, "joined", self.texts.joined,
                                              now, author=self.texts.author(display_name)))
        return handoff

    async def reply(self, handoff_id: int, staff: str, text: str,
                    display_name: str | None = None) -> None:
        text = text.strip()
        if not text:
            raise HandoffError("Write a reply first.")
        if len(text) > MAX_REPLY_LENGTH:
            raise HandoffError(f"Keep a reply under {MAX_REPLY_LENGTH} characters.")
        handoff = await self._own(handoff_id, staff)
        await self._rasa().append_events(handoff.sender_id, [
            {"event": "bot", "text": text, "metadata": {"handoff": "staff", "staff": staff}},
        ])
        now = self._clock()
        # The visitor sees the display name (or "Team member"); the tracker keeps the username.
        await self._db.run(lambda c: feed.add(c, handoff.sender_id, "staff", text, now,
                                              author=self.texts.author(display_name)))

    async def end(self, handoff_id: int, staff: str) -> Handoff:
        handoff = await self._own(handoff_id, staff)
        await self._rasa().append_events(handoff.sender_id, [
            {"event": "resume"},
            {"event": "bot", "text": self.texts.back,
             "metadata": {"handoff": "ended", "staff": staff}},
        ])
        now = self._clock()

        def work(connection: Connection) -> Handoff:
            ended = queue.end(connection, handoff_id, now)
            feed.add(connection, handoff.sender_id, "ended", self.texts.back, now)
            return ended

        return await self._db.run(work)

    async def _own(self, handoff_id: int, staff: str) -> Handoff:
        handoff = await self._db.run(lambda c: queue.find(c, handoff_id))
        if handoff is None or handoff.status != "claimed":
            raise HandoffError("This hand-off is not in progress.")
        if handoff.claimed_by != staff:
            raise HandoffError(f"{handoff.claimed_by} is handling this conversation.")
        return handoff

    async def _publish(self, notice: Notice) -> None:
        try:
            await self._notifier().publish(notice)
        except Exception:  # a notice must never fail the visitor's or staff's request
            log.warning("could not publish a %s notice", notice.kind, exc_info=True)
