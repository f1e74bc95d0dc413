"""Questions about the center get the center's own words, or an honest "not yet"."""

from __future__ import annotations

import pytest

from actions.center_answers import (
    GENERAL_FACTS,
    SUBJECT_OF_INTENT,
    ActionAnswerCenter,
    center_reply,
)
from harbor.center import ANSWER_SUBJECTS, Center
from safety.replies import treatment_referral
from tests.actions.conftest import intent_parse

CONTACT = "You can call the Harbor House team at 555-0100."
FILLED = Center(name="Harbor House", phone="555-0100",
                answers={"program_length": "Detox usually takes 5 to 7 days."})
EMPTY = Center(name="Harbor House", phone="555-0100")


def test_every_center_intent_reads_a_center_subject():
    assert sorted(SUBJECT_OF_INTENT.values()) == sorted(ANSWER_SUBJECTS)


def test_a_filled_in_answer_is_given_in_the_centers_words_with_the_contact():
    assert center_reply(FILLED, "program_length", CONTACT) == (
        f"Detox usually takes 5 to 7 days. {CONTACT}"
    )


@pytest.mark.parametrize("subject", list(ANSWER_SUBJECTS))
def test_an_empty_answer_says_so_and_gives_the_contact(subject):
    reply = center_reply(EMPTY, subject, CONTACT)

    assert reply.startswith(
        f"I don't have the Harbor House's details about {ANSWER_SUBJECTS[subject]} here, "
        "and I'd rather not guess."
    )
    assert CONTACT in reply


def test_an_empty_cost_answer_adds_the_treatment_helpline():
    assert treatment_referral() in center_reply(EMPTY, "cost_and_insurance", CONTACT)


def test_an_empty_confidentiality_answer_gives_the_law_that_applies_everywhere():
    assert GENERAL_FACTS["confidentiality"] in center_reply(EMPTY, "confidentiality", CONTACT)


@pytest.mark.parametrize("intent", list(SUBJECT_OF_INTENT))
async def test_each_center_question_is_answered_with_a_person_button(
    intent, domain, dispatcher, make_tracker
):
    tracker = make_tracker(intent_parse(intent), slots={"center_contact": CONTACT})

    await ActionAnswerCenter().run(dispatcher, tracker, domain)

    [message] = dispatcher.messages
    assert CONTACT in message["text"]
    assert message["buttons"] == [{"title": "Talk to a person", "payload": "/request_human"}]
