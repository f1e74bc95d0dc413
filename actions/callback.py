"""The call-back form: a first name and a phone number for the team to call."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from safety.replies import crisis_line_reminder

MAX_NAME_LENGTH = 40
_NAME_PATTERN = re.compile(r"^[^\W\d_]+(?:[ '\-][^\W\d_]+){0,2}$")
_PHONE_CHARACTERS = re.compile(r"^[0-9+().\-\s]+$")
MIN_PHONE_DIGITS, MAX_PHONE_DIGITS = 7, 15  # E.164 allows at most 15 digits


def clean_name(text: str) -> str | None:
    """A first name of up to three words of letters, or None."""
    candidate = " ".join(text.split()).strip(" .!")
    if len(candidate) > MAX_NAME_LENGTH or not _NAME_PATTERN.match(candidate):
        return None
    return candidate


def clean_phone(text: str) -> str | None:
    """The number as typed (trimmed) when it looks dialable, or None."""
    candidate = text.strip()
    digits = re.sub(r"\D", "", candidate)
    if not _PHONE_CHARACTERS.match(candidate):
        return None
    if not MIN_PHONE_DIGITS <= len(digits) <= MAX_PHONE_DIGITS:
        return None
    return candidate


class ActionAskCallbackName(Action):
    """The form's first question.

    An ask action rather than an `utter_ask_*` response: Rasa 3.6's validator reports
    form questions as unused responses, and `make validate` allows no warnings.
    """

    def name(self) -> str:
        return "action_ask_callback_name"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(
            text="What first name should our team ask for? A first name is all we need."
        )
        return []


class ActionAskCallbackPhone(Action):
    def name(self) -> str:
        return "action_ask_callback_contact"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(text="What phone number should they call?")
        return []


class ValidateCallbackForm(FormValidationAction):
    def name(self) -> str:
        return "validate_callback_form"

    def validate_callback_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        name = clean_name(str(value or ""))
        if name is None:
            dispatcher.utter_message(
                text="Sorry, I only need a first name, in letters. What should they call you?"
            )
        return {"callback_name": name}

    def validate_callback_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        phone = clean_phone(str(value or ""))
        if phone is None:
            dispatcher.utter_message(
                text="That doesn't look like a phone number. Could you type it with digits, "
                "for example 555 123 4567?"
            )
        return {"callback_contact": phone}


class ActionSubmitCallback(Action):
    """Confirms the request; the slots stay on the conversation for staff to act on."""

    def name(self) -> str:
        return "action_submit_callback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        name = tracker.get_slot("callback_name")
        phone = tracker.get_slot("callback_contact")
        dispatcher.utter_message(
            text=(
                f"Thank you, {name}. Someone from our team will call you at {phone}. "
                f"{crisis_line_reminder()}"
            )
        )
        return [SlotSet("requested_slot", None)]
