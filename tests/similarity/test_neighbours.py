"""The neighbour index: how near a message is to each label and to uncovered questions."""

from __future__ import annotations

import pytest

from similarity.label_model import UNCOVERED as UNCOVERED_LABEL
from similarity.neighbours import NeighbourIndex

EXAMPLES = [
    ("faq/ptsd", "what is post-traumatic stress disorder"),
    ("faq/ptsd", "can trauma cause flashbacks"),
    ("faq/bipolar", "what is bipolar disorder"),
    ("faq/detox", "what happens during detox"),
    ("greet", "hello there"),
]
UNCOVERED = ["can someone have bipolar disorder without ever being manic",
             "what should i pack for a week at the beach"]


@pytest.fixture(scope="module")
def index(encoder) -> NeighbourIndex:
    return NeighbourIndex.build(encoder, EXAMPLES, UNCOVERED)


def test_each_label_gets_the_cosine_of_its_nearest_example(index):
    nearness = index.nearness("what is post-traumatic stress disorder")

    assert nearness.of("faq/ptsd") == pytest.approx(1.0, abs=1e-5)
    assert nearness.of("faq/detox") < 0.5
    assert set(nearness.labels) == {"faq/ptsd", "faq/bipolar", "faq/detox", "greet"}


def test_a_label_without_examples_is_as_far_as_can_be(index):
    assert index.nearness("hello").of("ask_cost") == -1.0


def test_a_question_like_an_uncovered_one_is_nearer_to_it_than_to_the_topic(index):
    nearness = index.nearness("is it possible to be bipolar but never manic?")

    assert nearness.uncovered > nearness.of("faq/bipolar")


def test_without_uncovered_questions_the_uncovered_nearness_is_minus_one(encoder):
    index = NeighbourIndex.build(encoder, EXAMPLES, [])

    assert index.nearness("what is detox").uncovered == -1.0


def test_the_index_survives_save_and_load(tmp_path, index, encoder):
    index.save(tmp_path)

    loaded = NeighbourIndex.load(tmp_path, encoder)

    assert NeighbourIndex.saved_in(tmp_path)
    assert loaded.labels == index.labels
    assert loaded.nearness("detox").labels == index.nearness("detox").labels


def test_with_a_label_model_the_uncovered_questions_count_as_one_label(encoder):
    index = NeighbourIndex.build(encoder, EXAMPLES, UNCOVERED, label_model_c=30.0)

    nearness = index.nearness("is it possible to be bipolar but never manic?")

    assert set(nearness.likelihood) == {"faq/ptsd", "faq/bipolar", "faq/detox", "greet",
                                        UNCOVERED_LABEL}
    assert nearness.uncovered_likelihood == nearness.likelihood_of(UNCOVERED_LABEL)
    assert sum(nearness.likelihood.values()) == pytest.approx(1.0)


def test_without_uncovered_questions_no_label_model_is_fitted(encoder):
    index = NeighbourIndex.build(encoder, EXAMPLES, [], label_model_c=30.0)

    assert index.label_model is None
    assert index.nearness("what is detox").likelihood == {}


def test_the_label_model_survives_save_and_load_with_the_index(tmp_path, encoder):
    index = NeighbourIndex.build(encoder, EXAMPLES, UNCOVERED, label_model_c=30.0)
    index.save(tmp_path)

    loaded = NeighbourIndex.load(tmp_path, encoder)

    assert loaded.nearness("detox").likelihood == pytest.approx(
        index.nearness("detox").likelihood)
