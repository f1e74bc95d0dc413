"""Removing personal data from what visitors wrote before it leaves the console.

Emails, phone numbers, street addresses and the names a visitor gave (to the call-back
form, or as "my name is ...") become placeholders. Patterns favour recall: a redacted
ordinary word costs less than a leaked phone number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<!\w)[+(]?\d[\d\s().-]{6,}\d(?!\w)")
STREET_SUFFIX = (
    r"street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|"
    r"terrace|circle|highway|hwy|parkway|pkwy"
)
ADDRESS = re.compile(
    rf"\b\d{{1,6}}\s+(?:[A-Za-z0-9'.-]+\s+){{1,4}}(?:{STREET_SUFFIX})\b\.?", re.IGNORECASE
)
GIVEN_NAME = re.compile(
    r"\b((?i:my name is|my name's|i am called|call me|this is|i'm|im))\s+"
    r"([A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?)"
)
NAME_SLOTS = ("callback_name",)

PLACEHOLDERS = {"email": "[email]", "phone": "[phone]", "address": "[address]", "name": "[name]"}


def given_names(slots: dict[str, object]) -> list[str]:
    """The names a visitor typed into a form, longest first so "Jane Doe" beats "Jane"."""
    names = {str(slots[s]).strip() for s in NAME_SLOTS if slots.get(s)}
    parts = {part for name in names for part in name.split() if len(part) > 1}
    return sorted(names | parts, key=len, reverse=True)


def redact(text: str, names: Iterable[str] = ()) -> str:
    text = EMAIL.sub(PLACEHOLDERS["email"], text)
    text = ADDRESS.sub(PLACEHOLDERS["address"], text)
    text = PHONE.sub(PLACEHOLDERS["phone"], text)
    text = GIVEN_NAME.sub(lambda m: f"{m.group(1)} {PLACEHOLDERS['name']}", text)
    for name in names:
        text = re.sub(rf"\b{re.escape(name)}\b", PLACEHOLDERS["name"], text, flags=re.IGNORECASE)
    return text
