"""A typed question gets the gate's topic, and a close runner-up as one button."""

from __future__ import annotations

from actions.answers import RUNNER_UP_LEAD, ActionAnswerQuestion
from actions.topics import topic_titles
from tests.actions.conftest import faq_parse


def gated_parse(topic: str, runner_up: str | None = None) -> dict:
    parse = faq_parse(topic)
    parse["answer"] = {"answered": True, "topic": topic, "confidence": 0.8,
                       "runner_up": runner_up, "closest": [topic]}
    return parse


async def test_a_question_gets_its_topics_curated_answer(domain, dispatcher, make_tracker):
    await ActionAnswerQuestion().run(dispatcher, make_tracker(gated_parse("ptsd")), domain)

    assert [m["response"] for m in dispatcher.messages] == ["utter_faq/ptsd"]


async def test_a_close_runner_up_follows_the_answer_as_a_button(domain, dispatcher, make_tracker):
    tracker = make_tracker(gated_parse("anxiety", runner_up="self_medication"))

    await ActionAnswerQuestion().run(dispatcher, tracker, domain)

    answer, offer = dispatcher.messages
    assert answer["response"] == "utter_faq/anxiety"
    assert offer["text"] == RUNNER_UP_LEAD
    assert offer["buttons"] == [{
        "title": topic_titles(domain)["self_medication"],
        "payload": '/choose_topic{"topic": "self_medication"}',
    }]


async def test_without_a_gate_decision_the_response_selector_decides(
    domain, dispatcher, make_tracker
):
    await ActionAnswerQuestion().run(dispatcher, make_tracker(faq_parse("dbt")), domain)

    assert [m["response"] for m in dispatcher.messages] == ["utter_faq/dbt"]


async def test_an_unknown_topic_gets_the_honest_reply_not_a_guess(
    domain, dispatcher, make_tracker
):
    await ActionAnswerQuestion().run(dispatcher, make_tracker(gated_parse("astrology")), domain)

    assert dispatcher.messages[0]["text"].startswith("I don't have a curated answer")
