"""Which label a sentence vector most likely belongs to, uncovered questions counted as one.

The nearest example (similarity/neighbours.py) looks at one neighbour: a question about a
condition's particulars ("Is there more than one kind of PTSD?") is often a little nearer
to one of the topic's examples than to any single uncovered question, although it lies
among many of them. A multinomial logistic regression over the same vectors weighs them
all: every training example labelled by what it trains, every uncovered real question
labelled `UNCOVERED`. The answer gate declines an answer whose topic is less likely than
`UNCOVERED` (components/answer_similarity.py).

scikit-learn fits it when the model is trained; a message needs only one matrix product
and a softmax, in numpy.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

UNCOVERED = "(uncovered)"  # not an intent name: Rasa's intents never hold parentheses
WEIGHTS_FILE = "label_model_weights.npy"
BIAS_FILE = "label_model_bias.npy"
CLASSES_FILE = "label_model_classes.json"


class LabelModel:
    def __init__(self, weights: np.ndarray, bias: np.ndarray, classes: list[str]) -> None:
        self.weights = weights  # (classes, dimensions)
        self.bias = bias
        self.classes = classes

    @classmethod
    def fit(cls, vectors: np.ndarray, labels: list[str], inverse_regularisation: float,
            ) -> LabelModel:
        """Fitted with L2 regularisation; a larger `inverse_regularisation` fits closer."""
        from sklearn.linear_model import LogisticRegression  # training only

        model = LogisticRegression(C=inverse_regularisation, max_iter=3000)
        model.fit(vectors, labels)
        classes = [str(label) for label in model.classes_]
        return cls(model.coef_.astype(np.float32), model.intercept_.astype(np.float32), classes)

    def probabilities(self, vector: np.ndarray) -> dict[str, float]:
        logits = self.weights @ vector + self.bias
        exponents = np.exp(logits - logits.max())
        shares = exponents / exponents.sum()
        return {label: float(share) for label, share in zip(self.classes, shares, strict=True)}

    def save(self, directory: Path) -> None:
        np.save(directory / WEIGHTS_FILE, self.weights)
        np.save(directory / BIAS_FILE, self.bias)
        (directory / CLASSES_FILE).write_text(json.dumps(self.classes), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> LabelModel:
        classes = json.loads((directory / CLASSES_FILE).read_text(encoding="utf-8"))
        return cls(np.load(directory / WEIGHTS_FILE), np.load(directory / BIAS_FILE), classes)

    @staticmethod
    def saved_in(directory: Path) -> bool:
        return all((directory / name).exists()
                   for name in (WEIGHTS_FILE, BIAS_FILE, CLASSES_FILE))
