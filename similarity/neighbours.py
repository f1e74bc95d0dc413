"""How near a message is, in meaning, to each intent's examples and to questions nothing answers.

The index holds the sentence vectors of the training examples, labelled by what they
train ("faq/ptsd" for a topic, the intent's name otherwise), and of real questions
people asked that no curated answer covers (the pool's training part, see
tests/answers/README.md). For a message it gives the cosine of the nearest example of
each label, and of the nearest uncovered question: when that question is nearer than
anything the chosen answer was trained on, the message is most likely one of its kind.
A label model over the same vectors (similarity/label_model.py) gives how likely each
label is, uncovered questions counted as one label, weighing every neighbour.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from similarity.encoder import SentenceEncoder
from similarity.label_model import UNCOVERED, LabelModel

EXAMPLES_FILE = "example_vectors.npy"
LABELS_FILE = "example_labels.json"
UNCOVERED_FILE = "uncovered_vectors.npy"


@dataclass(frozen=True)
class Nearness:
    """The cosine of a message with each label's nearest example and the nearest uncovered
    question (-1.0 when there is none); and, when the index has a label model, how likely
    each label is (`likelihood`, empty without one)."""

    labels: Mapping[str, float]
    uncovered: float
    likelihood: Mapping[str, float] = field(default_factory=dict)

    def of(self, label: str) -> float:
        return self.labels.get(label, -1.0)

    def likelihood_of(self, label: str) -> float:
        return self.likelihood.get(label, 0.0)

    @property
    def uncovered_likelihood(self) -> float:
        return self.likelihood_of(UNCOVERED)


class NeighbourIndex:
    def __init__(self, encoder: SentenceEncoder, vectors: np.ndarray, labels: list[str],
                 uncovered: np.ndarray, label_model: LabelModel | None = None) -> None:
        self.encoder = encoder
        self.vectors = vectors
        self.labels = labels
        self.uncovered = uncovered
        self.label_model = label_model
        names = sorted(set(labels))
        self._rows_of = {name: np.array([i for i, label in enumerate(labels) if label == name])
                         for name in names}

    @classmethod
    def build(cls, encoder: SentenceEncoder, examples: list[tuple[str, str]],
              uncovered_questions: list[str], label_model_c: float | None = None,
              ) -> NeighbourIndex:
        """From (label, text) training examples and the uncovered real questions; with a
        label model when `label_model_c` (scikit-learn's C, the inverse regularisation)
        is given and there are uncovered questions to learn from."""
        vectors = encoder.encode([text for _, text in examples])
        labels = [label for label, _ in examples]
        uncovered = encoder.encode(uncovered_questions)
        label_model = None
        if label_model_c is not None and len(uncovered):
            label_model = LabelModel.fit(np.vstack([vectors, uncovered]),
                                         labels + [UNCOVERED] * len(uncovered), label_model_c)
        return cls(encoder, vectors, labels, uncovered, label_model)

    def nearness(self, text: str) -> Nearness:
        vector = self.encoder.encode([text])[0]
        similarity = self.vectors @ vector
        labels = {name: float(similarity[rows].max()) for name, rows in self._rows_of.items()}
        uncovered = float((self.uncovered @ vector).max()) if len(self.uncovered) else -1.0
        likelihood = self.label_model.probabilities(vector) if self.label_model else {}
        return Nearness(labels, uncovered, likelihood)

    def save(self, directory: Path) -> None:
        np.save(directory / EXAMPLES_FILE, self.vectors)
        np.save(directory / UNCOVERED_FILE, self.uncovered)
        (directory / LABELS_FILE).write_text(json.dumps(self.labels), encoding="utf-8")
        if self.label_model is not None:
            self.label_model.save(directory)

    @classmethod
    def load(cls, directory: Path, encoder: SentenceEncoder) -> NeighbourIndex:
        labels = json.loads((directory / LABELS_FILE).read_text(encoding="utf-8"))
        label_model = LabelModel.load(directory) if LabelModel.saved_in(directory) else None
        return cls(encoder, np.load(directory / EXAMPLES_FILE), labels,
                   np.load(directory / UNCOVERED_FILE), label_model)

    @staticmethod
    def saved_in(directory: Path) -> bool:
        return all((directory / name).exists()
                   for name in (EXAMPLES_FILE, LABELS_FILE, UNCOVERED_FILE))
