"""The call-back form accepts a first name and a dialable number, and nothing else."""

from __future__ import annotations

import pytest

from actions.callback import (
    ActionAskCallbackName,
    ActionAskCallbackPhone,
    ActionSubmitCallback,
    ValidateCallbackForm,
    clean_name,
    clean_phone,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Sam", "Sam"),
        ("  maria  ", "maria"),
        ("Anne-Marie", "Anne-Marie"),
        ("José", "José"),
        ("O'Neil", "O'Neil"),
        ("Mary Ann", "Mary Ann"),
        ("what is dbt?", None),
        ("", None),
        ("555 1234", None),
        ("my name is a very long sentence with many words", None),
    ],
)
def test_a_name_is_a_few_words_of_letters(typed, expected):
    assert clean_name(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("555 010 4477", "555 010 4477"),
        ("(555) 010-4477", "(555) 010-4477"),
        ("+1 555 010 4477", "+1 555 010 4477"),
        ("12345", None),
        ("call me maybe", None),
        ("1234567890123456", None),
    ],
)
def test_a_phone_number_has_seven_to_fifteen_digits(typed, expected):
    assert clean_phone(typed) == expected


def test_an_invalid_number_is_refused_with_an_example(dispatcher, make_tracker, domain):
    result = ValidateCallbackForm().validate_callback_contact(
        "tomorrow", dispatcher, make_tracker(), domain
    )

    assert result == {"callback_contact": None}
    assert "555 123 4567" in dispatcher.messages[0]["text"]


@pytest.mark.parametrize(
    ("action", "asks_for"),
    [(ActionAskCallbackName(), "first name"), (ActionAskCallbackPhone(), "phone number")],
)
async def test_the_form_asks_for_each_detail(action, asks_for, dispatcher, make_tracker, domain):
    await action.run(dispatcher, make_tracker(), domain)

    assert asks_for in dispatcher.messages[0]["text"]


async def test_a_submitted_request_is_confirmed_with_the_crisis_line(
    dispatcher, make_tracker, domain
):
    tracker = make_tracker(slots={"callback_name": "Sam", "callback_contact": "555 010 4477"})

    await ActionSubmitCallback().run(dispatcher, tracker, domain)

    text = dispatcher.messages[0]["text"]
    assert "Sam" in text and "555 010 4477" in text and "988" in text
