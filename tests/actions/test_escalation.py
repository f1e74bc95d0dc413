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
from tests.actions.conftest import intent_parse


def crisis_parse(category: str, subject: str = "self") -> dict:
    return intent_parse("crisis", risk={"level": "crisis", "category": category,
                                        "subject": subject, "matched": ["…"]})


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
