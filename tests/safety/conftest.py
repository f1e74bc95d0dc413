"""Fixtures for the safety library's tests: one detector and one evaluation per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from safety.detector import RiskAssessment, RiskDetector
from safety.evaluation import Case, Report, classify_with_detector, evaluate, load_cases
from safety.lexicon import Lexicon
from safety.nlp import load_pipeline
from safety.normalizer import Normalizer, dictionary_words

EVAL_SET = Path(__file__).with_name("eval_set.yml")
HOLDOUT_SET = Path(__file__).with_name("holdout_set.yml")  # blind split, reported not gated


@pytest.fixture(scope="session")
def detector() -> RiskDetector:
    return RiskDetector.load()


@pytest.fixture(scope="session")
def assess(detector: RiskDetector):
    """`assess(text) -> RiskAssessment` with the default lexicon."""

    def run(text: str) -> RiskAssessment:
        return detector.assess(text)

    return run


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return Lexicon.load()


@pytest.fixture(scope="session")
def normalizer(lexicon: Lexicon) -> Normalizer:
    """Slang expansion and spelling correction, as the detector runs them."""
    return Normalizer(load_pipeline(), lexicon, known_words=dictionary_words())


@pytest.fixture(scope="session")
def eval_cases() -> list[Case]:
    return load_cases(EVAL_SET)


@pytest.fixture(scope="session")
def detector_report(eval_cases: list[Case]) -> Report:
    return evaluate(eval_cases, classify_with_detector)
