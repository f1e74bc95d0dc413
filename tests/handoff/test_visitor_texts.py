"""The hand-off's visitor texts come from domain.yml, where trainers edit every text."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest
import yaml

from safety.replies import crisis_line_reminder
from web.handoff.visitor_texts import (
    DOMAIN_FILE,
    RESPONSES,
    HandoffTexts,
    HandoffTextsError,
    load_handoff_texts,
)


def domain_responses() -> dict:
    return yaml.safe_load(DOMAIN_FILE.read_text())["responses"]


def test_every_text_the_desk_uses_names_a_domain_response():
    assert set(RESPONSES) == {field.name for field in fields(HandoffTexts)}
    assert set(RESPONSES.values()) <= set(domain_responses())


@pytest.mark.parametrize("field, response", sorted(RESPONSES.items()))
def test_each_text_is_the_first_variation_of_its_response(field, response):
    text = domain_responses()[response][0]["text"]
    expected = text.replace("{crisis_line_reminder}", crisis_line_reminder())
    assert getattr(load_handoff_texts(), field) == expected


def test_the_text_for_a_failed_queue_gives_the_crisis_lines():
    assert crisis_line_reminder() in load_handoff_texts().queue_failed


@pytest.mark.parametrize("display_name, author", [
    (None, "Team member"),
    ("", "Team member"),
    ("  ", "Team member"),
    ("Jo", "Jo (team member)"),
])
def test_a_team_member_is_shown_by_display_name_when_there_is_one(display_name, author):
    assert load_handoff_texts().author(display_name) == author


def domain_without(tmp_path: Path, response: str) -> Path:
    domain = yaml.safe_load(DOMAIN_FILE.read_text())
    del domain["responses"][response]
    path = tmp_path / "domain.yml"
    path.write_text(yaml.safe_dump(domain))
    return path


def test_a_missing_response_is_a_clear_error_naming_it(tmp_path):
    with pytest.raises(HandoffTextsError, match="utter_handoff_expired"):
        load_handoff_texts(domain_without(tmp_path, "utter_handoff_expired"))


def test_a_named_author_text_without_the_name_is_refused(tmp_path):
    domain = yaml.safe_load(DOMAIN_FILE.read_text())
    domain["responses"]["utter_handoff_staff_named"] = [{"text": "A team member"}]
    path = tmp_path / "domain.yml"
    path.write_text(yaml.safe_dump(domain))
    with pytest.raises(HandoffTextsError, match="{name}"):
        load_handoff_texts(path)


def test_an_unreadable_domain_is_a_clear_error(tmp_path):
    with pytest.raises(HandoffTextsError, match="cannot read"):
        load_handoff_texts(tmp_path / "missing.yml")
