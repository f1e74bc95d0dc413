"""The honest reply: say there is no curated answer, offer the closest topics and a person."""

from __future__ import annotations

import pytest

from actions.abstention import (
    CLOSEST_LEAD,
    GENERAL_LEAD,
    NO_ANSWER,
    NO_EXACT_ANSWER,
    REPHRASE,
    SCREENER_LEAD,
    ActionClarify,
)
from safety.replies import treatment_referral
from tests.actions.conftest import faq_parse

CONTACT = "You can reach the team through the contact page of this website."


def abstained(closest: list[str]) -> dict:
    """Parse data of a question the gate found no fitting topic for."""
    parse = faq_parse(closest[0], ranking=closest)
    parse["intent"] = {"name": "nlu_fallback", "confidence": 0.55}
    parse["answer"] = {"answered": False, "topic": closest[0], "confidence": 0.2,
                       "runner_up": None, "closest": closest}
    return parse


async def reply_to(parse: dict, domain, dispatcher, make_tracker) -> dict:
    tracker = make_tracker(parse, slots={"center_contact": CONTACT})
    await ActionClarify().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    return message


async def test_no_fitting_topic_is_said_plainly_with_the_contact(domain, dispatcher, make_tracker):
    message = await reply_to(abstained(["stigma", "advocacy", "prevention"]), domain,
                             dispatcher, make_tracker)

    assert message["text"] == f"{NO_ANSWER} {CONTACT} {CLOSEST_LEAD}"


async def test_the_closest_topics_and_a_person_are_the_buttons(domain, dispatcher, make_tracker):
    message = await reply_to(abstained(["stigma", "advocacy", "prevention"]), domain,
                             dispatcher, make_tracker)

    assert [b["payload"] for b in message["buttons"]] == [
        '/choose_topic{"topic": "stigma"}',
        '/choose_topic{"topic": "advocacy"}',
        '/choose_topic{"topic": "prevention"}',
        "/request_human",
    ]


@pytest.mark.parametrize(
    ("closest", "gets_helpline"),
    [(["detox", "stigma", "advocacy"], True), (["stigma", "cbt", "advocacy"], True),
     (["stigma", "advocacy", "cbt"], False)],
    ids=["treatment topic first", "treatment topic second", "treatment topic only third"],
)
async def test_a_treatment_question_also_gets_the_treatment_helpline(
    closest, gets_helpline, domain, dispatcher, make_tracker
):
    message = await reply_to(abstained(closest), domain, dispatcher, make_tracker)

    assert (treatment_referral() in message["text"]) is gets_helpline


async def test_an_uncovered_question_gets_the_same_honest_reply(domain, dispatcher, make_tracker):
    parse = faq_parse("stigma", ranking=["stigma", "advocacy"])
    parse["intent"] = {"name": "uncovered_question", "confidence": 0.9}

    message = await reply_to(parse, domain, dispatcher, make_tracker)

    assert message["text"].startswith(NO_ANSWER)


async def test_a_message_not_understood_is_also_invited_in_other_words(
    domain, dispatcher, make_tracker
):
    parse = faq_parse("detox", ranking=["detox", "after_detox", "medication", "cbt"])
    parse["intent"] = {"name": "nlu_fallback", "confidence": 0.55}

    message = await reply_to(parse, domain, dispatcher, make_tracker)

    assert message["text"].startswith(f"{NO_ANSWER} {REPHRASE}")
    assert [b["payload"] for b in message["buttons"]] == [
        '/choose_topic{"topic": "detox"}',
        '/choose_topic{"topic": "after_detox"}',
        '/choose_topic{"topic": "medication"}',
        "/request_human",
    ]


async def test_a_question_about_particulars_is_told_the_topic_is_only_the_general_answer(
    domain, dispatcher, make_tracker
):
    parse = abstained(["ptsd", "childhood_trauma", "anxiety"])
    parse["answer"] |= {"confidence": 0.95, "uncovered": ["nightmares", "without"]}

    message = await reply_to(parse, domain, dispatcher, make_tracker)

    assert message["text"] == f"{NO_EXACT_ANSWER} {CONTACT} {GENERAL_LEAD}"
    assert message["buttons"][0]["payload"] == '/choose_topic{"topic": "ptsd"}'


async def test_a_question_near_a_screener_gets_it_as_the_first_button(
        domain, dispatcher, make_tracker):
    parse = abstained(["alcohol", "drinking_limits", "genetics"])
    parse["answer"]["screener"] = "screen_alcohol"

    message = await reply_to(parse, domain, dispatcher, make_tracker)

    assert message["text"].endswith(SCREENER_LEAD)
    assert [b["payload"] for b in message["buttons"]] == [
        "/screen_alcohol",
        '/choose_topic{"topic": "alcohol"}',
        '/choose_topic{"topic": "drinking_limits"}',
        "/request_human",
    ]
    assert message["buttons"][0]["title"] == "Drinking check (AUDIT-C)"


async def test_an_unknown_screener_is_left_out(domain, dispatcher, make_tracker):
    parse = abstained(["alcohol", "drinking_limits", "genetics"])
    parse["answer"]["screener"] = "screen_gambling"

    message = await reply_to(parse, domain, dispatcher, make_tracker)

    assert len(message["buttons"]) == 4 and message["buttons"][0]["payload"] != "/screen_gambling"
