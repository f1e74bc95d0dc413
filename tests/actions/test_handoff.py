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


def center_file(tmp_path: Path, staffed_hours: dict[str, str] | None,
                take_callback_requests: bool = False) -> Path:
    hours = "\n".join(f"    {day}: \"{text}\"" for day, text in (staffed_hours or {}).items())
    path = tmp_path / "center.yml"
    path.write_text(
        "name: Test Center\nhandoff:\n  time_zone: UTC\n"
        f"  staffed_hours:{chr(10) + hours if hours else ' null'}\n  join_wait_minutes: 3\n"
        f"  take_callback_requests: {str(take_callback_requests).lower()}\n"
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
    monkeypatch.delenv("HARBOR_WEBHOOK_URL", raising=False)
    events = run(dispatcher, tracker(), domain)
    assert dispatcher.messages == []
    assert events[0] == SlotSet("person_available", False)


# --- a call back is offered only when someone will see the request -----------------------

WEBHOOK_ENV = {"HARBOR_WEBHOOK_URL": "https://hooks.example.org/harbor",
               "HARBOR_WEBHOOK_SECRET": "a secret of sixteen or more characters"}


@pytest.mark.parametrize(
    ("take_callback_requests", "webhook", "taken"),
    [(True, False, True), (False, True, True), (True, True, True), (False, False, False)],
    ids=["the center takes them", "a webhook tells the center", "both", "neither"],
)
def test_when_not_staffed_the_action_says_whether_a_call_back_would_be_seen(
        tmp_path, monkeypatch, dispatcher, domain, take_callback_requests, webhook, taken):
    monkeypatch.setattr(actions.handoff, "CENTER_FILE",
                        center_file(tmp_path, None, take_callback_requests))
    for name, value in WEBHOOK_ENV.items():
        if webhook:
            monkeypatch.setenv(name, value)
        else:
            monkeypatch.delenv(name, raising=False)
    events = run(dispatcher, tracker(), domain)
    assert events == [SlotSet("person_available", False), SlotSet("callbacks_taken", taken)]


@pytest.mark.parametrize(
    ("take_callback_requests", "promised", "not_promised"),
    [(True, "offer a call back instead", "center's contact"),
     (False, "give you the center's contact instead", "call back")],
    ids=["call-backs seen", "call-backs nobody would see"],
)
def test_when_staffed_the_wait_promises_a_call_back_only_when_one_would_be_seen(
        tmp_path, monkeypatch, dispatcher, domain, take_callback_requests, promised,
        not_promised):
    monkeypatch.setattr(actions.handoff, "CENTER_FILE",
                        center_file(tmp_path, ALWAYS, take_callback_requests))
    monkeypatch.delenv("HARBOR_WEBHOOK_URL", raising=False)
    run(dispatcher, tracker(), domain)
    text = dispatcher.messages[0]["text"]
    assert promised in text
    assert not_promised not in text


async def contact_reply(domain: dict[str, Any], callbacks_taken: bool | None) -> dict[str, Any]:
    """utter_human_contact as Rasa's own response generator renders it for the slots."""
    from rasa.core.nlg import TemplatedNaturalLanguageGenerator
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import SlotSet as RasaSlotSet
    from rasa.shared.core.trackers import DialogueStateTracker

    rasa_domain = Domain.from_dict(domain)
    slots = {"center_contact": "Call the center at 555 0100.", "crisis_line": "call or text 988",
             "callbacks_taken": callbacks_taken}
    tracked = DialogueStateTracker.from_events(
        "test-conversation", [RasaSlotSet(name, value) for name, value in slots.items()],
        slots=rasa_domain.slots)
    generator = TemplatedNaturalLanguageGenerator(rasa_domain.responses)
    return await generator.generate("utter_human_contact", tracked, "rest")


def button_titles(reply: dict[str, Any]) -> list[str]:
    return [button["title"] for button in reply.get("buttons") or []]


async def test_the_contact_reply_offers_a_call_back_when_one_would_be_seen(domain):
    reply = await contact_reply(domain, callbacks_taken=True)
    assert button_titles(reply) == ["Request a call back", "Not now"]
    assert "Call the center at 555 0100." in reply["text"]


@pytest.mark.parametrize("callbacks_taken", [False, None], ids=["not taken", "not known"])
async def test_the_contact_reply_offers_no_call_back_nobody_would_see(domain, callbacks_taken):
    reply = await contact_reply(domain, callbacks_taken)
    assert button_titles(reply) == []
    assert "gets back to you" not in reply["text"]
    assert "Call the center at 555 0100." in reply["text"]
    assert "call or text 988" in reply["text"]
