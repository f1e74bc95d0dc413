"""What a visitor asked: whether a message asks something, and which topic it asked about."""

from __future__ import annotations

import pytest

from actions.questions import asks_question, confident_topic, intent_confidence
from tests.actions.conftest import faq_parse


@pytest.mark.parametrize(
    "text",
    [
        "I've been feeling really low, is my anxiety linked to my weed use?",
        "i feel hopeless. what is dual diagnosis",
        "feeling like a burden and does depression cause drinking",
        "so how do i help my son",
        "honestly can i quit drinking alone",
        "i’m struggling, tell me about dbt",
        "is it dangerous",
    ],
)
def test_a_message_that_asks_something_is_a_question(text):
    assert asks_question(text)


@pytest.mark.parametrize(
    "text",
    [
        "i feel so hopeless",
        "everything is pointless and i'm tired",
        "my anxiety is really bad lately",
        "is",
        "",
    ],
)
def test_a_statement_is_not_a_question(text):
    assert not asks_question(text)


def risk_overridden(topic: str, faq: float, topic_confidence: float) -> dict:
    parse = faq_parse(topic)
    parse["intent"] = {"name": "risk_concern", "confidence": 1.0}
    parse["intent_ranking"] = [
        {"name": "risk_concern", "confidence": 1.0},
        {"name": "faq", "confidence": faq},
    ]
    parse["response_selector"]["faq"]["response"]["confidence"] = topic_confidence
    return parse


def test_the_faq_confidence_is_read_below_the_risk_intent():
    assert intent_confidence(risk_overridden("anxiety", 0.8, 0.9), "faq") == 0.8


@pytest.mark.parametrize(
    ("faq", "topic_confidence", "expected"),
    [
        (0.99, 0.9, "anxiety"),
        (0.56, 0.46, "anxiety"),
        (0.3, 0.55, None),
        (0.006, 0.92, "anxiety"),
        (0.006, 0.6, "anxiety"),
        (0.99, 0.2, None),
    ],
)
def test_a_topic_counts_when_both_the_intent_and_the_selector_or_the_selector_alone_are_sure(
    faq, topic_confidence, expected
):
    assert confident_topic(risk_overridden("anxiety", faq, topic_confidence)) == expected


def test_a_message_without_a_response_selection_has_no_topic():
    assert confident_topic({"intent": {"name": "faq", "confidence": 1.0}}) is None
