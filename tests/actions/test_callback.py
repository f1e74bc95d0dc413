"""The call-back form: what it accepts, how it re-asks, and the promise it makes or refuses."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from actions.callback import (
    ActionAskCallbackConsent,
    ActionAskCallbackContact,
    ActionAskCallbackName,
    ActionAskCallbackTime,
    ActionSubmitCallback,
    ValidateCallbackForm,
    clean_contact,
    clean_name,
    clean_time,
)
from actions.callback_promise import expected_contact
from harbor.settings import WebhookSettings
from harbor.staffed_hours import HandoffSettings, StaffedHours, parse_staffed_hours

NEW_YORK = ZoneInfo("America/New_York")
WEEKDAYS = {day: "09:00-17:00" for day in ("monday", "tuesday", "wednesday", "thursday",
                                            "friday")}
FORM_SLOTS = ["callback_name", "callback_contact", "callback_time", "callback_consent"]
FILLED = {"callback_name": "Sam", "callback_contact": "555 010 4477",
          "callback_time": "evening", "callback_consent": True}


@pytest.fixture
def center_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Writes a center file with a `handoff:` section and points the actions at it."""

    def write(take_callback_requests: bool) -> Path:
        path = tmp_path / "center.yml"
        path.write_text(yaml.safe_dump({"handoff": {
            "time_zone": "America/New_York", "staffed_hours": WEEKDAYS,
            "take_callback_requests": take_callback_requests}}))
        monkeypatch.setenv("HARBOR_CENTER_FILE", str(path))
        return path

    monkeypatch.delenv("HARBOR_WEBHOOK_URL", raising=False)
    return write


# --- what the form accepts ----------------------------------------------------------

@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Sam", "Sam"),
        ("  maria  ", "maria"),
        ("Anne-Marie", "Anne-Marie"),
        ("José", "José"),
        ("O'Neil", "O'Neil"),
        ("Mary Ann", "Mary Ann"),
        ("sam22", "sam22"),
        ("my name is Sam", "Sam"),
        ("call me J", "J"),
        ("what is dbt?", None),
        ("", None),
        ("555 1234", None),
        ("my name is a very long sentence with many words", None),
    ],
)
def test_a_name_or_alias_is_a_few_words_with_a_letter(typed, expected):
    assert clean_name(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("555 010 4477", "555 010 4477"),
        ("(555) 010-4477", "(555) 010-4477"),
        ("+1 555 010 4477", "+1 555 010 4477"),
        ("sam@example.org", "sam@example.org"),
        (" sam.doe+help@mail.example.org. ", "sam.doe+help@mail.example.org"),
        ("12345", None),
        ("call me maybe", None),
        ("1234567890123456", None),
        ("sam@example", None),
        ("sam at example.org", None),
        ("@example.org", None),
    ],
)
def test_a_contact_is_a_dialable_number_or_an_email(typed, expected):
    assert clean_contact(typed) == expected


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("555 12", "only 5 digits"),
        ("1234567890123456789", "too many digits"),
        ("sam@example", "email address looks incomplete"),
        ("tomorrow", "phone number (for example 555 123 4567) or an email address"),
    ],
)
def test_a_wrong_contact_is_re_asked_saying_what_is_wrong(typed, says, dispatcher, make_tracker,
                                                          domain):
    result = ValidateCallbackForm().validate_callback_contact(typed, dispatcher, make_tracker(),
                                                              domain)

    assert result == {"callback_contact": None}
    assert says in dispatcher.messages[0]["text"]


def test_a_wrong_name_is_re_asked(dispatcher, make_tracker, domain):
    result = ValidateCallbackForm().validate_callback_name("what is dbt?", dispatcher,
                                                           make_tracker(), domain)

    assert result == {"callback_name": None}
    assert "first name or a nickname" in dispatcher.messages[0]["text"]


@pytest.mark.parametrize(("typed", "expected"),
                         [("evening", "evening"), ("  after  6pm ", "after 6pm"), ("   ", None)])
def test_the_best_time_is_kept_in_the_visitors_words(typed, expected):
    assert clean_time(typed) == expected


@pytest.mark.parametrize(
    ("action", "asks_for", "buttons"),
    [
        (ActionAskCallbackName(), "first name or a nickname", []),
        (ActionAskCallbackContact(), "phone number or email address", []),
        (ActionAskCallbackTime(), "good time", ["Morning", "Afternoon", "Evening", "Any time"]),
        (ActionAskCallbackConsent(), "okay for someone from the team to contact you",
         ["Yes", "No"]),
    ],
)
async def test_the_form_asks_for_each_detail(action, asks_for, buttons, dispatcher,
                                             make_tracker, domain):
    await action.run(dispatcher, make_tracker(), domain)

    message = dispatcher.messages[0]
    assert asks_for in message["text"]
    assert [button["title"] for button in message["buttons"]] == buttons


async def test_the_consent_question_names_the_contact(dispatcher, make_tracker, domain):
    tracker = make_tracker(slots={"callback_contact": "sam@example.org"})

    await ActionAskCallbackConsent().run(dispatcher, tracker, domain)

    assert "sam@example.org" in dispatcher.messages[0]["text"]


# --- the no-promise rule --------------------------------------------------------------

@pytest.mark.parametrize(
    ("take_requests", "webhook_url", "seen"),
    [(True, "", True), (False, "https://hooks.example.org/x", True), (False, "", False)],
    ids=["console list", "webhook only", "nobody"],
)
def test_a_request_is_taken_only_when_someone_will_see_it(take_requests, webhook_url, seen):
    handoff = HandoffSettings(StaffedHours(NEW_YORK), take_callback_requests=take_requests)

    assert handoff.callbacks_seen(WebhookSettings(url=webhook_url).configured) is seen


async def test_when_nobody_would_see_a_request_the_form_asks_nothing(
    center_file, dispatcher, make_tracker, domain
):
    center_file(take_callback_requests=False)

    slots = await ValidateCallbackForm().required_slots(FORM_SLOTS, dispatcher, make_tracker(),
                                                        domain)

    assert slots == []


async def test_when_requests_are_seen_the_form_asks_everything(
    center_file, dispatcher, make_tracker, domain
):
    center_file(take_callback_requests=True)

    slots = await ValidateCallbackForm().required_slots(FORM_SLOTS, dispatcher, make_tracker(),
                                                        domain)

    assert slots == FORM_SLOTS


async def test_when_nobody_would_see_a_request_the_visitor_gets_the_contact_and_lines(
    center_file, dispatcher, make_tracker, domain
):
    center_file(take_callback_requests=False)

    events = await ActionSubmitCallback().run(dispatcher, make_tracker(slots=FILLED), domain)

    text = dispatcher.messages[0]["text"]
    assert "can't take a call-back request" in text and "988" in text
    assert "expect" not in text
    assert not [e for e in events if e["name"] == "callback_request"]


async def test_a_submitted_request_is_kept_as_one_record(center_file, dispatcher, make_tracker,
                                                         domain):
    center_file(take_callback_requests=True)

    events = await ActionSubmitCallback().run(dispatcher, make_tracker(slots=FILLED), domain)

    [record] = [e["value"] for e in events if e["name"] == "callback_request"]
    assert {k: record[k] for k in ("name", "contact", "contact_kind", "best_time")} == {
        "name": "Sam", "contact": "555 010 4477", "contact_kind": "phone",
        "best_time": "evening"}
    assert len(record["id"]) == 32 and record["requested_at"]


async def test_a_submitted_request_is_confirmed_with_when_and_the_crisis_line(
    center_file, dispatcher, make_tracker, domain
):
    center_file(take_callback_requests=True)

    await ActionSubmitCallback().run(dispatcher, make_tracker(slots=FILLED), domain)

    text = dispatcher.messages[0]["text"]
    assert text.startswith("Thank you, Sam.")
    assert "Monday to Friday 9:00 to 17:00" in text and "988" in text


# --- the honest wording ---------------------------------------------------------------

def at(text: str) -> datetime:
    """A moment in New York time; 2026-11-30 is a Monday."""
    return datetime.fromisoformat(text).replace(tzinfo=NEW_YORK)


@pytest.mark.parametrize(
    ("moment", "by_email", "expect"),
    [
        ("2026-11-30 10:00", False, "You asked during those hours, so expect a call today."),
        ("2026-11-30 16:40", False, "You asked on Monday, so expect a call tomorrow."),
        ("2026-11-30 07:15", False, "The team starts at 9:00 today, so expect a call then."),
        ("2026-11-30 20:00", True, "You asked on Monday, so expect an email tomorrow."),
        ("2026-12-04 18:00", False, "You asked on Friday, so expect a call on Monday."),
        ("2026-12-05 12:00", False, "You asked on Saturday, so expect a call on Monday."),
        ("2026-12-06 23:30", False, "You asked on Sunday, so expect a call tomorrow."),
    ],
    ids=["staffed", "near closing", "before opening", "evening by email", "friday evening",
         "saturday", "sunday night"],
)
def test_the_visitor_is_told_when_to_expect_contact(moment, by_email, expect):
    hours = parse_staffed_hours("America/New_York", WEEKDAYS)

    text = expected_contact(hours, at(moment), by_email)

    assert text == ("The team gets back to people Monday to Friday 9:00 to 17:00 "
                    f"(America/New_York time). {expect}")


def test_without_staffed_hours_no_day_is_promised():
    text = expected_contact(StaffedHours(NEW_YORK), at("2026-12-05 12:00"), by_email=False)

    assert text == (
        "Someone from the team will get back to you, so expect a call as soon as they can."
    )
