"""Curated topic answers reached by button and "tell me more", and the topic helpers.

The answers themselves live in the domain as `utter_faq/<topic>` responses; these
actions only choose which one to send, so an answer has one home.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from safety.replies import REQUEST_HUMAN

FAQ_INTENT = "faq"
FAQ_RESPONSE_PREFIX = "utter_faq/"


def topic_keys(domain: dict[str, Any]) -> list[str]:
    """Every topic that has a curated answer, in domain order."""
    return [
        name[len(FAQ_RESPONSE_PREFIX):]
        for name in domain.get("responses", {})
        if name.startswith(FAQ_RESPONSE_PREFIX)
    ]


def topic_buttons(domain: dict[str, Any], topic: str) -> list[dict[str, str]]:
    """The related-topic buttons of a topic's curated answer."""
    variations = domain.get("responses", {}).get(FAQ_RESPONSE_PREFIX + topic) or [{}]
    return list(variations[0].get("buttons", []))


def topic_titles(domain: dict[str, Any]) -> dict[str, str]:
    """A button title for each topic, taken from the buttons the answers already carry."""
    found: dict[str, str] = {}
    for variations in domain.get("responses", {}).values():
        for variation in variations:
            for button in variation.get("buttons", []):
                topic = topic_of_payload(button.get("payload", ""))
                if topic:
                    found.setdefault(topic, button["title"])
    return {
        key: found.get(key, key.replace("_", " ").capitalize()) for key in topic_keys(domain)
    }


def choose_topic_button(topic: str, title: str) -> dict[str, str]:
    return {"title": title, "payload": f'/choose_topic{{"topic": "{topic}"}}'}


def topic_of_payload(payload: str) -> str | None:
    """The topic a `/choose_topic` button payload names, or None for any other payload."""
    marker = '"topic": "'
    if not payload.startswith("/choose_topic") or marker not in payload:
        return None
    return payload.split(marker, 1)[1].split('"', 1)[0]


def selected_topic(parse_data: dict[str, Any]) -> str | None:
    """The topic a parsed message asked about, from its entity or the response selector."""
    for entity in parse_data.get("entities") or []:
        if entity.get("entity") == "topic":
            value = entity.get("value")
            # A payload can carry any JSON ({"topic": 5}); only a key is a topic.
            return value if isinstance(value, str) else None
    selection = (parse_data.get("response_selector") or {}).get(FAQ_INTENT) or {}
    key = (selection.get("response") or {}).get("intent_response_key") or ""
    return key.split("/", 1)[1] if "/" in key else None


def likely_topics(parse_data: dict[str, Any], limit: int) -> list[str]:
    """The response selector's best guesses for a message, most likely first."""
    selection = (parse_data.get("response_selector") or {}).get(FAQ_INTENT) or {}
    keys = [entry.get("intent_response_key", "") for entry in selection.get("ranking", [])]
    return [key.split("/", 1)[1] for key in keys if "/" in key][:limit]


def _user_turns_newest_first(tracker: Tracker) -> Iterator[dict[str, Any]]:
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            yield event.get("parse_data") or {}


def last_answered_topic(tracker: Tracker) -> str | None:
    """The most recent topic the visitor asked about, by question or by button."""
    for parse_data in _user_turns_newest_first(tracker):
        intent = (parse_data.get("intent") or {}).get("name")
        if intent in (FAQ_INTENT, "choose_topic"):
            return selected_topic(parse_data)
    return None


class ActionAnswerTopic(Action):
    """Sends the curated answer of the topic a button (or "topic: dbt") names."""

    def name(self) -> str:
        return "action_answer_topic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        topic = selected_topic(tracker.latest_message)
        if topic in topic_keys(domain):
            dispatcher.utter_message(response=FAQ_RESPONSE_PREFIX + topic)
        else:
            dispatcher.utter_message(response="utter_menu")
        return []


class ActionOfferMore(Action):
    """Answers "tell me more" or a bare "yes" with topics related to the last answer."""

    def name(self) -> str:
        return "action_offer_more"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        topic = last_answered_topic(tracker)
        buttons = topic_buttons(domain, topic) if topic else []
        if not buttons:
            dispatcher.utter_message(response="utter_menu")
            return []
        contact = tracker.get_slot("center_contact") or ""
        dispatcher.utter_message(
            text=(
                "Here are some related topics that may help. If you'd rather talk it "
                f"through with someone, that's a good next step too. {contact}"
            ).strip(),
            buttons=[*buttons, REQUEST_HUMAN],
        )
        return []
