"""Every number has one home, a source and a date; stale entries are reported."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from safety.replies import crisis_reply, service_unavailable_message, treatment_referral
from safety.resources import DEFAULT_RESOURCES_PATH, load_resources, main, stale_resources

SAFETY_DIR = Path(__file__).resolve().parents[2] / "safety"
PHONE_LIKE = re.compile(r"\b\d{3}\b|\d-\d{3}-\d{3}-\d{4}|\b\d{5,6}\b")


def all_reply_texts() -> str:
    categories = [
        None,
        "suicide",
        "self_harm",
        "overdose",
        "medical_emergency",
        "violence",
        "abuse",
    ]
    texts = [crisis_reply(c, s).text for c in categories for s in ("self", "other")]
    return "\n".join([*texts, treatment_referral(), service_unavailable_message()])


@pytest.mark.parametrize(
    "fact",
    [
        "988",
        "988lifeline.org",
        "HOME to 741741",
        "1-800-222-1222",
        "1-800-799-7233",
        "START to 88788",
        "1-800-662-4357",
        "911",
    ],
)
def test_the_exact_resource_strings_reach_the_replies(fact):
    assert fact in all_reply_texts()


def test_the_us_numbers_are_the_verified_ones():
    us = load_resources("US")

    assert us.crisis_line.phone == "988"
    assert us.crisis_line.text.number == "988"
    assert us.crisis_text_line.text.number == "741741"
    assert us.crisis_text_line.text.keyword == "HOME"
    assert us.emergency.phone == "911"
    assert us.poison_control.phone == "1-800-222-1222"
    assert (us.veterans_crisis_line.call.number, us.veterans_crisis_line.call.option) == (
        "988",
        "press 1",
    )
    assert us.veterans_crisis_line.text.number == "838255"
    assert us.domestic_violence_hotline.phone == "1-800-799-7233"
    assert (
        us.domestic_violence_hotline.text.keyword,
        us.domestic_violence_hotline.text.number,
    ) == ("START", "88788")
    assert us.treatment_helpline.phone == "1-800-662-4357"


def test_every_resource_has_a_source_and_a_verified_on_date():
    for resource in load_resources("US").values():
        assert resource.sources, resource.key
        assert isinstance(resource.verified_on, dt.date), resource.key


def test_the_samhsa_helpline_is_a_referral_line_not_a_crisis_line():
    assert load_resources("US").treatment_helpline.kind == "referral"


def test_the_ended_988_press_3_option_is_not_listed():
    text = DEFAULT_RESOURCES_PATH.read_text(encoding="utf-8")
    data_lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]

    assert "press 3" not in all_reply_texts()
    assert not any("PRIDE" in line for line in data_lines)
    assert all(r.call is None or r.call.option != "press 3" for r in load_resources().values())


def test_the_trevor_project_is_kept_clearly_marked_and_out_of_replies():
    trevor = load_resources("US")["lgbtq_youth_line"]

    assert not trevor.in_replies
    assert "SECONDARY SOURCES" in trevor.note
    assert trevor.phone not in all_reply_texts()


def test_no_number_is_typed_in_the_reply_code():
    for module in ("replies.py", "detector.py", "evaluation.py"):
        assert not PHONE_LIKE.search((SAFETY_DIR / module).read_text(encoding="utf-8")), module


def test_no_number_is_typed_twice_in_the_resources_file():
    text = DEFAULT_RESOURCES_PATH.read_text(encoding="utf-8")
    data = "\n".join(line.split("#")[0] for line in text.splitlines())
    numbers = re.findall(r'number: "?([\d-]+)"?', data)

    assert numbers and len(numbers) == len(set(numbers))


def test_stale_resources_lists_entries_older_than_the_limit():
    verified = load_resources("US").emergency.verified_on

    assert stale_resources(max_age_days=180, today=verified + dt.timedelta(days=180)) == []
    stale = stale_resources(max_age_days=180, today=verified + dt.timedelta(days=181))
    assert {r.key for r in stale} == set(load_resources("US"))


def test_an_unknown_locale_is_an_error_not_a_silent_us_fallback():
    with pytest.raises(KeyError, match="XX"):
        load_resources("XX")


def test_the_check_command_passes_and_only_warns_about_staleness(capsys):
    assert main(["check"]) == 0
    assert main(["check", "--max-age-days", "-1"]) == 0
    assert "WARNING" in capsys.readouterr().out
    assert main(["check", "--max-age-days", "-1", "--strict"]) == 1
