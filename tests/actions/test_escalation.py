"""Escalation actions send the category's lines and record the risk on the conversation."""

from __future__ import annotations

import pytest

from actions.escalation import (
    ActionCheckInRisk,
    ActionEscalateCrisis,
    ActionOverdoseInfo,
    ActionSupportAfterNo,
    ActionTreatmentReferral,
)
from safety.replies import carries_line
from tests.actions.conftest import faq_parse, intent_parse


def crisis_parse(category: str, subject: str = "self") -> dict:
    return intent_parse("crisis", risk={"level": "crisis", "category": category,
                                        "subject": subject, "matched": ["…"]})


def concern_parse(category: str | None, subject: str = "self", text: str = "i feel low",
                  **extra) -> dict:
    """A message the risk check turned into a check-in; what the model read stays below."""
    return {**intent_parse("risk_concern", risk={"level": "concern", "category": category,
                                                 "subject": subject, "matched": ["…"]}),
            "text": text, **extra}


def worried_question(text: str, topic: str, faq: float = 0.99, topic_confidence: float = 0.8,
                     category: str = "suicide") -> dict:
    """A worry with a topic question in it, as the parse leaves it after the risk override."""
    selector = faq_parse(topic)["response_selector"]
    selector["faq"]["response"]["confidence"] = topic_confidence
    return concern_parse(
        category,
        text=text,
        intent_ranking=[{"name": "risk_concern", "confidence": 1.0},
                        {"name": "faq", "confidence": faq}],
        response_selector=selector,
    )


@pytest.mark.parametrize(
    ("category", "lines"),
    [
        ("suicide", ["988", "988lifeline.org", "HOME to 741741", "911"]),
        ("self_harm", ["988", "741741"]),
        ("overdose", ["911", "1-800-222-1222", "naloxone"]),
        ("medical_emergency", ["911", "1-800-222-1222"]),
        ("violence", ["911", "988"]),
        ("abuse", ["911", "1-800-799-7233", "START to 88788"]),
        (None, ["988", "741741", "911"]),
    ],
)
async def test_a_crisis_gets_its_categorys_lines(category, lines, dispatcher, make_tracker,
                                                 domain):
    await ActionEscalateCrisis().run(dispatcher, make_tracker(crisis_parse(category)), domain)

    for line in lines:
        assert line in dispatcher.messages[0]["text"]


async def test_a_crisis_offers_a_person(dispatcher, make_tracker, domain):
    await ActionEscalateCrisis().run(dispatcher, make_tracker(crisis_parse("suicide")), domain)

    assert {"title": "Talk to a person", "payload": "/request_human"} in (
        dispatcher.messages[0]["buttons"]
    )


async def test_a_crisis_is_recorded_in_slots(dispatcher, make_tracker, domain):
    events = await ActionEscalateCrisis().run(
        dispatcher, make_tracker(crisis_parse("overdose", "other")), domain
    )

    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["risk_level"] == "crisis" and slots["risk_category"] == "overdose"


async def test_someone_elses_overdose_gets_how_to_help_them(dispatcher, make_tracker, domain):
    await ActionEscalateCrisis().run(
        dispatcher, make_tracker(crisis_parse("overdose", "other")), domain
    )

    assert "Stay with them" in dispatcher.messages[0]["text"]


async def test_yes_to_the_check_in_escalates_with_the_check_ins_category(
    dispatcher, make_tracker, domain
):
    tracker = make_tracker(intent_parse("affirm"), slots={"risk_category": "abuse"})

    await ActionEscalateCrisis().run(dispatcher, tracker, domain)

    assert "1-800-799-7233" in dispatcher.messages[0]["text"]


async def test_a_concern_gets_a_direct_question_with_yes_and_no(dispatcher, make_tracker, domain):
    parse = intent_parse("risk_concern", risk={"level": "concern", "category": "suicide"})

    events = await ActionCheckInRisk().run(dispatcher, make_tracker(parse), domain)

    assert "ending your life?" in dispatcher.messages[0]["text"]
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == ["/affirm", "/deny"]
    assert {"event": "slot", "name": "risk_level", "value": "concern",
            "timestamp": None} in events


async def test_no_to_the_check_in_still_gives_the_line(dispatcher, make_tracker, domain):
    tracker = make_tracker(intent_parse("deny"), slots={"risk_category": "suicide"})

    await ActionSupportAfterNo().run(dispatcher, tracker, domain)

    assert "988" in dispatcher.messages[0]["text"]


# (category, subject, words of the question, the check-in's category for carries_line)
CHECK_INS = [
    ("suicide", "self", "ending your life?"),
    (None, "self", "ending your life?"),
    ("self_harm", "self", "hurting yourself?"),
    ("overdose", "self", "take too much"),
    ("medical_emergency", "self", "seizure"),
    ("abuse", "self", "unsafe right now?"),
    ("violence", "self", "hurting someone?"),
    ("suicide", "other", "Is the person you're worried about"),
    ("self_harm", "other", "Is the person you're worried about hurting themselves"),
    ("overdose", "other", "Did they take too much"),
]


@pytest.mark.parametrize(("category", "subject", "question"), CHECK_INS)
async def test_a_concern_gets_the_question_and_the_line_that_fit_it(
    category, subject, question, dispatcher, make_tracker, domain
):
    tracker = make_tracker(concern_parse(category, subject))

    await ActionCheckInRisk().run(dispatcher, tracker, domain)

    [message] = dispatcher.messages
    assert question in message["text"]
    assert carries_line(message["text"], category)


@pytest.mark.parametrize(
    ("answer", "action", "for_the_helper"),
    [
        ("affirm", ActionEscalateCrisis, "Thank you for looking out for them"),
        ("deny", ActionSupportAfterNo, "with them or for them"),
    ],
)
async def test_the_answer_to_a_check_in_about_someone_else_speaks_to_the_helper(
    answer, action, for_the_helper, dispatcher, make_tracker, domain
):
    tracker = make_tracker(concern_parse("suicide", "other"), intent_parse(answer),
                           slots={"risk_category": "suicide"})

    await action().run(dispatcher, tracker, domain)

    text = dispatcher.messages[0]["text"]
    assert for_the_helper in text
    assert carries_line(text, "suicide")


async def test_a_question_asked_with_a_worry_is_answered_before_the_check_in(
    dispatcher, make_tracker, domain
):
    parse = worried_question("i've been feeling really low, is my anxiety linked to my weed use?",
                             "anxiety")

    await ActionCheckInRisk().run(dispatcher, make_tracker(parse), domain)

    answer, check_in = dispatcher.messages
    assert answer["response"] == "utter_faq/anxiety"
    assert check_in["text"].startswith("I also want to make sure you're okay.")
    assert "ending your life?" in check_in["text"]
    assert carries_line(check_in["text"], "suicide")


@pytest.mark.parametrize(
    ("why", "parse"),
    [
        ("no question asked", worried_question("i feel low and my anxiety is bad", "anxiety")),
        ("the model did not read a topic question",
         worried_question("i feel low, what's the point", "anxiety", faq=0.02,
                          topic_confidence=0.5)),
        ("the response selector is unsure of the topic",
         worried_question("i feel low, is that normal?", "anxiety", topic_confidence=0.2)),
        ("no topic has that key", worried_question("i feel low, why?", "no_such_topic")),
    ],
)
async def test_a_worry_gets_only_the_check_in_when_there_is_no_clear_question(
    why, parse, dispatcher, make_tracker, domain
):
    await ActionCheckInRisk().run(dispatcher, make_tracker(parse), domain)

    [check_in] = dispatcher.messages
    assert check_in["text"].startswith("Thank you for sharing that with me."), why
    assert "ending your life?" in check_in["text"], why


@pytest.mark.parametrize(
    ("text", "category", "facts"),
    [
        ("is quitting alcohol cold turkey dangerous?", "medical_emergency",
         ["Stopping alcohol or benzodiazepines", "seizure"]),
        ("can i stop my benzos on my own or is that risky", "medical_emergency",
         ["Detox is safest with medical support"]),
        ("what happens if someone takes too much fentanyl?", "overdose",
         ["blue or grey lips", "naloxone"]),
    ],
)
async def test_a_medical_worry_asked_as_a_question_gets_the_facts_and_when_to_call_911(
    text, category, facts, dispatcher, make_tracker, domain
):
    tracker = make_tracker(concern_parse(category, text=text))

    await ActionCheckInRisk().run(dispatcher, tracker, domain)

    information, check_in = dispatcher.messages
    for fact in facts:
        assert fact in information["text"]
    assert "Call 911" in information["text"]
    assert carries_line(check_in["text"], category)


async def test_help_quitting_gets_the_referral_line_not_a_crisis_line_first(
    dispatcher, make_tracker, domain
):
    tracker = make_tracker(intent_parse("seek_treatment"), slots={"center_contact": "Call us."})

    await ActionTreatmentReferral().run(dispatcher, tracker, domain)

    text = dispatcher.messages[0]["text"]
    assert "1-800-662-4357" in text and "Call us." in text
    assert text.index("1-800-662-4357") < text.index("988")


async def test_a_question_about_overdose_gets_the_signs_and_when_to_call(
    dispatcher, make_tracker, domain
):
    await ActionOverdoseInfo().run(dispatcher, make_tracker(intent_parse("overdose_info")),
                                   domain)

    text = dispatcher.messages[0]["text"]
    assert "911" in text and "1-800-222-1222" in text and "blue or grey lips" in text


async def test_a_question_about_overdose_under_another_worry_gets_the_signs_first(
    dispatcher, make_tracker, domain
):
    parse = concern_parse(
        "suicide",
        text="i feel hopeless, what does an overdose look like?",
        intent_ranking=[{"name": "risk_concern", "confidence": 1.0},
                        {"name": "overdose_info", "confidence": 0.9}],
    )

    await ActionCheckInRisk().run(dispatcher, make_tracker(parse), domain)

    information, check_in = dispatcher.messages
    assert "blue or grey lips" in information["text"]
    assert carries_line(check_in["text"], "suicide")


def unclear_question() -> dict:
    """A worry with a question the selector is unsure of, its guesses in order."""
    parse = worried_question("i feel worthless. does trauma cause addiction?", "emdr",
                             topic_confidence=0.1)
    parse["response_selector"] = faq_parse(
        "emdr", ranking=["childhood_trauma", "emdr", "ptsd"])["response_selector"]
    parse["response_selector"]["faq"]["response"]["confidence"] = 0.1
    return parse


async def test_after_no_an_unclear_question_gets_its_likely_topics(
    dispatcher, make_tracker, domain
):
    tracker = make_tracker(unclear_question(), intent_parse("deny"),
                           slots={"risk_category": "suicide"})

    await ActionSupportAfterNo().run(dispatcher, tracker, domain)

    support, topics = dispatcher.messages
    assert carries_line(support["text"], "suicide")
    assert [b["payload"] for b in topics["buttons"]][:3] == [
        f'/choose_topic{{"topic": "{t}"}}' for t in ("childhood_trauma", "emdr", "ptsd")
    ]


@pytest.mark.parametrize(
    ("why", "parse"),
    [
        ("it was answered before the check-in",
         worried_question("i feel low, is my anxiety linked to weed?", "anxiety")),
        ("it asked nothing", concern_parse("suicide", text="i feel so low")),
    ],
)
async def test_after_no_nothing_more_is_offered_when_there_is_no_open_question(
    why, parse, dispatcher, make_tracker, domain
):
    tracker = make_tracker(parse, intent_parse("deny"), slots={"risk_category": "suicide"})

    await ActionSupportAfterNo().run(dispatcher, tracker, domain)

    assert len(dispatcher.messages) == 1, why
