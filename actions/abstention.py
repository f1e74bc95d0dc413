"""The honest reply when no curated answer fits: say so, offer the closest topics, a person.

Reached by `nlu_fallback` (the answer gate found no topic that fits, or the model is
unsure what the message is) and by `uncovered_question` (in the domain, but nothing
curated covers it). A guessed paragraph costs a visitor's trust; this reply keeps it.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.screener_instruments import instrument_for_intent
from actions.topics import choose_topic_button, likely_topics, topic_titles
from safety.replies import REQUEST_HUMAN, treatment_referral

CLOSEST_TOPIC_COUNT = 3
UNCOVERED_INTENT = "uncovered_question"
NO_ANSWER = (
    "I don't have a curated answer for that question, and I'd rather tell you than guess."
)
REPHRASE = "If I misread you, you can also ask in other words."
CLOSEST_LEAD = "These are the closest topics I can help with:"
# When the gate declined a topic's answer because the question asks about particulars
# the answer does not cover (`answer.uncovered`), the topic is the first button: the
# visitor is told the general answer is not an answer to exactly that question.
NO_EXACT_ANSWER = (
    "I don't have a curated answer to exactly that, and I'd rather tell you than guess."
)
GENERAL_LEAD = "The general answers here may still help:"
# When the question is near a self-screener's (the gate's `answer.screener`), the
# screener is the first button and takes one topic's place.
SCREENER_LEAD = "A short self-check may help, or the closest topics I can help with:"
# Topics about getting treatment: a visitor whose question sits near them is also
# given the national treatment-referral line, which can answer what we cannot.
TREATMENT_TOPICS = frozenset({
    "integrated_treatment", "dual_diagnosis", "cbt", "dbt", "emdr", "medication", "detox",
    "after_detox", "support_groups", "personalized_care",
})


def closest_topics(parse_data: dict[str, Any], domain: dict[str, Any]) -> list[str]:
    """The gate's closest topics, else the response selector's ranking, known ones only."""
    titles = topic_titles(domain)
    decided = (parse_data.get("answer") or {}).get("closest") or []
    ranked = list(decided) or likely_topics(parse_data, CLOSEST_TOPIC_COUNT)
    return [topic for topic in ranked if topic in titles][:CLOSEST_TOPIC_COUNT]


def offered_screener_button(parse_data: dict[str, Any]) -> dict[str, str] | None:
    """The button that starts the screener the gate offers, if it offers one."""
    intent = (parse_data.get("answer") or {}).get("screener")
    instrument = instrument_for_intent(intent)
    if instrument is None:
        return None
    return {"title": instrument.title, "payload": f"/{instrument.intent}"}


def looks_like_a_question(parse_data: dict[str, Any]) -> bool:
    """A topic-shaped or uncovered question, as opposed to a message not understood."""
    intent = (parse_data.get("intent") or {}).get("name")
    return intent == UNCOVERED_INTENT or bool(parse_data.get("answer"))


def asks_about_particulars(parse_data: dict[str, Any]) -> bool:
    """The gate found a topic but declined it: the question asks what it does not cover."""
    return bool((parse_data.get("answer") or {}).get("uncovered"))


def send_abstention(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> None:
    parse_data = tracker.latest_message
    screener = offered_screener_button(parse_data)
    topics = closest_topics(parse_data, domain)[: CLOSEST_TOPIC_COUNT - bool(screener)]
    titles = topic_titles(domain)
    # Unsure what the message was (not only which topic): it may just need other words.
    rephrase = "" if looks_like_a_question(parse_data) else REPHRASE
    contact = tracker.get_slot("center_contact") or ""
    referral = treatment_referral() if TREATMENT_TOPICS.intersection(topics[:2]) else ""
    particulars = asks_about_particulars(parse_data)
    no_answer = NO_EXACT_ANSWER if particulars else NO_ANSWER
    closest = (GENERAL_LEAD if particulars else CLOSEST_LEAD) if topics else ""
    if screener is not None:
        closest = SCREENER_LEAD
    topic_buttons = [choose_topic_button(t, titles[t]) for t in topics]
    dispatcher.utter_message(
        text=" ".join(part for part in (no_answer, rephrase, contact, referral, closest) if part),
        buttons=[*([screener] if screener else []), *topic_buttons, REQUEST_HUMAN],
    )


class ActionClarify(Action):
    """The reply when no curated answer fits the message (see the module docstring)."""

    def name(self) -> str:
        return "action_clarify"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        send_abstention(dispatcher, tracker, domain)
        return []
