"""The learned risk reader: trained on the public corpus, calibrated, reproducible."""

from __future__ import annotations

from pathlib import Path

import pytest

from safety.detector import RiskAssessment, RiskLevel
from safety.learned_reader import (
    DEFAULT_READER_PATH,
    LearnedReader,
    ReaderNotBuilt,
    ReaderVerdict,
    load_reader,
    reader_level,
)


@pytest.fixture(scope="module")
def reader() -> LearnedReader:
    """The reader `make train-risk` built from the public corpus."""
    if not DEFAULT_READER_PATH.exists():
        pytest.fail(f"no learned reader at {DEFAULT_READER_PATH}: run `make train-risk` first")
    return load_reader()


@pytest.mark.parametrize(
    "text",
    [
        "i have everything ready and tonight i am going to end it",
        "i just want to die, nobody would even notice i was gone",
        "ive been thinking about suicide every night and i cant stop",
        "i wrote my goodbye letters, i'm done with this life",
    ],
)
def test_the_reader_fires_on_risk_messages_in_its_own_words(reader, text):
    assert reader.read(text).fires


@pytest.mark.parametrize(
    "text",
    [
        "what is dual diagnosis",
        "how long does detox from alcohol take",
        "can depression and drinking be treated at the same time",
        "do you take insurance",
        "my phone died",
    ],
)
def test_the_reader_leaves_ordinary_questions_alone(reader, text):
    assert not reader.read(text).fires


def test_a_verdict_carries_its_score_and_the_suicide_category(reader):
    verdict = reader.read("i want to die")

    assert 0.0 <= verdict.score <= 1.0
    assert verdict.fires == (verdict.score >= reader.threshold)
    assert verdict.category == "suicide"


def test_one_message_scores_as_the_pipeline_scores_it(reader):
    texts = ["what is dual diagnosis", "Im gonna kill mysefl!! 2nite", "ok", ""]

    fast = [reader.score(text) for text in texts]

    assert fast == pytest.approx(reader.scores(texts), abs=1e-9)


def test_a_one_word_message_never_fires(reader):
    assert not reader.read("goodbye").fires


def test_the_reader_is_loaded_once_per_process(reader):
    assert load_reader() is reader


def test_training_twice_with_the_same_seed_gives_the_same_scores(toy_corpus):
    texts, labels = toy_corpus
    probe = ["zorbly tonight", "what is detox", "something else entirely"]

    first = LearnedReader.train(texts, labels, seed=7).scores(probe)
    second = LearnedReader.train(texts, labels, seed=7).scores(probe)

    assert first == second


def test_a_toy_reader_learns_its_risk_word(toy_corpus):
    toy = LearnedReader.train(*toy_corpus)

    assert toy.score("zorbly tonight") > 0.5 > toy.score("what is detox")


def test_calibration_keeps_the_fire_rate_on_ordinary_texts_at_the_limit(toy_corpus):
    toy = LearnedReader.train(*toy_corpus)
    ordinary = [f"question {i} about zorbly" if i < 3 else f"question {i}" for i in range(100)]

    toy.calibrate(ordinary, max_fire_rate=0.01)

    assert sum(toy.read(text).fires for text in ordinary) <= 1
    assert toy.threshold >= 0.5


def test_a_saved_reader_loads_with_its_threshold(toy_corpus, tmp_path):
    toy = LearnedReader.train(*toy_corpus)
    toy.threshold = 0.61
    toy.save(tmp_path / "reader.pkl")

    loaded = load_reader(tmp_path / "reader.pkl")

    assert loaded.threshold == 0.61
    assert loaded.scores(["zorbly now"]) == toy.scores(["zorbly now"])


def test_a_missing_reader_says_how_to_build_it(tmp_path):
    with pytest.raises(ReaderNotBuilt, match="make train-risk"):
        load_reader(Path(tmp_path) / "absent.pkl")


FIRES = ReaderVerdict(score=0.9, fires=True)
QUIET = ReaderVerdict(score=0.1, fires=False)


def assessment(level: str, **context: bool) -> RiskAssessment:
    category = None if level == "none" else "suicide"
    return RiskAssessment(level=RiskLevel(level), category=category, matched=(), **context)


@pytest.mark.parametrize(
    ("detector", "context", "verdict", "expected"),
    [
        ("none", {}, FIRES, "concern"),  # alone it asks
        ("concern", {}, FIRES, "crisis"),  # with a lexicon sign it declares
        ("concern", {"historical": True}, FIRES, "crisis"),  # "the thoughts are back"
        ("concern", {"negated": True}, FIRES, "concern"),
        ("concern", {"hedged": True}, FIRES, "concern"),
        ("concern", {"general": True}, FIRES, "concern"),
        ("crisis", {}, QUIET, "none"),  # quiet, it adds nothing (and lowers nothing)
        ("none", {}, QUIET, "none"),
    ],
)
def test_the_level_the_reader_earns(detector, context, verdict, expected):
    assert reader_level(assessment(detector, **context), verdict) is RiskLevel(expected)
