"""Crisis texts: the right lines for each category, safe wording, a person offered."""

from __future__ import annotations

import pytest

from safety.replies import (
    concern_check_in,
    crisis_line_reminder,
    crisis_reply,
    service_unavailable_message,
    support_after_no,
    treatment_referral,
)

REQUEST_HUMAN = {"title": "Talk to a person", "payload": "/request_human"}

# (category, subject, strings the reply must carry)
CRISIS_LINES = [
    (
        "suicide",
        "self",
        ["call or text 988", "988lifeline.org", "HOME to 741741", "911", "988 then press 1"],
    ),
    (
        "self_harm",
        "self",
        ["call or text 988", "988lifeline.org", "HOME to 741741", "911", "988 then press 1"],
    ),
    ("suicide", "other", ["911", "call or text 988", "HOME to 741741"]),
    ("overdose", "self", ["Call 911 now", "1-800-222-1222", "naloxone", "stay with you"]),
    (
        "overdose",
        "other",
        ["Call 911 now", "1-800-222-1222", "Stay with them", "naloxone", "on their side"],
    ),
    ("medical_emergency", "self", ["Call 911 now", "1-800-222-1222", "stay with you"]),
    (
        "medical_emergency",
        "other",
        ["Call 911 now", "1-800-222-1222", "Stay with them", "on their side"],
    ),
    ("violence", "self", ["911", "988"]),
    ("abuse", "self", ["911", "1-800-799-7233", "START to 88788", "thehotline.org"]),
    ("abuse", "other", ["911", "1-800-799-7233", "START to 88788"]),
    (None, "self", ["988", "HOME to 741741", "911"]),
]

# Words for means of suicide or self-harm: safe messaging never repeats them.
METHOD_WORDS = [
    "bridge",
    "gun",
    "hang",
    "rope",
    "jump",
    "pills",
    "cut",
    "wrist",
    "knife",
    "shoot",
    "lethal",
    "dose",
]


@pytest.mark.parametrize(("category", "subject", "lines"), CRISIS_LINES)
def test_each_category_gets_its_lines(category, subject, lines):
    text = crisis_reply(category, subject).text.lower()

    for line in lines:
        assert line.lower() in text


@pytest.mark.parametrize(("category", "subject", "lines"), CRISIS_LINES)
def test_the_lines_come_first_and_a_person_is_offered_last(category, subject, lines):
    reply = crisis_reply(category, subject)
    paragraphs = reply.text.splitlines()

    assert REQUEST_HUMAN in reply.buttons
    assert "person" in paragraphs[-1]
    assert len(paragraphs[0]) < 120  # one short opening sentence, then the lines


@pytest.mark.parametrize(("category", "subject", "lines"), CRISIS_LINES)
def test_replies_never_name_a_method(category, subject, lines):
    words = crisis_reply(category, subject).text.lower()

    assert not [w for w in METHOD_WORDS if w in words]


@pytest.mark.parametrize(("category", "subject", "lines"), CRISIS_LINES)
def test_crisis_replies_stay_short(category, subject, lines):
    assert len(crisis_reply(category, subject).text) < 600


def test_the_samhsa_line_is_not_offered_as_a_crisis_line():
    for category, subject, _ in CRISIS_LINES:
        assert "1-800-662-4357" not in crisis_reply(category, subject).text


@pytest.mark.parametrize(
    ("category", "question"),
    [
        ("suicide", "Are you thinking about ending your life?"),
        (None, "Are you thinking about ending your life?"),
        ("self_harm", "Are you thinking about hurting yourself?"),
        ("violence", "Are you thinking about hurting someone?"),
        ("overdose", "overdose right now?"),
        ("medical_emergency", "seizure"),
        ("abuse", "afraid to go home?"),
    ],
)
def test_the_check_in_asks_directly_with_yes_and_no(category, question):
    reply = concern_check_in(category)

    assert question in reply.text
    assert reply.buttons == [
        {"title": "Yes", "payload": "/affirm"},
        {"title": "No", "payload": "/deny"},
    ]


@pytest.mark.parametrize(
    ("category", "lines"),
    [
        ("suicide", ["988", "HOME to 741741"]),
        ("self_harm", ["988"]),
        ("overdose", ["911", "1-800-222-1222"]),
        ("abuse", ["911", "1-800-799-7233"]),
        (None, ["988"]),
    ],
)
def test_after_a_no_the_bot_stays_kind_and_still_gives_the_lines(category, lines):
    reply = support_after_no(category)

    assert reply.text.startswith("Thank you")
    for line in lines:
        assert line in reply.text
    assert REQUEST_HUMAN in reply.buttons


def test_the_treatment_referral_gives_the_samhsa_helpline_as_a_referral_line():
    text = treatment_referral()

    assert "1-800-662-4357" in text
    assert "SAMHSA" in text
    assert "not a crisis line" in text
    assert "988" in text


def test_the_service_unavailable_message_is_exact():
    assert service_unavailable_message("US") == (
        "I can't answer right now. If you are in crisis, call or text 988, or call 911."
    )


def test_the_crisis_line_reminder_gives_988_and_911():
    reminder = crisis_line_reminder()

    assert "call or text 988" in reminder
    assert "911" in reminder


def test_as_message_gives_the_dispatcher_arguments():
    message = crisis_reply("suicide").as_message()

    assert set(message) == {"text", "buttons"}
    assert message["buttons"] == [REQUEST_HUMAN]
