"""The pool of real questions: it holds, its labels mean something, it is apart from the split."""

from __future__ import annotations

import pytest

from actions.center_answers import SUBJECT_OF_INTENT
from safety.detector import RiskLevel, assess_risk
from scripts.real_candidates import forum_of, is_candidate, question_key
from scripts.real_questions import (
    NONE,
    POOL,
    POOL_TRAINING,
    REAL_POOL,
    load_pool,
    load_split,
    main,
    read_references,
    uncovered_training_questions,
    write_uncovered,
)
from tests.answers.test_real_questions import screener_intents
from tests.conftest import TOPICS

# Replies a pool label may name beside the topics, screeners and center answers.
OTHER_REPLIES = {"seek_treatment", "request_human"}


@pytest.fixture(scope="module")
def pool():
    return load_pool()


def test_every_reference_still_points_at_its_labelled_sentence(pool):
    assert len(pool) >= 500
    assert {q.part for q in pool} == {POOL, POOL_TRAINING}


def test_about_one_post_in_five_is_scored_and_the_rest_trains(pool):
    scored = sum(q.part == POOL for q in pool)

    assert 0.15 < scored / len(pool) < 0.25


def test_the_questions_of_one_post_never_straddle_the_parts(pool):
    part_of_post: dict[str, set[str]] = {}
    for question in pool:
        part_of_post.setdefault(question.ref.rsplit(":", 1)[0], set()).add(question.part)

    assert all(len(parts) == 1 for parts in part_of_post.values())


def test_the_gate_learns_only_training_questions_that_nothing_covers(pool):
    learned = set(uncovered_training_questions())
    training_none = {q.text for q in pool if q.part == POOL_TRAINING and q.fits == (NONE,)}

    assert learned == training_none
    assert not learned & {q.text for q in pool if q.part == POOL}


def test_the_uncovered_questions_are_written_one_a_line(tmp_path):
    path = tmp_path / "build" / "uncovered-questions.txt"

    count = write_uncovered(path)

    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == count > 300
    assert all(line.strip() == line and line for line in lines)


def test_every_label_is_a_reply_the_assistant_has(pool):
    known = {*TOPICS, *screener_intents(), *SUBJECT_OF_INTENT, *OTHER_REPLIES, NONE}

    assert {label for q in pool for label in q.fits} <= known


def test_most_pool_questions_are_ones_no_curated_answer_covers(pool):
    assert sum(q.fits[0] == NONE for q in pool) > len(pool) / 2


def test_no_pool_post_holds_a_question_of_the_split():
    split = [q.text for q in load_split()]
    touching = [r.ref for r in read_references(REAL_POOL)
                if any(text in r.post for text in split)]

    assert touching == []


def test_no_two_pool_entries_are_the_same_question(pool):
    keys = [question_key(q.text) for q in pool]

    assert len(set(keys)) == len(keys)


def test_no_pool_question_carries_a_risk_sign(pool):
    assert [q.ref for q in pool if assess_risk(q.text).level != RiskLevel.NONE] == []


@pytest.mark.parametrize(
    ("real", "key"),
    [("Can PTSD   come back?", "can ptsd come back"),
     ("Is it normal?? ", "is it normal"),
     ("What\u2019s a \u201cslip\u201d, really?!", "what's a \"slip\", really"),
     ("Is 2.5 too much?", "is 2.5 too much")],
)
def test_one_question_in_other_case_spacing_or_end_marks_has_one_key(real, key):
    assert question_key(real) == key


@pytest.mark.parametrize(
    ("sentence", "candidate"),
    [("How do I talk to my husband about his drinking?", True),
     ("Is it possible to have PTSD without any nightmares at all?", True),
     ("What's the best way to know if I have ADHD?", True),  # the second round's words
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


def test_a_trainer_can_print_the_pool_with_its_parts_and_labels(pool, monkeypatch, capsys):
    monkeypatch.setattr("sys.argv", ["real_questions", "pool"])

    main()

    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(pool)
    assert lines[0].split()[0] in {POOL, POOL_TRAINING}
