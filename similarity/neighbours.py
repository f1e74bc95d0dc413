"""How near a message is, in meaning, to each intent's examples and to questions nothing answers.

The index holds the sentence vectors of the training examples, labelled by what they
train ("faq/ptsd" for a topic, the intent's name otherwise), and of real questions
people asked that no curated answer covers (the pool's training part, see
tests/answers/README.md). For a message it gives the cosine of the nearest example of
each label, and of the nearest uncovered question: when that question is nearer than
anything the chosen answer was trained on, the message is most likely one of its kind.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from similarity.encoder import SentenceEncoder

EXAMPLES_FILE = "example_vectors.npy"
LABELS_FILE = "example_labels.json"
UNCOVERED_FILE = "uncovered_vectors.npy"


@dataclass(frozen=True)
class Nearness:
    """The cosine of a message with each label's nearest example and the nearest uncovered
    question (-1.0 when there is none)."""

    labels: Mapping[str, float]
    uncovered: float

    def of(self, label: str) -> float:
        return self.labels.get(label, -1.0)


class NeighbourIndex:
    def __init__(self, encoder: SentenceEncoder, vectors: np.ndarray, labels: list[str],
                 uncovered: np.ndarray) -> None:
        self.encoder = encoder
        self.vectors = vectors
        self.labels = labels
        self.uncovered = uncovered
        names = sorted(set(labels))
        self._rows_of = {name: np.array([i for i, label in enumerate(labels) if label == name])
                         for name in names}

    @classmethod
    def build(cls, encoder: SentenceEncoder, examples: list[tuple[str, str]],
              uncovered_questions: list[str]) -> NeighbourIndex:
        """From (label, text) training examples and the uncovered real questions."""
        vectors = encoder.encode([text for _, text in examples])
        return cls(encoder, vectors, [label for label, _ in examples],
                   encoder.encode(uncovered_questions))

    def nearness(self, text: str) -> Nearness:
        vector = self.encoder.encode([text])[0]
        similarity = self.vectors @ vector
        labels = {name: float(similarity[rows].max()) for name, rows in self._rows_of.items()}
        uncovered = float((self.uncovered @ vector).max()) if len(self.uncovered) else -1.0
        return Nearness(labels, uncovered)

    def save(self, directory: Path) -> None:
        np.save(directory / EXAMPLES_FILE, self.vectors)
        np.save(directory / UNCOVERED_FILE, self.uncovered)
        (directory / LABELS_FILE).write_text(json.dumps(self.labels), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path, encoder: SentenceEncoder) -> NeighbourIndex:
        labels = json.loads((directory / LABELS_FILE).read_text(encoding="utf-8"))
        return cls(encoder, np.load(directory / EXAMPLES_FILE), labels,
                   np.load(directory / UNCOVERED_FILE))

    @staticmethod
    def saved_in(directory: Path) -> bool:
        return all((directory / name).exists()
                   for name in (EXAMPLES_FILE, LABELS_FILE, UNCOVERED_FILE))
