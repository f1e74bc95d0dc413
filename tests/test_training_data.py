"""The curated answers and training data follow the content rules."""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlparse

import pytest
import yaml

from harbor.settings import PROJECT_ROOT
from tests.conftest import TOPICS, curated_answers

ANSWERS = curated_answers()
SEED_NAMES = ("000_fc60e5c62f59b311.txt", "004_c97374431e8e16a6.txt")
# Public-domain US government sites a curated fact may come from (issue 14).
GOVERNMENT_SITES = (
    "niaaa.nih.gov", "nida.nih.gov", "medlineplus.gov", "samhsa.gov", "cdc.gov", "va.gov",
    # SAMHSA's retired evidence registry (NREPP), still served from its admin site.
    "nreppadmin.net",
)
# Numbers belong in safety/resources.yml only: an answer names no number of three or
# more digits (988, 911, a helpline), which leaves room for "4 or more drinks".
PHONE_LIKE = re.compile(r"\d{3,}|\btel:|\(\d")
# "Alcoholics Anonymous" is a name, not a label for a person.
NOT_PERSON_FIRST = re.compile(
    r"\b(addicts?|junkies?|abusers?|alcoholics?(?! anonymous))\b", re.IGNORECASE
)


def examples(path) -> list[str]:
    data = yaml.safe_load(path.read_text())
    return [
        line.strip()[2:]
        for block in data.get("nlu", [])
        for line in block.get("examples", "").splitlines()
        if line.strip().startswith("- ")
    ]


def normalised(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", text.lower()).strip()


@pytest.mark.parametrize("topic", sorted(ANSWERS))
def test_an_answer_is_about_ninety_words(topic):
    words = len(ANSWERS[topic]["text"].replace("{center_contact}", "").split())
    assert 60 <= words <= 110


@pytest.mark.parametrize("topic", sorted(ANSWERS))
def test_an_answer_ends_with_the_center_contact_as_a_next_step(topic):
    assert ANSWERS[topic]["text"].count("{center_contact}") == 1


@pytest.mark.parametrize("topic", sorted(ANSWERS))
def test_an_answer_uses_person_first_words(topic):
    assert not NOT_PERSON_FIRST.search(ANSWERS[topic]["text"])


def source_urls(metadata: dict) -> list[str]:
    return [part.strip().split(" ", 1)[0] for part in metadata.get("sources", "").split(",")]


def is_government_page(url: str) -> bool:
    host = urlparse(url).hostname or ""
    return any(host == site or host.endswith("." + site) for site in GOVERNMENT_SITES)


@pytest.mark.parametrize("topic", sorted(ANSWERS))
def test_an_answer_names_the_seed_or_the_dated_public_pages_it_paraphrases(topic):
    metadata = ANSWERS[topic]["metadata"]
    if "seed" in metadata:
        seeds = [s.strip() for s in metadata["seed"].split(",")]
        assert seeds and all(seed in SEED_NAMES for seed in seeds)
        return
    urls = source_urls(metadata)
    assert all(url.startswith("https://") for url in urls)
    assert is_government_page(urls[0])
    read = datetime.date.fromisoformat(metadata["read"])
    assert read <= datetime.date.today()


@pytest.mark.parametrize("topic", sorted(ANSWERS))
def test_an_answer_gives_no_phone_number(topic):
    assert not PHONE_LIKE.search(ANSWERS[topic]["text"])


@pytest.mark.parametrize("topic", [
    "medication", "detox", "after_detox", "withdrawal", "mat_medications", "benzodiazepines",
    "cutting_down",
])
def test_medication_and_detox_answers_leave_decisions_to_a_clinician(topic):
    assert re.search(r"\b(doctor|clinician|medical)\b", ANSWERS[topic]["text"], re.IGNORECASE)


def examples_in(folder: str) -> set[str]:
    return {normalised(t) for f in (PROJECT_ROOT / folder).glob("*.yml") for t in examples(f)}


def test_no_safety_evaluation_message_is_in_the_training_data():
    cases = yaml.safe_load((PROJECT_ROOT / "tests/safety/eval_set.yml").read_text())["cases"]
    held_out = {normalised(case["text"]) for case in cases}

    assert sorted(held_out & examples_in("data")) == []


def test_no_nlu_test_example_is_in_the_training_data():
    assert sorted(examples_in("tests/nlu") & examples_in("data")) == []


def examples_by_topic(path) -> dict[str, list[str]]:
    blocks = yaml.safe_load(path.read_text()).get("nlu", [])
    return {
        block["intent"].removeprefix("faq/"): [
            line.strip()[2:] for line in block["examples"].splitlines()
            if line.strip().startswith("- ")
        ]
        for block in blocks
        if block.get("intent", "").startswith("faq/")
    }


TRAINING = examples_by_topic(PROJECT_ROOT / "data" / "faq.yml")
HELD_OUT = examples_by_topic(PROJECT_ROOT / "tests" / "nlu" / "faq_test.yml")
FAQ_STORIES = yaml.safe_load((PROJECT_ROOT / "tests/stories/test_faq.yml").read_text())
STORY_INTENTS = {
    step["intent"].removeprefix("faq/")
    for story in FAQ_STORIES["stories"]
    for step in story["steps"]
    if "intent" in step
}


def test_every_trained_topic_has_a_curated_answer():
    assert sorted(set(TRAINING) - set(TOPICS)) == []


@pytest.mark.parametrize("topic", TOPICS)
def test_a_topic_has_at_least_fifteen_training_examples(topic):
    assert len(TRAINING.get(topic, [])) >= 15


@pytest.mark.parametrize("topic", TOPICS)
def test_a_topic_has_held_out_examples(topic):
    assert len(HELD_OUT.get(topic, [])) >= 5


@pytest.mark.parametrize("topic", TOPICS)
def test_a_topic_has_a_test_story(topic):
    assert topic in STORY_INTENTS
