"""The lexicon is a reviewed data file: strict to load, documented, never a copy of the tests."""

from __future__ import annotations

import re

import pytest
import yaml

from safety.evaluation import load_cases
from safety.lexicon import CATEGORIES, DEFAULT_LEXICON_PATH, Lexicon, LexiconError
from safety.patterns import PhraseSyntaxError, expand
from tests.safety.conftest import HOLDOUT_SET


def raw_lexicon() -> dict:
    return yaml.safe_load(DEFAULT_LEXICON_PATH.read_text(encoding="utf-8"))


def test_every_entry_says_why(lexicon):
    for entry in (*lexicon.entries, *lexicon.exclusions):
        assert entry.why.strip(), entry.key


def test_the_categories_are_exactly_the_six(lexicon):
    assert {entry.category for entry in lexicon.entries} == set(CATEGORIES)
    assert set(CATEGORIES) == {
        "suicide",
        "self_harm",
        "overdose",
        "medical_emergency",
        "violence",
        "abuse",
    }


def test_every_category_has_crisis_phrases(lexicon):
    for category in CATEGORIES:
        assert any(e.category == category and e.level == "crisis" for e in lexicon.entries)


@pytest.mark.parametrize(
    "section", ["slang", "misspellings", "exclusions", "terms", "fuzzy_keywords", "cues"]
)
def test_the_file_has_its_sections_for_trainers(section):
    assert raw_lexicon()[section]


@pytest.mark.parametrize(
    "slang", ["kms", "kys", "unalive", "od", "od'd", "fent", "percs", "benzos", "xans", "bars"]
)
def test_the_slang_section_covers_the_common_terms(lexicon, slang):
    assert slang in lexicon.slang


def test_no_message_from_the_eval_or_holdout_set_is_copied_into_the_lexicon(eval_cases):
    """The lexicon must generalise, not memorise. One-word messages ("kms") are
    necessarily lexicon words, so only messages of three words or more count."""
    source = " ".join(DEFAULT_LEXICON_PATH.read_text(encoding="utf-8").lower().split())
    copied = []
    for case in [*eval_cases, *load_cases(HOLDOUT_SET)]:
        text = " ".join(re.sub(r"[^\w\s']", " ", case.text.lower()).split())
        if len(text.split()) >= 3 and text in source:
            copied.append(case.text)
    assert copied == []


def test_a_bare_no_in_yaml_is_refused_not_read_as_false():
    data = raw_lexicon()
    data["cues"]["negation"]["words"].append(False)  # what `- no` becomes in YAML

    with pytest.raises(LexiconError, match="quote it"):
        Lexicon.from_dict(data)


def test_a_group_without_why_is_refused():
    data = raw_lexicon()
    del data["categories"]["suicide"]["crisis"][0]["why"]

    with pytest.raises(LexiconError, match="why"):
        Lexicon.from_dict(data)


def test_an_unknown_key_is_refused():
    data = raw_lexicon()
    data["categories"]["suicide"]["crisis"][0]["phrase"] = ["typo for phrases"]

    with pytest.raises(LexiconError, match="unknown keys"):
        Lexicon.from_dict(data)


def test_an_unknown_category_is_refused():
    data = raw_lexicon()
    data["categories"]["sadness"] = {"concern": [{"why": "x", "phrases": ["sad"]}]}

    with pytest.raises(LexiconError, match="unknown categories"):
        Lexicon.from_dict(data)


def test_an_unknown_slot_is_refused():
    data = raw_lexicon()
    data["categories"]["overdose"]["crisis"][0]["phrases"].append("took {drugz}")

    with pytest.raises(LexiconError, match="unknown slot"):
        Lexicon.from_dict(data)


@pytest.mark.parametrize(
    ("phrase", "expanded"),
    [
        ("no reason to (live|go on)", ["no reason to live", "no reason to go on"]),
        ("goodbye (forever)?", ["goodbye forever", "goodbye"]),
        ("(a|b) (c|d)", ["a c", "a d", "b c", "b d"]),
    ],
)
def test_word_groups_expand_into_one_phrase_each(phrase, expanded):
    assert expand(phrase) == expanded


@pytest.mark.parametrize("phrase", ["no reason (to live", "(a|)", "((a))"])
def test_broken_word_groups_are_refused(phrase):
    with pytest.raises(PhraseSyntaxError):
        expand(phrase)


def test_an_added_phrase_takes_effect_without_code(tmp_path, detector):
    data = raw_lexicon()
    data["categories"]["suicide"]["crisis"].append(
        {"why": "test: a new reviewed phrase", "phrases": ["float away with the tide"]}
    )
    path = tmp_path / "lexicon.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")

    from safety.detector import RiskDetector

    extended = RiskDetector.load(lexicon_path=path)
    assert extended.assess("i want to float away with the tide").category == "suicide"
    assert detector.assess("i want to float away with the tide").category is None
