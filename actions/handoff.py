"""Asking for a person: a live hand-off during staffed hours, the call-back path outside them.

During staffed hours the visitor is told that a team member is being asked to join, and
the gateway is told through a custom message (`{"handoff": {"reason": ...}}`, which the
REST channel delivers as `custom`): it puts the conversation in the console's waiting
queue (web/handoff/). Outside them, `person_available` is false and the rules give the
center's contact (`utter_human_contact`), with a call back offered only when someone will
see the request (`callbacks_taken`, the slot its variations depend on). Rasa itself stays
unaware of who joins: the gateway pauses and resumes the conversation through Rasa's
HTTP API.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from harbor.center import CENTER_FILE
from harbor.settings import WebhookSettings
from harbor.staffed_hours import HandoffSettings, load_handoff_settings
from safety.replies import crisis_line_reminder

HANDOFF_KEY = "handoff"
AVAILABLE_SLOT = "person_available"
# Whether a call-back request would be seen: utter_human_contact offers one only then.
CALLBACKS_SLOT = "callbacks_taken"
# Turns where the assistant could not answer; each offers "Talk to a person".
UNANSWERED_ACTIONS = frozenset({"action_clarify", "action_default_fallback", "utter_out_of_scope"})


def handoff_reason(tracker: Tracker) -> str:
    """Why the visitor wants a person, for the queue: "crisis", "fallback" or "asked".

    A crisis anywhere in the conversation comes first: staff must see it before they
    join. A fallback counts when the assistant's last turn could not answer.
    """
    if tracker.get_slot("risk_level") == "crisis":
        return "crisis"
    if last_bot_action(tracker) in UNANSWERED_ACTIONS:
        return "fallback"
    return "asked"


def last_bot_action(tracker: Tracker) -> str | None:
    """The action that answered the visitor's previous message (before this request)."""
    seen_request = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_request:
                return None
            seen_request = True
        elif seen_request and event.get("event") == "action":
            name = event.get("name")
            if name not in ("action_listen", None):
                return name
    return None


def joining_message(settings: HandoffSettings, callbacks_seen: bool) -> str:
    """What the visitor is told while a team member is asked; a call back is promised
    only when someone will see the request."""
    minutes = max(1, round(settings.join_wait_seconds / 60))
    otherwise = "offer a call back" if callbacks_seen else "give you the center's contact"
    return (
        "I'm asking a member of our team to join this chat now. If nobody can join "
        f"within {minutes} minute{'s' if minutes != 1 else ''}, I'll tell you and "
        f"{otherwise} instead. You can keep writing while you wait. "
        f"{crisis_line_reminder()}"
    )


class ActionOfferPerson(Action):
    """Offers what is available now: a team member in this chat, or the call-back path."""

    def name(self) -> str:
        return "action_offer_person"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        settings = load_handoff_settings(CENTER_FILE)
        taken = settings.callbacks_seen(WebhookSettings.from_env().configured)
        if not settings.staffed_hours.is_staffed(datetime.now(timezone.utc)):
            return [SlotSet(AVAILABLE_SLOT, False), SlotSet(CALLBACKS_SLOT, taken)]
        dispatcher.utter_message(text=joining_message(settings, taken))
        dispatcher.utter_message(json_message={HANDOFF_KEY: {"reason": handoff_reason(tracker)}})
        return [SlotSet(AVAILABLE_SLOT, True)]
