"""Each conversation starts with the center's contact sentence in a slot."""

from __future__ import annotations

from actions.session import ActionSessionStart, center_contact_sentence, crisis_line_reach
from harbor.center import Center, load_center
from safety.resources import load_resources


async def test_session_start_fills_the_center_contact(dispatcher, make_tracker, domain):
    events = await ActionSessionStart().run(dispatcher, make_tracker(), domain)

    assert events[0]["event"] == "session_started"
    assert {"event": "slot", "name": "center_contact", "value": center_contact_sentence(),
            "timestamp": None} in events
    assert events[-1]["name"] == "action_listen"


PERSONAL_SLOTS = {
    "callback_name": "Sam",
    "callback_contact": "555 010 4477",
    "risk_level": "crisis",
    "risk_category": "suicide",
    "escalation": {"level": "crisis", "category": "suicide"},
}


async def test_a_new_session_carries_no_slot_over(dispatcher, make_tracker, domain):
    tracker = make_tracker(slots={**PERSONAL_SLOTS, "session_started_metadata": {"a": 1}})

    events = await ActionSessionStart().run(dispatcher, tracker, domain)

    names = {e.get("name") for e in events if e["event"] == "slot"}
    assert names == {"center_contact", "crisis_line"}


def test_the_domain_does_not_carry_slots_over_either(domain):
    assert domain["session_config"]["carry_over_slots_to_new_session"] is False


async def test_session_start_fills_the_crisis_line_from_the_resources(
    dispatcher, make_tracker, domain
):
    events = await ActionSessionStart().run(dispatcher, make_tracker(), domain)

    [crisis_line] = [e["value"] for e in events if e.get("name") == "crisis_line"]
    assert crisis_line == crisis_line_reach()
    assert load_resources().crisis_line.call.number in crisis_line


def test_the_seed_center_is_the_default():
    assert load_center().name == "911 Detox Center"


def test_a_phone_number_from_the_environment_overrides_the_file(monkeypatch):
    monkeypatch.setenv("HARBOR_CENTER_PHONE", "555-0100")
    monkeypatch.setenv("HARBOR_CENTER_HOURS", "24/7")

    assert load_center().contact_sentence() == (
        "You can call the 911 Detox Center team at 555-0100 (24/7)."
    )


def test_without_a_phone_the_contact_points_to_the_website():
    center = Center(name="Harbor House", website="https://example.org/contact")

    assert center.contact_sentence() == (
        "You can reach the Harbor House team through https://example.org/contact."
    )
