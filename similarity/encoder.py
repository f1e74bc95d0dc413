"""all-MiniLM-L6-v2 in numpy: a sentence in, a unit vector of its meaning out.

The model is BERT's encoder (6 layers, 384 units, 12 attention heads) trained by
sentence-transformers so that sentences alike in meaning get vectors with a high
cosine; a sentence's vector is the mean of its tokens' last hidden states, normalised.
Running it in numpy keeps PyTorch out of the venv (about 20x the size of the weights):
the maths is 30 lines. A short message costs a few milliseconds on one core.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from scipy.special import erf

from similarity.wordpiece import WordPiece

WEIGHTS_FILE = "model.safetensors"
VOCABULARY_FILE = "vocab.txt"
CONFIG_FILE = "config.json"
# sentence-transformers reads at most 256 tokens for this model; a visitor's message
# is far shorter.
MAX_TOKENS = 256


@dataclass(frozen=True)
class Shape:
    layers: int
    heads: int
    hidden: int
    layer_norm_eps: float

    @classmethod
    def from_config(cls, config: dict) -> Shape:
        return cls(int(config["num_hidden_layers"]), int(config["num_attention_heads"]),
                   int(config["hidden_size"]), float(config["layer_norm_eps"]))


class SentenceEncoder:
    """Encodes sentences as unit vectors; `encode(a) @ encode(b).T` is their cosine."""

    def __init__(self, weights: dict[str, np.ndarray], tokenizer: WordPiece, shape: Shape):
        self.weights = weights
        self.tokenizer = tokenizer
        self.shape = shape

    @classmethod
    def load(cls, directory: Path) -> SentenceEncoder:
        """The encoder from a folder holding the model's config, vocabulary and weights."""
        directory = Path(directory)
        config = json.loads((directory / CONFIG_FILE).read_text(encoding="utf-8"))
        return cls(load_file(str(directory / WEIGHTS_FILE)),
                   WordPiece.load(directory / VOCABULARY_FILE), Shape.from_config(config))

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """One row per text: its unit vector (float32, `hidden` wide)."""
        if not texts:
            return np.zeros((0, self.shape.hidden), dtype=np.float32)
        batches = [self._encode_batch(texts[start:start + batch_size])
                   for start in range(0, len(texts), batch_size)]
        return np.concatenate(batches)

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        ids, mask = self._padded_ids(texts)
        hidden = self._embeddings(ids)
        # Padding gets no attention: a large negative added before the softmax.
        attention_bias = ((1.0 - mask) * -1e9)[:, None, None, :].astype(np.float32)
        for layer in range(self.shape.layers):
            hidden = self._layer(hidden, attention_bias, f"encoder.layer.{layer}.")
        summed = (hidden * mask[:, :, None]).sum(axis=1)
        mean = summed / mask.sum(axis=1, keepdims=True)
        return (mean / np.linalg.norm(mean, axis=1, keepdims=True)).astype(np.float32)

    def _padded_ids(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        rows = [self.tokenizer.ids(text, MAX_TOKENS) for text in texts]
        width = max(len(row) for row in rows)
        ids = np.zeros((len(rows), width), dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.float32)
        for index, row in enumerate(rows):
            ids[index, : len(row)] = row
            mask[index, : len(row)] = 1.0
        return ids, mask

    def _embeddings(self, ids: np.ndarray) -> np.ndarray:
        w = self.weights
        summed = (w["embeddings.word_embeddings.weight"][ids]
                  + w["embeddings.position_embeddings.weight"][: ids.shape[1]]
                  + w["embeddings.token_type_embeddings.weight"][0])
        return self._norm(summed, "embeddings.LayerNorm")

    def _layer(self, hidden: np.ndarray, attention_bias: np.ndarray, prefix: str) -> np.ndarray:
        attended = self._attention(hidden, attention_bias, prefix + "attention.")
        hidden = self._norm(attended + hidden, prefix + "attention.output.LayerNorm")
        inner = self._dense(hidden, prefix + "intermediate.dense")
        inner = 0.5 * inner * (1.0 + erf(inner / np.sqrt(2.0)))  # BERT's exact GELU
        return self._norm(self._dense(inner, prefix + "output.dense") + hidden,
                          prefix + "output.LayerNorm")

    def _attention(self, hidden: np.ndarray, bias: np.ndarray, prefix: str) -> np.ndarray:
        batch, length, width = hidden.shape
        heads = self.shape.heads
        size = width // heads

        def split(name: str) -> np.ndarray:
            projected = self._dense(hidden, prefix + f"self.{name}")
            return projected.reshape(batch, length, heads, size).transpose(0, 2, 1, 3)

        query, key, value = split("query"), split("key"), split("value")
        scores = query @ key.transpose(0, 1, 3, 2) / np.sqrt(size) + bias
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ value).transpose(0, 2, 1, 3).reshape(batch, length, width)
        return self._dense(context, prefix + "output.dense")

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.weights[name + ".weight"].T + self.weights[name + ".bias"]

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(axis=-1, keepdims=True)
        variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
        normalised = (x - mean) / np.sqrt(variance + self.shape.layer_norm_eps)
        return normalised * self.weights[name + ".weight"] + self.weights[name + ".bias"]
