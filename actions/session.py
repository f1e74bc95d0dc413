"""Starts each conversation with the center's contact details in a slot."""

from __future__ import annotations

from functools import cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from harbor.center import load_center

# Rasa keeps this one itself; setting it again would overwrite the new session's metadata.
_SESSION_METADATA_SLOT = "session_started_metadata"


@cache
def center_contact_sentence() -> str:
    """The sentence every `{center_contact}` placeholder in the domain becomes."""
    return load_center().contact_sentence()


class ActionSessionStart(Action):
    """Rasa's session start, plus the center's contact for the responses to use."""

    def name(self) -> str:
        return "action_session_start"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        carried_over = [
            SlotSet(name, value)
            for name, value in tracker.slots.items()
            if value is not None and name != _SESSION_METADATA_SLOT
        ]
        return [
            SessionStarted(),
            *carried_over,
            SlotSet("center_contact", center_contact_sentence()),
            ActionExecuted("action_listen"),
        ]
