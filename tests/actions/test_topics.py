"""The topic actions choose which curated answer (from the domain) to send."""

from __future__ import annotations

import pytest

from actions.topics import (
    ActionAnswerTopic,
    ActionOfferMore,
    topic_keys,
)
from tests.actions.conftest import faq_parse, intent_parse
from tests.conftest import TOPICS


def test_the_domain_has_a_curated_answer_for_every_topic(domain):
    assert sorted(topic_keys(domain)) == sorted(TOPICS)


def test_every_topic_is_one_click_away_from_another_answer(domain):
    linked = {
        button["payload"]
        for variations in domain["responses"].values()
        for button in variations[0].get("buttons", [])
    }
    unlinked = [t for t in TOPICS if f'/choose_topic{{{{"topic": "{t}"}}}}' not in linked]
    assert unlinked == []


@pytest.mark.parametrize("topic", TOPICS)
async def test_a_topic_button_sends_that_topics_answer(topic, domain, dispatcher, make_tracker):
    tracker = make_tracker(intent_parse("choose_topic", [{"entity": "topic", "value": topic}]))

    await ActionAnswerTopic().run(dispatcher, tracker, domain)

    assert [m["response"] for m in dispatcher.messages] == [f"utter_faq/{topic}"]


async def test_a_typed_topic_request_falls_back_to_the_response_selector(
    domain, dispatcher, make_tracker
):
    parse = faq_parse("ptsd")
    parse["intent"] = {"name": "choose_topic", "confidence": 0.8}
    await ActionAnswerTopic().run(dispatcher, make_tracker(parse), domain)

    assert dispatcher.messages[0]["response"] == "utter_faq/ptsd"


async def test_an_unknown_topic_shows_the_menu(domain, dispatcher, make_tracker):
    tracker = make_tracker(intent_parse("choose_topic", [{"entity": "topic", "value": "x"}]))

    await ActionAnswerTopic().run(dispatcher, tracker, domain)

    assert dispatcher.messages[0]["response"] == "utter_menu"


async def test_tell_me_more_offers_the_last_topics_related_topics_and_a_person(
    domain, dispatcher, make_tracker
):
    tracker = make_tracker(faq_parse("dbt"), intent_parse("tell_more"),
                           slots={"center_contact": "Call us."})

    await ActionOfferMore().run(dispatcher, tracker, domain)

    related = domain["responses"]["utter_faq/dbt"][0]["buttons"]
    buttons = dispatcher.messages[0]["buttons"]
    assert buttons[:-1] == related
    assert buttons[-1]["payload"] == "/request_human"
    assert "Call us." in dispatcher.messages[0]["text"]


async def test_tell_me_more_with_no_topic_yet_shows_the_menu(domain, dispatcher, make_tracker):
    await ActionOfferMore().run(dispatcher, make_tracker(intent_parse("tell_more")), domain)

    assert dispatcher.messages[0]["response"] == "utter_menu"
