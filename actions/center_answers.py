"""Questions about the center itself (cost, admission, visiting...), answered from center.yml.

Never a guess from the nearest topic: the center's own words, or, where the center has
not filled a subject in, an honest "no details yet" and how to reach the team.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from harbor.center import ANSWER_SUBJECTS, Center, load_center
from safety.replies import REQUEST_HUMAN, treatment_referral

# Each center intent (data/nlu.yml) and the center.yml answer it reads.
SUBJECT_OF_INTENT = {
    "ask_cost": "cost_and_insurance",
    "ask_admission": "admission",
    "ask_what_to_bring": "what_to_bring",
    "ask_visiting": "visiting",
    "ask_confidentiality": "confidentiality",
    "ask_program_length": "program_length",
}
# True wherever the center is: said when the center has not written its own answer.
GENERAL_FACTS = {
    "confidentiality": (
        "In the US, treatment records are protected by federal privacy law (HIPAA, and "
        "42 CFR Part 2 for substance use treatment): in general they are not shared "
        "without your written consent, except in an emergency or where the law requires."
    ),
}


def center_reply(center: Center, subject: str, contact: str) -> str:
    """The reply to a center question: the center's answer, or an honest "not yet"."""
    own = center.answer(subject)
    if own:
        return f"{own} {contact}".strip()
    missing = (
        f"I don't have the {center.name}'s details about {ANSWER_SUBJECTS[subject]} here, "
        "and I'd rather not guess. The team can tell you."
    )
    extra = {"confidentiality": GENERAL_FACTS["confidentiality"],
             "cost_and_insurance": treatment_referral()}.get(subject, "")
    return " ".join(part for part in (missing, contact, extra) if part)


class ActionAnswerCenter(Action):
    """Answers a question about the center from center.yml."""

    def name(self) -> str:
        return "action_answer_center"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        subject = SUBJECT_OF_INTENT.get(intent)
        if subject is None:
            dispatcher.utter_message(response="utter_menu")
            return []
        contact = tracker.get_slot("center_contact") or load_center().contact_sentence()
        dispatcher.utter_message(
            text=center_reply(load_center(), subject, contact), buttons=[REQUEST_HUMAN]
        )
        return []
