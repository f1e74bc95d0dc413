"""The self-screeners as Rasa forms: one question per turn, buttons for every answer.

Each instrument in `actions/instruments.yml` is one form (`phq_form`, ...) whose slots
are its items (`phq_1` .. `phq_9`). A visitor answers with a button
(`/screener_answer{"screener_value": 2, "screener_item": "phq_1"}`) or by typing an
option's words; anything else gets a clear re-ask. "Stop", a crisis, a concern or
asking for a person end the form through the rules in `data/screeners.yml` (the item
slots' mappings leave those intents unread: `not_intent` in domain.yml). A PHQ-9 item 9 answer above
"Not at all" ends the form at once and gets the suicide crisis reply. Each result is
appended to the `screener_results` slot so staff see it with the conversation.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.escalation import send
from actions.escalation_record import ESCALATION_SLOT, escalation_record
from actions.screener_instruments import (
    Instrument,
    Item,
    Option,
    instrument_for_intent,
    load_instruments,
)
from actions.session import center_contact_sentence
from actions.topics import choose_topic_button
from safety.replies import REQUEST_HUMAN, crisis_reply, treatment_referral

logger = logging.getLogger(__name__)

SCREENER_SLOT = "screener"
# The escalation record's source when a screener item, not a message, raised it.
SCREENER_SOURCE = "screener_item"
RESULTS_SLOT = "screener_results"
ANSWER_INTENT = "screener_answer"
VALUE_ENTITY = "screener_value"
ITEM_ENTITY = "screener_item"
STOP_BUTTON = {"title": "Stop", "payload": "/stop_screener"}
RE_ASK = (
    "Sorry, I didn't catch that answer. Please tap one of the answers below, "
    "or Stop to leave the questions."
)


# ---------------------------------------------------------------- messages
def answer_button(instrument: Instrument, item: Item, option: Option) -> dict[str, str]:
    """A button whose payload names the question, so a tap on an old one is not misread."""
    return {
        "title": option.label,
        "payload": f'/{ANSWER_INTENT}{{"{VALUE_ENTITY}": {option.score}, '
        f'"{ITEM_ENTITY}": "{instrument.slot(item)}"}}',
    }


def question_text(instrument: Instrument, item: Item) -> str:
    """The item with its place in the screen, and a word when the longer form begins."""
    short = instrument.short_form
    in_short_form = short is not None and item.number <= short.items
    total = short.items if in_short_form else len(instrument.items)
    lines = []
    if short is not None and item.number == short.items + 1:
        more = len(instrument.items) - short.items
        lines.append(f"Thank you. {more} more questions, from the full {instrument.name}.")
    if total > 1:
        lines.append(f"Question {item.number} of {total}.")
    if instrument.stem:
        lines.append(instrument.stem)
    lines.append(item.text)
    return "\n".join(lines)


def question_buttons(instrument: Instrument, item: Item) -> list[dict[str, str]]:
    return [answer_button(instrument, item, option) for option in item.options] + [STOP_BUTTON]


def current_answers(instrument: Instrument, tracker: Tracker) -> list[int | None]:
    """The scores answered so far; a slot still holding unread text counts as unanswered."""
    values = [tracker.get_slot(slot) for slot in instrument.slots]
    return [v if isinstance(v, int) and not isinstance(v, bool) else None for v in values]


def center_contact(tracker: Tracker) -> str:
    return tracker.get_slot("center_contact") or center_contact_sentence()


# ---------------------------------------------------------------- starting
class ActionStartScreener(Action):
    """Says what the screener is and clears answers left from an earlier, unfinished one."""

    def name(self) -> str:
        return "action_start_screener"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        instrument = instrument_for_intent(intent)
        if instrument is None:
            logger.error("action_start_screener after intent %r, which starts none", intent)
            return []
        dispatcher.utter_message(
            text=(
                f"Let's go through {instrument.about}. It's a screen, not a diagnosis. "
                "Your answers are kept with this chat so our team can see them if you "
                "get in touch. Tap Stop at any time to leave."
            )
        )
        return [SlotSet(SCREENER_SLOT, instrument.key)] + [
            SlotSet(slot, None) for slot in instrument.slots
        ]


# ---------------------------------------------------------------- asking
class AskScreenerItem(Action, ABC):
    """Asks one item with its answer buttons and a Stop button.

    One ask action per item, built below from the data file: Rasa calls
    `action_ask_<slot>` for each slot a form requests, and Rasa 3.6's validator
    reports `utter_ask_*` form questions as unused responses.
    """

    instrument_key: str
    item_number: int

    @abstractmethod
    def name(self) -> str:
        """`action_ask_<slot>`."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        instrument = load_instruments()[self.instrument_key]
        item = instrument.items[self.item_number - 1]
        dispatcher.utter_message(
            text=question_text(instrument, item), buttons=question_buttons(instrument, item)
        )
        return []


def _ask_action(instrument: Instrument, item: Item) -> type[AskScreenerItem]:
    slot = instrument.slot(item)
    return type(
        f"ActionAsk_{slot}",
        (AskScreenerItem,),
        {
            "instrument_key": instrument.key,
            "item_number": item.number,
            "name": lambda self, action=f"action_ask_{slot}": action,
            "__module__": __name__,
        },
    )


ASK_ACTIONS = {
    f"action_ask_{instrument.slot(item)}": _ask_action(instrument, item)
    for instrument in load_instruments().values()
    for item in instrument.items
}


# ---------------------------------------------------------------- reading answers
class ValidateScreenerForm(FormValidationAction, ABC):
    """Reads each answer, re-asks what is no option, and asks only the items needed."""

    @property
    @abstractmethod
    def instrument_key(self) -> str:
        """The instrument's key in instruments.yml."""

    @property
    def instrument(self) -> Instrument:
        return load_instruments()[self.instrument_key]

    def name(self) -> str:
        return f"validate_{self.instrument.form}"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        # PHQ-2 below 3 ends the screen, "Never" drinking ends AUDIT-C, and a risk
        # answer ends the PHQ-9 so the crisis reply comes next.
        return self.instrument.slots_needed(current_answers(self.instrument, tracker))

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        # One reader for every item instead of a `validate_<slot>` method per question.
        events: list[EventType] = []
        for slot, value in tracker.slots_to_validate().items():
            item = self.instrument.item_for_slot(slot)
            # At activation Rasa passes the cleared items (None) too: nothing was typed.
            if item is None or value is None:
                continue
            score = self.read_answer(item, value, tracker)
            if score is None:
                dispatcher.utter_message(text=RE_ASK)
            events.append(SlotSet(slot, score))
        return events

    def read_answer(self, item: Item, typed: Any, tracker: Tracker) -> int | None:
        """The score of a button for this item, or of typed words naming an option."""
        message = tracker.latest_message
        if (message.get("intent") or {}).get("name") == ANSWER_INTENT:
            value = next(tracker.get_latest_entity_values(VALUE_ENTITY), None)
            if value is not None:
                for_item = next(tracker.get_latest_entity_values(ITEM_ENTITY), None)
                if for_item not in (None, self.instrument.slot(item)):
                    return None  # a button of an earlier question
                return item.score_of(value)
        return item.score_of(str(typed or ""))


class ValidateAuditCForm(ValidateScreenerForm):
    instrument_key = "audit_c"


class ValidateDrugScreenForm(ValidateScreenerForm):
    instrument_key = "drug_screen"


class ValidatePhqForm(ValidateScreenerForm):
    instrument_key = "phq"


class ValidateGadForm(ValidateScreenerForm):
    instrument_key = "gad"


# ---------------------------------------------------------------- the result
class ActionReportScreener(Action):
    """Scores the finished screener, keeps the result, and gives the next step.

    A risk item answered above its lowest option (PHQ-9 item 9) gets the crisis
    reply of its category instead, and is recorded like any escalation.
    """

    def name(self) -> str:
        return "action_report_screener"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        instrument = load_instruments().get(tracker.get_slot(SCREENER_SLOT) or "")
        if instrument is None:
            logger.error("action_report_screener with no screener in progress")
            return []
        try:
            result = instrument.score(current_answers(instrument, tracker))
        except ValueError:
            logger.exception("could not score %s", instrument.name)
            dispatcher.utter_message(
                text=f"Sorry, something went wrong with the questions. {center_contact(tracker)}",
                buttons=[REQUEST_HUMAN],
            )
            return []
        today = datetime.now(timezone.utc).date()
        results = list(tracker.get_slot(RESULTS_SLOT) or []) + [result.as_record(today)]
        if result.risk_item_positive and instrument.risk_item is not None:
            return [SlotSet(RESULTS_SLOT, results)] + self.escalate(
                dispatcher, tracker, instrument.risk_item.category
            )
        dispatcher.utter_message(text=instrument.describe(result))
        dispatcher.utter_message(
            text=self.next_step(tracker, result.positive),
            buttons=[
                choose_topic_button(instrument.topic_key, instrument.topic_title),
                REQUEST_HUMAN,
            ],
        )
        return [SlotSet(RESULTS_SLOT, results)]

    @staticmethod
    def next_step(tracker: Tracker, positive: bool) -> str:
        if positive:
            return f"Talking it over is a good next step. {center_contact(tracker)} " + (
                treatment_referral()
            )
        return f"If you'd like to talk anything over, we're here. {center_contact(tracker)}"

    @staticmethod
    def escalate(
        dispatcher: CollectingDispatcher, tracker: Tracker, category: str
    ) -> list[EventType]:
        send(dispatcher, crisis_reply(category))
        # As in actions/escalation.py: staff follow up; the conversation id is all we log.
        logger.warning(
            "crisis escalation: conversation=%s category=%s source=screener",
            tracker.sender_id,
            category,
        )
        record = escalation_record(tracker, "crisis", category)["value"]
        return [
            SlotSet("risk_level", "crisis"),
            SlotSet("risk_category", category),
            SlotSet(ESCALATION_SLOT, {**record, "source": SCREENER_SOURCE}),
        ]
