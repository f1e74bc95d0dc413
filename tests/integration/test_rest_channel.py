"""The running stack answers through Rasa's REST channel as a visitor would see it."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from harbor.settings import PROJECT_ROOT
from tests.conftest import TOPICS
from tests.integration.conftest import reply_text, stored_events, tracker_of

pytestmark = pytest.mark.integration


RESPONSES = yaml.safe_load((PROJECT_ROOT / "data" / "faq_responses.yml").read_text())


def curated_answer(topic: str) -> str:
    return RESPONSES["responses"][f"utter_faq/{topic}"][0]["text"]


def test_a_topic_question_gets_its_curated_answer_with_the_center_contact(say):
    messages = say("what is dual diagnosis")

    expected_start = curated_answer("dual_diagnosis").split("{center_contact}")[0]
    assert messages[0]["text"].startswith(expected_start)
    assert "{center_contact}" not in messages[0]["text"]
    assert "911 Detox Center" in messages[0]["text"]
    assert messages[0]["buttons"]


@pytest.mark.parametrize("topic", TOPICS)
def test_every_topic_button_gets_that_topics_answer_and_buttons(say, topic):
    messages = say(f'/choose_topic{{"topic": "{topic}"}}')

    expected_start = curated_answer(topic).split("{center_contact}")[0]
    assert messages[0]["text"].startswith(expected_start)
    assert 2 <= len(messages[0]["buttons"]) <= 3


def test_the_greeting_says_it_is_a_bot(say):
    assert "bot" in reply_text(say("hello")).lower()


def test_asking_for_a_person_gives_the_center_contact(say):
    assert "911 Detox Center" in reply_text(say("can i talk to a real person"))


def test_a_callback_request_collects_a_name_and_a_number(say, rasa_api, conversation_id):
    say("please have someone call me back")
    say("Sam")
    confirmation = reply_text(say("555 010 4477"))

    assert "Sam" in confirmation and "555 010 4477" in confirmation
    assert tracker_of(rasa_api, conversation_id)["slots"]["callback_contact"] == "555 010 4477"


def test_the_stored_texts_hide_the_call_back_details_but_the_slots_keep_them(
    say, live_stack, conversation_id
):
    say("please have someone call me back")
    say("Sam")
    say("555 010 4477")

    events = stored_events(live_stack, conversation_id)
    texts = [e.get("text") or "" for e in events if e["event"] in ("user", "bot")]
    assert "[callback_name]" in texts and "[callback_contact]" in texts
    assert not any("555 010 4477" in text or re.search(r"\bSam\b", text) for text in texts)
    slots = {(e["name"], e["value"]) for e in events if e["event"] == "slot"}
    assert {("callback_name", "Sam"), ("callback_contact", "555 010 4477")} <= slots


@pytest.mark.parametrize("topic", [5, None, ["cbt"], {"x": 1}, "no_such_topic"])
def test_a_topic_payload_with_a_bad_value_does_not_break_the_topic_actions(say, topic):
    say(f'/choose_topic{{"topic": {json.dumps(topic)}}}')
    for text in ("tell me more", "yes", "what is cbt"):
        assert say(text), f"no reply to {text!r} after a topic of {topic!r}"


def test_an_unclear_message_gets_topic_suggestions_not_a_wrong_answer(say):
    messages = say("uhh the thing")

    assert any(b["payload"] == "/request_human" for m in messages for b in m.get("buttons", []))
