"""Each crisis escalation leaves one structured record (the `escalation` slot)."""

from __future__ import annotations

import pytest

from actions.escalation import ActionEscalateCrisis
from actions.escalation_record import CHECK_IN_ANSWER, ESCALATION_SLOT
from tests.actions.conftest import intent_parse

RISK = {
    "level": "crisis",
    "category": "overdose",
    "subject": "other",
    "source": "detector+model",
    "detector_level": "crisis",
    "model_level": "crisis",
}


def record_of(events: list[dict]) -> dict:
    [record] = [e["value"] for e in events if e.get("name") == ESCALATION_SLOT]
    return record


async def test_a_crisis_message_is_recorded_with_its_verdict(dispatcher, make_tracker, domain):
    tracker = make_tracker(intent_parse("crisis", risk=RISK, message_id="m-1"))

    events = await ActionEscalateCrisis().run(dispatcher, tracker, domain)

    assert record_of(events) == {**RISK, "message_id": "m-1"}


async def test_yes_to_a_check_in_is_recorded_as_the_answer(dispatcher, make_tracker, domain):
    tracker = make_tracker(intent_parse("affirm"), slots={"risk_category": "suicide"})

    events = await ActionEscalateCrisis().run(dispatcher, tracker, domain)

    record = record_of(events)
    assert (record["category"], record["source"]) == ("suicide", CHECK_IN_ANSWER)


@pytest.mark.parametrize("key", ["type", "influence_conversation"])
def test_the_escalation_slot_is_a_record_not_a_feature(domain, key):
    expected = {"type": "any", "influence_conversation": False}
    assert domain["slots"][ESCALATION_SLOT][key] == expected[key]
