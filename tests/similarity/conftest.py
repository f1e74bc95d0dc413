"""The sentence encoder `make` copies into build/ (similarity/download.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from similarity.download import DEFAULT_FOLDER
from similarity.encoder import SentenceEncoder


@pytest.fixture(scope="session")
def encoder_folder() -> Path:
    if not (DEFAULT_FOLDER / "model.safetensors").exists():
        pytest.fail(f"no sentence encoder at {DEFAULT_FOLDER}: run `make train` first")
    return DEFAULT_FOLDER


@pytest.fixture(scope="session")
def encoder(encoder_folder: Path) -> SentenceEncoder:
    return SentenceEncoder.load(encoder_folder)
