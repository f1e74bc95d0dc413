"""Asking for a person: a live hand-off when the center is staffed, the call-back path when not."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

import actions.handoff
from actions.handoff import ActionOfferPerson, handoff_reason
from safety.replies import crisis_line_reminder

ALWAYS = {day: "00:00-24:00" for day in ("monday", "tuesday", "wednesday", "thursday",
                                         "friday", "saturday", "sunday")}


def center_file(tmp_path: Path, staffed_hours: dict[str, str] | None) -> Path:
    hours = "\n".join(f"    {day}: \"{text}\"" for day, text in (staffed_hours or {}).items())
    path = tmp_path / "center.yml"
    path.write_text(
        "name: Test Center\nhandoff:\n  time_zone: UTC\n"
        f"  staffed_hours:{chr(10) + hours if hours else ' null'}\n  join_wait_minutes: 3\n"
    )
    return path


def tracker(*events: dict[str, Any], slots: dict[str, Any] | None = None) -> Tracker:
    request = {"event": "user", "text": "can I talk to someone",
               "parse_data": {"intent": {"name": "request_human"}}}
    return Tracker.from_dict({
        "sender_id": "test-conversation", "slots": slots or {},
        "latest_message": request["parse_data"],
        "events": [*events, request],
        "paused": False, "followup_action": None, "active_loop": {},
        "latest_action_name": "action_listen",
    })


def said(text: str) -> dict[str, Any]:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": "faq"}}}


def action(name: str) -> dict[str, Any]:
    return {"event": "action", "name": name}


def run(dispatcher, tracked: Tracker, domain) -> list:
    return asyncio.run(ActionOfferPerson().run(dispatcher, tracked, domain))


@pytest.mark.parametrize(
    ("events", "slots", "reason"),
    [
        ([], {}, "asked"),
        ([said("hmm"), action("action_clarify"), action("action_listen")], {}, "fallback"),
        ([said("recipe for cake"), action("utter_out_of_scope")], {}, "fallback"),
        ([said("what is dbt"), action("action_answer_question")], {}, "asked"),
        ([said("hmm"), action("action_clarify")], {"risk_level": "crisis"}, "crisis"),
    ],
    ids=["asked", "after a fallback", "after out of scope", "after an answer", "crisis first"],
)
def test_the_reason_comes_from_the_conversation(events, slots, reason):
    assert handoff_reason(tracker(*events, slots=slots)) == reason


def test_when_staffed_the_visitor_is_told_a_person_is_being_asked(
        tmp_path, monkeypatch, dispatcher, domain):
    monkeypatch.setattr(actions.handoff, "CENTER_FILE", center_file(tmp_path, ALWAYS))
    events = run(dispatcher, tracker(), domain)
    text = dispatcher.messages[0]["text"]
    assert "asking a member of our team to join" in text and "3 minutes" in text
    assert crisis_line_reminder() in text
    assert events == [SlotSet("person_available", True)]


def test_when_staffed_the_gateway_gets_the_request_with_its_reason(
        tmp_path, monkeypatch, dispatcher, domain):
    monkeypatch.setattr(actions.handoff, "CENTER_FILE", center_file(tmp_path, ALWAYS))
    run(dispatcher, tracker(slots={"risk_level": "crisis"}), domain)
    assert dispatcher.messages[1]["custom"] == {"handoff": {"reason": "crisis"}}


def test_when_not_staffed_nothing_is_promised_and_the_rules_take_the_call_back_path(
        tmp_path, monkeypatch, dispatcher, domain):
    monkeypatch.setattr(actions.handoff, "CENTER_FILE", center_file(tmp_path, None))
    events = run(dispatcher, tracker(), domain)
    assert dispatcher.messages == []
    assert events == [SlotSet("person_available", False)]
