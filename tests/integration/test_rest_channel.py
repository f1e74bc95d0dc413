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


def request_callback(say, name: str = "Sam", contact: str = "555 010 4477") -> list[dict]:
    """Fills the call-back form to the end; returns the confirmation."""
    say("please have someone call me back")
    say(name)
    say(contact)
    say("evening")
    return say("/affirm")


def test_a_callback_request_collects_a_name_a_contact_a_time_and_consent(
    say, rasa_api, conversation_id
):
    confirmation = reply_text(request_callback(say))

    assert confirmation.startswith("Thank you, Sam.") and "expect a call" in confirmation
    record = tracker_of(rasa_api, conversation_id)["slots"]["callback_request"]
    assert {k: record[k] for k in ("name", "contact", "best_time")} == {
        "name": "Sam", "contact": "555 010 4477", "best_time": "evening"}


def test_a_callback_request_by_email_promises_an_email(say):
    confirmation = reply_text(request_callback(say, contact="sam@example.org"))

    assert "expect an email" in confirmation


def test_a_wrong_contact_is_asked_again_saying_what_is_wrong(say):
    say("please have someone call me back")
    say("Sam")

    assert "only 4 digits" in reply_text(say("555 0"))


def test_no_to_consent_takes_no_request_and_gives_the_line(say, rasa_api, conversation_id):
    say("please have someone call me back")
    say("Sam")
    say("555 010 4477")
    say("evening")
    reply = reply_text(say("/deny"))

    assert "won't take a request" in reply and "988" in reply
    assert tracker_of(rasa_api, conversation_id)["slots"]["callback_request"] is None


def test_stop_leaves_the_callback_form(say):
    say("please have someone call me back")

    assert "won't take a request" in reply_text(say("stop"))


def test_the_stored_texts_hide_the_call_back_details_but_the_slots_keep_them(
    say, live_stack, conversation_id
):
    request_callback(say)

    events = stored_events(live_stack, conversation_id)
    texts = [e.get("text") or "" for e in events if e["event"] in ("user", "bot")]
    assert "[callback_name]" in texts and "[callback_contact]" in texts
    assert not any("555 010 4477" in text or re.search(r"\bSam\b", text) for text in texts)
    slots = {(e["name"], e["value"]) for e in events
             if e["event"] == "slot" and e["name"] in ("callback_name", "callback_contact")}
    assert {("callback_name", "Sam"), ("callback_contact", "555 010 4477")} <= slots


@pytest.mark.parametrize("topic", [5, None, ["cbt"], {"x": 1}, "no_such_topic"])
def test_a_topic_payload_with_a_bad_value_does_not_break_the_topic_actions(say, topic):
    say(f'/choose_topic{{"topic": {json.dumps(topic)}}}')
    for text in ("tell me more", "yes", "what is cbt"):
        assert say(text), f"no reply to {text!r} after a topic of {topic!r}"


def test_an_unclear_message_gets_topic_suggestions_not_a_wrong_answer(say):
    messages = say("uhh the thing")

    assert any(b["payload"] == "/request_human" for m in messages for b in m.get("buttons", []))
