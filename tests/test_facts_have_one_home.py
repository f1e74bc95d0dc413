"""One home per fact: phone numbers in safety/resources.yml, risk levels in one enum.

The scan reads every yml, py, js and html file of the project (not the tests, which
assert the exact strings on purpose) and fails on any number from the resources file,
or anything shaped like a phone number, outside it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from harbor.center import Center
from harbor.settings import PROJECT_ROOT
from safety.detector import RiskLevel
from safety.resources import DEFAULT_RESOURCES_PATH, load_resources
from scripts.validate_data import center_warnings

SCANNED_SUFFIXES = {".yml", ".yaml", ".py", ".js", ".html"}
SKIPPED_FOLDERS = {".git", ".venv", "build", "models", "var", "tests", "node_modules"}
# Files where a number may appear, and why.
ALLOWED = {
    "safety/resources.yml": "the one home of every number",
    "center.yml": "the center's own contact (not a crisis line); its name holds 911",
    "data/nlu.yml": "visitors' words in training examples, never shown to anyone",
    "safety/lexicon.yml": "reviewers' notes on why an entry exists, never shown",
}
# 555-01xx and friends: numbers reserved for fiction, used in examples.
PHONE_SHAPE = re.compile(
    r"(?<![\w-])(?:\+?1[-. ])?\(?(?!555)\d{3}\)?[-. ](?!555)\d{3}[-. ]\d{4}(?!\w)"
)


def resource_numbers() -> set[str]:
    """Every number and text code the resources file gives, in every locale."""
    raw = yaml.safe_load(DEFAULT_RESOURCES_PATH.read_text())
    numbers: set[str] = set()
    for resources in raw["locales"].values():
        for resource in resources.values():
            for channel in ("call", "text"):
                entry = resource.get(channel) or {}
                numbers |= {str(entry[k]) for k in ("number", "letters") if entry.get(k)}
            if resource.get("tty"):
                numbers.add(str(resource["tty"]))
    return numbers


def scanned_files() -> list[Path]:
    return sorted(
        path
        for path in PROJECT_ROOT.rglob("*")
        if path.suffix in SCANNED_SUFFIXES
        and path.is_file()
        and not SKIPPED_FOLDERS & set(path.relative_to(PROJECT_ROOT).parts[:-1])
        and path.relative_to(PROJECT_ROOT).as_posix() not in ALLOWED
    )


def numbers_in(text: str, numbers: set[str]) -> list[str]:
    found = {m.group(0) for m in PHONE_SHAPE.finditer(text)}
    for number in numbers:
        found.update(re.findall(rf"(?<![\w-]){re.escape(number)}(?![\w-])", text))
    return sorted(found)


def test_the_scan_reads_the_project():
    scanned = {path.relative_to(PROJECT_ROOT).as_posix() for path in scanned_files()}
    assert {"domain.yml", "web/visitor/static/widget.js", "actions/session.py"} <= scanned


def test_no_phone_number_appears_outside_the_resources_file():
    numbers = resource_numbers()
    found = {
        path.relative_to(PROJECT_ROOT).as_posix(): hits
        for path in scanned_files()
        if (hits := numbers_in(path.read_text(errors="replace"), numbers))
    }
    assert found == {}


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("call or text 988", ["988"]),
        ("dial 1-800-662-4357 now", ["1-800-662-4357"]),
        ("call (212) 867-5309", ["(212) 867-5309"]),
        ("for example 555 123 4567", []),
        ("a 9880 token and id-988", []),
    ],
)
def test_the_scan_finds_numbers_as_they_are_written(text, found):
    assert numbers_in(text, {"988", "1-800-662-4357"}) == sorted(found)


def test_the_goodbye_takes_the_crisis_line_from_a_slot():
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
    [goodbye] = domain["responses"]["utter_goodbye"]
    assert "{crisis_line}" in goodbye["text"]
    assert load_resources().crisis_line.call.number not in goodbye["text"]


def test_the_domains_risk_levels_are_the_enums_escalating_levels():
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
    escalating = [level.value for level in RiskLevel if level is not RiskLevel.NONE]
    assert domain["slots"]["risk_level"]["values"] == escalating


@pytest.mark.parametrize(
    ("center", "missing"),
    [
        (Center(name="A"), ["phone", "hours", "website"]),
        (Center(name="A", phone="555-0100", hours="24/7", website="https://a.example"), []),
    ],
)
def test_make_validate_warns_about_each_missing_center_contact(center, missing):
    warnings = center_warnings(center)
    assert [field for field in missing if any(f"no {field}" in w for w in warnings)] == missing
    assert len(warnings) == len(missing)
