"""Crisis escalation, the gentle check-in, and the treatment referral.

The words and numbers come from `safety.replies`, which builds them from
`safety/resources.yml`; nothing here types a phone number. Each escalation is
recorded in the `risk_level` and `risk_category` slots so staff can find it.

Every reply fits the category and the person: the risk the NLU pipeline attached to
a message says whom it is about (`subject`), and "yes" or "no" to a check-in is
answered for the person the check-in asked about.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.escalation_record import escalation_record
from actions.questions import answer_the_question, offer_topics_for_the_question
from actions.topics import choose_topic_button
from safety.replies import (
    CrisisReply,
    concern_check_in,
    crisis_reply,
    overdose_information,
    support_after_no,
    treatment_referral,
)

logger = logging.getLogger(__name__)


def message_risk(tracker: Tracker) -> dict[str, Any]:
    """The risk assessment the NLU pipeline attached to the latest message."""
    return tracker.latest_message.get("risk") or {}


def risk_category(tracker: Tracker) -> str | None:
    """The category of the latest message, or of the check-in it answers."""
    return message_risk(tracker).get("category") or tracker.get_slot("risk_category")


def last_risk_message(tracker: Tracker) -> dict[str, Any]:
    """The parse data of the latest message that carried a risk (the one a check-in asked about).

    "Yes" or "no" to a check-in carries no risk of its own.
    """
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            parse_data = event.get("parse_data") or {}
            if parse_data.get("risk"):
                return parse_data
    return tracker.latest_message


def risk_subject(tracker: Tracker) -> str:
    """Whom the risk is about ("my brother says he wants to die": someone else)."""
    return (last_risk_message(tracker).get("risk") or {}).get("subject") or "self"


def send(dispatcher: CollectingDispatcher, reply: CrisisReply) -> None:
    dispatcher.utter_message(text=reply.text, buttons=list(reply.buttons))


class ActionEscalateCrisis(Action):
    """Gives the category's crisis lines at once and offers a person."""

    def name(self) -> str:
        return "action_escalate_crisis"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        category = risk_category(tracker)
        send(dispatcher, crisis_reply(category, subject=risk_subject(tracker)))
        # Staff follow up on these; the conversation id is the only identifier logged.
        logger.warning(
            "crisis escalation: conversation=%s category=%s", tracker.sender_id, category
        )
        return [
            SlotSet("risk_level", "crisis"),
            SlotSet("risk_category", category),
            escalation_record(tracker, "crisis", category),
        ]


class ActionCheckInRisk(Action):
    """Answers the question the message asked, if any, then asks directly and gives the line.

    The check-in fits the category and the person (a self-harm question for a
    self-harm signal, a question for the helper about someone else) and always
    carries the category's line, so a visitor who leaves after it has a number.
    """

    def name(self) -> str:
        return "action_check_in_risk"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        category = risk_category(tracker)
        answered = answer_the_question(dispatcher, tracker.latest_message, domain, category)
        check_in = concern_check_in(category, subject=risk_subject(tracker), after_answer=answered)
        send(dispatcher, check_in)
        return [SlotSet("risk_level", "concern"), SlotSet("risk_category", category)]


class ActionSupportAfterNo(Action):
    """Carries on gently after "no" to the check-in, still giving the lines.

    A question that came with the worry and was not clear enough to answer before the
    check-in gets its likely topics as buttons now, so it is not lost.
    """

    def name(self) -> str:
        return "action_support_after_no"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        category = tracker.get_slot("risk_category")
        send(dispatcher, support_after_no(category, subject=risk_subject(tracker)))
        offer_topics_for_the_question(dispatcher, last_risk_message(tracker), domain)
        return []


class ActionTreatmentReferral(Action):
    """Points someone who wants help quitting to the center and the SAMHSA helpline."""

    def name(self) -> str:
        return "action_treatment_referral"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        contact = tracker.get_slot("center_contact") or ""
        dispatcher.utter_message(
            text=f"Reaching out is a strong first step. {contact} {treatment_referral()}".strip(),
            buttons=[
                choose_topic_button("detox", "What happens in detox?"),
                {"title": "Request a call back", "payload": "/request_callback"},
            ],
        )
        return []


class ActionOverdoseInfo(Action):
    """Answers a question about overdose or dangerous withdrawal with the danger signs.

    Not an escalation: the visitor asked for information. But the answer always
    says when to call for help, since the person asking may be the one at risk.
    """

    def name(self) -> str:
        return "action_overdose_info"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        send(dispatcher, overdose_information())
        return []
