"""The held-out splits that calibrate the answer gate, and how outcomes are counted."""

from __future__ import annotations

import pytest
import yaml

from harbor.settings import PROJECT_ROOT
from scripts.check_answers import Outcome, Question, no_answer_questions, topic_questions
from tests.answers.conftest import training_examples

SUBJECTS = {"substances", "treatments", "family_and_relationships", "work", "school",
            "legal", "money"}


def test_the_no_answer_split_has_at_least_100_questions_across_the_subjects():
    questions = no_answer_questions()
    subjects = set(yaml.safe_load((PROJECT_ROOT / "tests/answers/no_answer_test.yml").read_text()))

    assert len(questions) >= 100
    assert subjects >= SUBJECTS


@pytest.mark.parametrize("split", [no_answer_questions, topic_questions],
                         ids=["no-answer split", "topic split"])
def test_no_held_out_question_is_in_the_training_data(split):
    seen = training_examples()

    assert [q.text for q in split() if q.text.lower() in seen] == []


@pytest.mark.parametrize(
    ("topic", "reply", "wrong"),
    [("detox", "answer:detox", False), ("detox", "answer:after_detox", True),
     ("detox", "abstain:nlu_fallback", False), (None, "abstain:nlu_fallback", False),
     (None, "abstain:uncovered_question", False), (None, "answer:stigma", True),
     (None, "center:ask_cost", True), (None, "abstain:goodbye", True),
     (None, "abstain:seek_treatment", False)],
)
def test_confidently_wrong_is_any_answer_that_does_not_fit(topic, reply, wrong):
    assert Outcome(Question("q", topic), reply).confidently_wrong is wrong
