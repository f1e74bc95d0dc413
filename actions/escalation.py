"""Crisis escalation, the gentle check-in, and the treatment referral.

The words and numbers come from `safety.replies`, which builds them from
`safety/resources.yml`; nothing here types a phone number. Each escalation is
recorded in the `risk_level` and `risk_category` slots so staff can find it.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.escalation_record import escalation_record
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
        subject = message_risk(tracker).get("subject", "self")
        send(dispatcher, crisis_reply(category, subject=subject))
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
    """Asks directly and kindly whether the visitor is thinking of harming themselves."""

    def name(self) -> str:
        return "action_check_in_risk"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        category = risk_category(tracker)
        send(dispatcher, concern_check_in(category))
        return [SlotSet("risk_level", "concern"), SlotSet("risk_category", category)]


class ActionSupportAfterNo(Action):
    """Carries on gently after "no" to the check-in, still giving the lines."""

    def name(self) -> str:
        return "action_support_after_no"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        send(dispatcher, support_after_no(tracker.get_slot("risk_category")))
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
