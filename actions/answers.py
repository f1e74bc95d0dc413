"""A typed question's curated answer, and the close runner-up as a button.

The answer gate (components/answer_gate.py) has already decided that a topic fits and
which topic comes close behind; this action only sends what it decided.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.abstention import send_abstention
from actions.topics import (
    FAQ_RESPONSE_PREFIX,
    choose_topic_button,
    selected_topic,
    topic_keys,
    topic_titles,
)

ANSWER_KEY = "answer"  # set on the parse data by components/answer_gate.py
RUNNER_UP_LEAD = "Not quite what you asked? This topic is close:"


def gate_decision(parse_data: dict[str, Any]) -> dict[str, Any]:
    return parse_data.get(ANSWER_KEY) or {}


class ActionAnswerQuestion(Action):
    """Sends the best topic's answer; a runner-up close to it follows as a button."""

    def name(self) -> str:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        parse_data = tracker.latest_message
        decision = gate_decision(parse_data)
        topic = decision.get("topic") or selected_topic(parse_data)
        known = topic_keys(domain)
        if topic not in known:
            send_abstention(dispatcher, tracker, domain)
            return []
        dispatcher.utter_message(response=FAQ_RESPONSE_PREFIX + topic)
        runner_up = decision.get("runner_up")
        if runner_up in known and runner_up != topic:
            title = topic_titles(domain)[runner_up]
            dispatcher.utter_message(
                text=RUNNER_UP_LEAD, buttons=[choose_topic_button(runner_up, title)]
            )
        return []
