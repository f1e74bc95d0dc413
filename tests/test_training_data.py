"""The curated answers and training data follow the content rules."""

from __future__ import annotations

import re

import pytest
import yaml

from harbor.settings import PROJECT_ROOT

RESPONSES = yaml.safe_load((PROJECT_ROOT / "data" / "faq_responses.yml").read_text())["responses"]
ANSWERS = {name.split("/", 1)[1]: variations[0] for name, variations in RESPONSES.items()}
SEEDS_DIR = PROJECT_ROOT.parent / "shared" / "seeds"
SEED_NAMES = ("000_fc60e5c62f59b311.txt", "004_c97374431e8e16a6.txt")
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


@pytest.mark.parametrize("topic", sorted(ANSWERS))
def test_an_answer_names_the_seed_it_paraphrases(topic):
    seeds = [s.strip() for s in ANSWERS[topic]["metadata"]["seed"].split(",")]
    assert seeds and all(seed in SEED_NAMES for seed in seeds)


@pytest.mark.parametrize("topic", ["medication", "detox", "after_detox"])
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
