"""The call-back form: a name or alias, a phone number or email, a best time, and consent.

On submit the request becomes one record in the `callback_request` slot, which the
console reads from the tracker store into its call-back list (web/conversations/
callbacks.py). When nobody would see a request (the center takes none and no webhook is
configured), the form asks nothing and the visitor gets the center's contact and the
crisis line instead of a promise.
"""

from __future__ import annotations

import os
import re
import uuid
from abc import ABCMeta, abstractmethod
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.callback_promise import expected_contact
from actions.session import center_contact_sentence
from harbor.center import CENTER_FILE
from harbor.settings import WebhookSettings
from harbor.staffed_hours import HandoffSettings, load_handoff_settings
from safety.replies import crisis_line_reminder

REQUEST_SLOT = "callback_request"
MAX_NAME_LENGTH = 40
MAX_TIME_LENGTH = 80
# Words of letters or digits (an alias such as "sam22"), joined by a space, ' or -.
_NAME_PATTERN = re.compile(r"^[^\W_]+(?:[ '\-][^\W_]+){0,2}$")
_NAME_LEAD_IN = re.compile(r"^(?:my name is|my name's|i'm|i am|call me|it's|its|name:)\s+",
                           re.IGNORECASE)
_PHONE_CHARACTERS = re.compile(r"^[0-9+().\-\s]+$")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s.]{2,}$")
MIN_PHONE_DIGITS, MAX_PHONE_DIGITS = 7, 15  # E.164 allows at most 15 digits
TIME_BUTTONS = ("Morning", "Afternoon", "Evening", "Any time")


def clean_name(text: str) -> str | None:
    """A first name or an alias of up to three words with a letter in it, or None."""
    candidate = _NAME_LEAD_IN.sub("", " ".join(text.split())).strip(" .!")
    if len(candidate) > MAX_NAME_LENGTH or not _NAME_PATTERN.match(candidate):
        return None
    if not any(character.isalpha() for character in candidate):
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


def clean_email(text: str) -> str | None:
    candidate = text.strip().strip(".")
    return candidate if _EMAIL.match(candidate) else None


def clean_contact(text: str) -> str | None:
    """A dialable phone number or an email address, or None."""
    return clean_phone(text) or clean_email(text)


def is_email(contact: str) -> bool:
    return "@" in contact


def clean_time(text: str) -> str | None:
    """The best time in the visitor's words (a button's or their own), or None if empty."""
    candidate = " ".join(text.split()).strip()
    return candidate[:MAX_TIME_LENGTH] if candidate else None


def contact_problem(text: str) -> str:
    """Says what is wrong with a contact that is neither a phone number nor an email."""
    if "@" in text:
        return ("That email address looks incomplete. Could you check it? "
                "It should look like name@example.org.")
    digits = len(re.sub(r"\D", "", text))
    if digits and digits < MIN_PHONE_DIGITS:
        return (f"That number has only {digits} digits. Could you type the whole number, "
                "with the area code, for example 555 123 4567?")
    if digits > MAX_PHONE_DIGITS:
        return "That number has too many digits. Could you check it, for example 555 123 4567?"
    return ("I need a phone number (for example 555 123 4567) or an email address "
            "(like name@example.org). Which would you like the team to use?")


def handoff_settings() -> HandoffSettings:
    """Read at each request, so a center that changes its hours is honest at once;
    HARBOR_CENTER_FILE (read here, not only at import) lets tests fix the hours."""
    return load_handoff_settings(Path(os.environ.get("HARBOR_CENTER_FILE") or CENTER_FILE))


def callbacks_open() -> bool:
    return handoff_settings().callbacks_seen(WebhookSettings.from_env().configured)


class _Ask(Action, metaclass=ABCMeta):
    """A form question. An ask action rather than an `utter_ask_*` response: Rasa 3.6's
    validator reports form questions as unused responses, and `make validate` allows no
    warnings. Abstract, so the action server registers only the questions below."""

    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    @abstractmethod
    def question(self, tracker: Tracker) -> dict[str, Any]:
        """The message asking for `slot`: `text`, and `buttons` where there are choices."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(**self.question(tracker))
        return []


class ActionAskCallbackName(_Ask):
    slot = "callback_name"

    def question(self, tracker: Tracker) -> dict[str, Any]:
        return {"text": "What name should the team ask for? A first name or a nickname "
                        "is all we need."}


class ActionAskCallbackContact(_Ask):
    slot = "callback_contact"

    def question(self, tracker: Tracker) -> dict[str, Any]:
        return {"text": "What phone number or email address should they use?"}


class ActionAskCallbackTime(_Ask):
    slot = "callback_time"

    def question(self, tracker: Tracker) -> dict[str, Any]:
        buttons = [{"title": title, "payload": title.lower()} for title in TIME_BUTTONS]
        return {"text": "When is a good time to reach you? Pick one or type your own.",
                "buttons": buttons}


class ActionAskCallbackConsent(_Ask):
    slot = "callback_consent"

    def question(self, tracker: Tracker) -> dict[str, Any]:
        contact = tracker.get_slot("callback_contact") or "the contact you gave"
        return {
            "text": f"Is it okay for someone from the team to contact you at {contact}? "
                    "They will use it only to get back to you.",
            "buttons": [{"title": "Yes", "payload": "/affirm"},
                        {"title": "No", "payload": "/deny"}],
        }


class ValidateCallbackForm(FormValidationAction):
    def name(self) -> str:
        return "validate_callback_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        # Nobody would see the request: ask nothing; action_submit_callback says so.
        return domain_slots if callbacks_open() else []

    def validate_callback_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        name = clean_name(str(value or ""))
        if name is None:
            dispatcher.utter_message(
                text="Sorry, I only need a first name or a nickname, in a word or two. "
                     "What should they call you?"
            )
        return {"callback_name": name}

    def validate_callback_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        contact = clean_contact(str(value or ""))
        if contact is None:
            dispatcher.utter_message(text=contact_problem(str(value or "")))
        return {"callback_contact": contact}

    def validate_callback_time(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"callback_time": clean_time(str(value or ""))}


def callback_record(tracker: Tracker, now: datetime) -> dict[str, Any]:
    """The request as staff act on it; `id` makes it one console row however often the
    slot is re-read (a new session re-setting it, say)."""
    contact = str(tracker.get_slot("callback_contact") or "")
    return {
        "id": uuid.uuid4().hex,
        "name": tracker.get_slot("callback_name"),
        "contact": contact,
        "contact_kind": "email" if is_email(contact) else "phone",
        "best_time": tracker.get_slot("callback_time"),
        "requested_at": now.isoformat(timespec="seconds"),
    }


def no_request_reply() -> str:
    return ("I'm sorry, I can't take a call-back request right now, because nobody would see "
            f"it in time. {center_contact_sentence()} {crisis_line_reminder()}")


class ActionSubmitCallback(Action):
    """Keeps the request for the console and tells the visitor honestly when to expect it."""

    def name(self) -> str:
        return "action_submit_callback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        handoff = handoff_settings()
        if not handoff.callbacks_seen(WebhookSettings.from_env().configured):
            dispatcher.utter_message(text=no_request_reply())
            return [SlotSet("requested_slot", None)]
        if tracker.get_slot("callback_consent") is not True:
            dispatcher.utter_message(response="utter_callback_cancelled")
            return [SlotSet("requested_slot", None)]
        now = datetime.now(timezone.utc)
        record = callback_record(tracker, now)
        when = expected_contact(handoff.staffed_hours, now, record["contact_kind"] == "email")
        dispatcher.utter_message(
            text=f"Thank you, {record['name']}. I've passed your request to the team. "
                 f"{when} {crisis_line_reminder()}"
        )
        # The time and consent are asked again on a second request; the name and contact
        # stay (and stay redacted in stored messages) and are shown in the consent question.
        return [SlotSet(REQUEST_SLOT, record), SlotSet("callback_time", None),
                SlotSet("callback_consent", None), SlotSet("requested_slot", None)]
