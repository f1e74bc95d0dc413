"""The label model: how likely each label is for a sentence vector, uncovered questions
counted as one label."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from similarity.label_model import UNCOVERED, LabelModel

RNG = np.random.default_rng(7)
CENTRES = {"faq/ptsd": 0, "faq/detox": 1, UNCOVERED: 2}


def unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def cluster(axis: int, count: int = 12) -> np.ndarray:
    centre = np.zeros(8)
    centre[axis] = 3.0
    return unit(centre + RNG.normal(scale=0.4, size=(count, 8)))


@pytest.fixture(scope="module")
def training() -> tuple[np.ndarray, list[str]]:
    vectors = np.vstack([cluster(axis) for axis in CENTRES.values()])
    labels = [label for label in CENTRES for _ in range(12)]
    return vectors, labels


@pytest.fixture(scope="module")
def model(training) -> LabelModel:
    return LabelModel.fit(*training, inverse_regularisation=30.0)


def test_every_label_gets_a_probability_and_they_add_up_to_one(model):
    shares = model.probabilities(cluster(0, 1)[0])

    assert set(shares) == set(CENTRES)
    assert sum(shares.values()) == pytest.approx(1.0)


@pytest.mark.parametrize(("label", "axis"), CENTRES.items())
def test_a_vector_among_a_labels_examples_is_most_likely_that_label(model, label, axis):
    shares = model.probabilities(cluster(axis, 1)[0])

    assert max(shares, key=shares.get) == label


def test_the_numpy_softmax_gives_scikit_learns_probabilities(training, model):
    reference = LogisticRegression(C=30.0, max_iter=3000).fit(*training)
    vector = cluster(2, 1)[0]

    expected = dict(zip(reference.classes_, reference.predict_proba([vector])[0], strict=True))

    assert model.probabilities(vector) == pytest.approx(expected, abs=1e-5)


def test_the_model_survives_save_and_load(tmp_path, model):
    model.save(tmp_path)

    loaded = LabelModel.load(tmp_path)
    vector = cluster(1, 1)[0]

    assert LabelModel.saved_in(tmp_path)
    assert loaded.probabilities(vector) == pytest.approx(model.probabilities(vector))
