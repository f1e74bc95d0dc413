"""The numpy encoder gives all-MiniLM-L6-v2's published similarities."""

from __future__ import annotations

import numpy as np
import pytest


def test_it_reproduces_the_similarities_sentence_transformers_publishes(encoder):
    # The sentence-transformers quickstart for all-MiniLM-L6-v2 prints these cosines.
    vectors = encoder.encode(
        ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."])

    cosines = vectors @ vectors.T

    assert cosines[0, 1] == pytest.approx(0.6660, abs=5e-4)
    assert cosines[0, 2] == pytest.approx(0.1046, abs=5e-4)
    assert cosines[1, 2] == pytest.approx(0.1411, abs=5e-4)


def test_every_vector_has_unit_length(encoder):
    vectors = encoder.encode(["what is dual diagnosis", "hi", "x" * 300])

    assert np.linalg.norm(vectors, axis=1) == pytest.approx([1.0, 1.0, 1.0], abs=1e-5)


def test_a_text_encodes_the_same_alone_and_beside_a_longer_one(encoder):
    alone = encoder.encode(["is my drinking a problem"])
    padded = encoder.encode(["is my drinking a problem",
                             "a much longer sentence that makes the batch pad the first one"])

    assert padded[0] == pytest.approx(alone[0], abs=1e-5)


def test_no_texts_give_an_empty_matrix_of_the_right_width(encoder):
    assert encoder.encode([]).shape == (0, 384)
