"""What a visitor gets through the REST channel: the topic asked about, the center's own
answers, and an honest reply when nothing curated fits."""

from __future__ import annotations

import pytest
import yaml

from actions.abstention import NO_ANSWER
from harbor.center import ANSWER_SUBJECTS
from harbor.settings import PROJECT_ROOT
from tests.integration.conftest import reply_text

RESPONSES = yaml.safe_load((PROJECT_ROOT / "data" / "faq_responses.yml").read_text())


def opening(topic: str) -> str:
    return RESPONSES["responses"][f"utter_faq/{topic}"][0]["text"].split("{center_contact}")[0]


@pytest.mark.parametrize(
    ("message", "topic"),
    [("tell me about dbt", "dbt"), ("tell me about emdr", "emdr"),
     ("tell me about detox", "detox")],
)
def test_tell_me_about_a_topic_gets_that_topic(say, message, topic):
    assert say(message)[0]["text"].startswith(opening(topic))


@pytest.mark.parametrize(
    ("message", "subject"),
    [("how much does it cost to stay at your center", "cost_and_insurance"),
     ("can my husband visit me while i'm there", "visiting"),
     ("how long is the program usually", "program_length")],
)
def test_a_question_about_the_center_gets_the_centers_answer(say, message, subject):
    text = reply_text(say(message))

    assert f"details about {ANSWER_SUBJECTS[subject]}" in text
    assert "911 Detox Center" in text


@pytest.mark.parametrize(
    "message",
    ["what is kratom and is it safe", "what is an employee assistance program",
     "what is a 504 plan"],
)
def test_a_question_nothing_curated_covers_gets_the_honest_reply(say, message):
    [reply] = say(message)

    assert reply["text"].startswith(NO_ANSWER)
    assert "911 Detox Center" in reply["text"]
    assert reply["buttons"][-1]["payload"] == "/request_human"
