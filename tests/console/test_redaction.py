"""Redaction of what visitors wrote, case by case."""

from __future__ import annotations

import pytest

from web.conversations.redaction import given_names, redact

CASES = [
    ("write to jane.doe@example.org please", "write to [email] please"),
    ("call 555-123-4567", "call [phone]"),
    ("my cell is (555) 123 4567", "my cell is [phone]"),
    ("+1 555 123 4567 anytime", "[phone] anytime"),
    ("I live at 12 Oak Street now", "I live at [address] now"),
    ("send it to 4500 West Lake Blvd.", "send it to [address]"),
    ("My name is Maria Lopez and I drink", "My name is [name] and I drink"),
    ("hi, I'm Sam", "hi, I'm [name]"),
    ("i'm feeling low", "i'm feeling low"),
    ("I drank 3 beers in 2 days", "I drank 3 beers in 2 days"),
    ("what is dual diagnosis", "what is dual diagnosis"),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_personal_data_becomes_a_placeholder(text, expected):
    assert redact(text) == expected


def test_a_name_given_to_the_call_back_form_is_redacted_wherever_it_appears():
    names = given_names({"callback_name": "Jane Doe", "callback_contact": "555-123-4567"})
    assert redact("Thank you, Jane Doe. Jane, we will call.", names) == (
        "Thank you, [name]. [name], we will call."
    )


def test_no_form_name_means_no_extra_redaction():
    assert given_names({"callback_name": None}) == []
