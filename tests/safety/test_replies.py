"""Crisis texts: the right lines for each category, safe wording, a person offered."""

from __future__ import annotations

import pytest

from safety.replies import (
    carries_line,
    concern_check_in,
    crisis_line_reminder,
    crisis_reply,
    first_risk_reply,
    overdose_information,
    service_unavailable_message,
    support_after_no,
    treatment_referral,
    withdrawal_information,
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


# (category, subject, the question asked, the lines the check-in carries)
CHECK_INS = [
    ("suicide", "self", "Are you thinking about ending your life?",
     ["call or text 988", "HOME to 741741", "911"]),
    (None, "self", "Are you thinking about ending your life?",
     ["call or text 988", "HOME to 741741"]),
    ("self_harm", "self", "Are you thinking about hurting yourself?",
     ["call or text 988", "HOME to 741741", "911"]),
    ("overdose", "self", "take too much of something, or is anyone in danger right now?",
     ["call 911 now", "1-800-222-1222"]),
    ("medical_emergency", "self", "Is anyone having a seizure", ["call 911 now"]),
    ("violence", "self", "Are you thinking about hurting someone?", ["call 911", "988"]),
    ("abuse", "self", "Is someone hurting or threatening you, or do you feel unsafe right now?",
     ["911", "1-800-799-7233", "START to 88788", "thehotline.org"]),
    ("suicide", "other", "Is the person you're worried about thinking about ending their life",
     ["988", "with them or for them", "If they are in immediate danger, call 911"]),
    ("self_harm", "other", "Is the person you're worried about hurting themselves",
     ["988", "with them or for them", "911"]),
    ("overdose", "other", "Did they take too much of something, or are they in danger",
     ["call 911 now and stay with them", "1-800-222-1222"]),
    ("medical_emergency", "other", "Are they having a seizure", ["call 911 now"]),
    ("violence", "other", "Is someone in danger of being hurt right now?", ["911", "988"]),
    ("abuse", "other", "Is the person you're worried about being hurt or threatened",
     ["If they are in danger right now, call 911", "1-800-799-7233"]),
]


@pytest.mark.parametrize(("category", "subject", "question", "lines"), CHECK_INS)
def test_the_check_in_asks_what_fits_the_category_and_the_person(
    category, subject, question, lines
):
    assert question in concern_check_in(category, subject).text


@pytest.mark.parametrize(("category", "subject", "question", "lines"), CHECK_INS)
def test_the_check_in_carries_the_categorys_line_in_the_same_message(
    category, subject, question, lines
):
    text = concern_check_in(category, subject).text

    for line in lines:
        assert line in text
    assert carries_line(text, category)


@pytest.mark.parametrize(("category", "subject", "question", "lines"), CHECK_INS)
def test_the_check_in_ends_with_its_question_answered_by_yes_or_no(
    category, subject, question, lines
):
    reply = concern_check_in(category, subject)

    assert reply.text.endswith("?")
    assert reply.buttons == [
        {"title": "Yes", "payload": "/affirm"},
        {"title": "No", "payload": "/deny"},
    ]


@pytest.mark.parametrize(("category", "subject", "question", "lines"), CHECK_INS)
def test_the_check_in_never_names_a_method_and_stays_short(category, subject, question, lines):
    text = concern_check_in(category, subject).text

    assert not [w for w in METHOD_WORDS if w in text.lower()]
    assert len(text) < 400


@pytest.mark.parametrize(("subject", "opening"), [
    ("self", "I also want to make sure you're okay."),
    ("other", "I also want to make sure they're okay."),
])
def test_a_check_in_after_an_answer_follows_on_and_still_carries_the_line(subject, opening):
    text = concern_check_in("suicide", subject, after_answer=True).text

    assert text.startswith(opening)
    assert carries_line(text, "suicide")


@pytest.mark.parametrize(
    ("category", "question"),
    [
        ("self_harm", "ending your life"),
        ("overdose", "ending your life"),
        ("abuse", "ending your life"),
        ("self_harm", "ending their life"),
    ],
)
def test_a_check_in_never_asks_another_categorys_question(category, question):
    for subject in ("self", "other"):
        assert question not in concern_check_in(category, subject).text


@pytest.mark.parametrize(
    ("category", "subject", "lines"),
    [
        ("suicide", "self", ["988", "HOME to 741741"]),
        ("self_harm", "self", ["988"]),
        ("overdose", "self", ["911", "1-800-222-1222"]),
        ("medical_emergency", "self", ["911"]),
        ("abuse", "self", ["911", "1-800-799-7233"]),
        ("violence", "self", ["911", "988"]),
        (None, "self", ["988"]),
        ("suicide", "other", ["988", "with them or for them", "911"]),
    ],
)
def test_after_a_no_the_bot_stays_kind_and_still_gives_the_lines(category, subject, lines):
    reply = support_after_no(category, subject)

    assert reply.text.startswith("Thank you")
    for line in lines:
        assert line in reply.text
    assert carries_line(reply.text, category)
    assert REQUEST_HUMAN in reply.buttons


def test_after_a_no_about_someone_else_the_helper_is_thanked():
    assert "Looking out for them matters" in support_after_no("suicide", "other").text


# ----------------------------------------------------------------- carries_line
@pytest.mark.parametrize(("category", "subject", "lines"), CRISIS_LINES)
def test_every_crisis_reply_carries_its_categorys_line(category, subject, lines):
    assert carries_line(crisis_reply(category, subject).text, category)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Call or text 988 any time.", "suicide"),
        ("You can call or text 988.", "self_harm"),
        ("Call 911 now. Poison Control: 1-800-222-1222.", "overdose"),
        ("Call 911 now.", "medical_emergency"),
        ("If anyone is in danger, call 911.", "violence"),
        ("Or call or text 988 to talk it through.", "violence"),
        ("The hotline: 1-800-799-SAFE.", "abuse"),
        ("Call 1-800-799-7233.", "abuse"),
        ("Call or text 988.", None),
    ],
)
def test_a_reply_with_the_categorys_number_carries_its_line(text, category):
    assert carries_line(text, category)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Are you thinking about ending your life?", "suicide"),
        ("Chat at 988lifeline.org.", "suicide"),
        ("Call 911 now.", "overdose"),
        ("Poison Control: 1-800-222-1222.", "overdose"),
        ("Call or text 988.", "overdose"),
        ("Call 911 if you are in danger.", "abuse"),
        ("Call 9110 or 19881.", "suicide"),
        ("Call 1-800-662-4357 for treatment.", "suicide"),
        ("You can reach the 911 Detox Center team through this website.", "medical_emergency"),
        ("You can call 911 Detox Center any time.", "medical_emergency"),
        ("We answered 988 questions last year.", "suicide"),
        ("", "suicide"),
    ],
)
def test_a_reply_without_the_categorys_number_does_not_carry_its_line(text, category):
    assert not carries_line(text, category)


CATEGORIES = ["suicide", "self_harm", "overdose", "medical_emergency", "violence", "abuse"]


@pytest.mark.parametrize("level", ["crisis", "concern"])
@pytest.mark.parametrize("subject", ["self", "other"])
@pytest.mark.parametrize("category", CATEGORIES)
def test_the_first_reply_at_any_risk_level_carries_the_categorys_line(level, subject, category):
    reply = first_risk_reply(level, category, subject)

    assert carries_line(reply.text, category)


def test_a_message_without_risk_has_no_risk_reply():
    assert first_risk_reply("none", None) is None


def test_a_reply_for_the_wrong_category_does_not_count():
    assert not carries_line(first_risk_reply("crisis", "overdose").text, "suicide")


# ----------------------------------------------------------------- medical information
@pytest.mark.parametrize(
    ("reply", "signs"),
    [
        (overdose_information, ["blue or grey lips", "naloxone"]),
        (withdrawal_information, ["seizure", "aren't there", "medical support"]),
    ],
)
def test_medical_information_gives_the_danger_signs_and_when_to_call(reply, signs):
    text = reply().text

    for sign in signs:
        assert sign in text
    assert "Call 911" in text
    assert carries_line(text, "overdose")
    assert carries_line(text, "medical_emergency")


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
