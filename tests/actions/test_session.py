"""Each conversation starts with the center's contact sentence in a slot."""

from __future__ import annotations

from actions.session import ActionSessionStart, center_contact_sentence
from harbor.center import Center, load_center


async def test_session_start_fills_the_center_contact(dispatcher, make_tracker, domain):
    events = await ActionSessionStart().run(dispatcher, make_tracker(), domain)

    assert events[0]["event"] == "session_started"
    assert {"event": "slot", "name": "center_contact", "value": center_contact_sentence(),
            "timestamp": None} in events
    assert events[-1]["name"] == "action_listen"


async def test_session_start_carries_slots_over(dispatcher, make_tracker, domain):
    tracker = make_tracker(slots={"risk_level": "crisis", "session_started_metadata": {"a": 1}})

    events = await ActionSessionStart().run(dispatcher, tracker, domain)

    names = [e.get("name") for e in events if e["event"] == "slot"]
    assert "risk_level" in names
    assert "session_started_metadata" not in names


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
