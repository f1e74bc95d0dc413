"""Starts each conversation afresh, with the center's contact and the crisis line in slots.

Nothing is carried over from an earlier session: not the call-back name and phone, not
the risk labels. A visitor who comes back after the session expired starts clean, and
the earlier session stays in the tracker store for staff (domain.yml sets
`carry_over_slots_to_new_session: false` to match).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from harbor.center import load_center
from safety.replies import how_to_reach
from safety.resources import load_resources


@cache
def center_contact_sentence() -> str:
    """The sentence every `{center_contact}` placeholder in the domain becomes."""
    return load_center().contact_sentence()


@cache
def crisis_line_reach() -> str:
    """What `{crisis_line}` becomes, e.g. "call or text <number>", from safety/resources.yml."""
    return how_to_reach(load_resources().crisis_line, ("call", "text"))


class ActionSessionStart(Action):
    """Rasa's session start, plus the slots the domain's responses fill in."""

    def name(self) -> str:
        return "action_session_start"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        return [
            SessionStarted(),
            SlotSet("center_contact", center_contact_sentence()),
            SlotSet("crisis_line", crisis_line_reach()),
            ActionExecuted("action_listen"),
        ]
