"""The learned risk reader: a linear text classifier beside the lexicon detector.

    reader = load_reader()            # once per process, cached
    verdict = reader.read("nothing holds me back any more")
    verdict.score, verdict.fires

TF-IDF over word 1-2grams and character 2-5grams (inside word boundaries, so typos and
run-together words still share most features) feeds a logistic regression trained on
public labelled writing (safety/corpus.py). It reads how people write, not a list of
phrases, so it catches paraphrases the lexicon has no entry for; it also cannot tell
"my boss will kill me" from a threat to oneself as reliably as the lexicon's context
rules, which is why on its own it only asks (a check-in) and never declares a crisis.

`fires` compares the score with a threshold calibrated at training time on ordinary
questions (scripts/train_risk.py), so FAQ questions about depression or detox do not
become check-ins.
"""

from __future__ import annotations

import math
import pickle
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline, make_union

from .detector import RiskAssessment, RiskLevel

DEFAULT_READER_PATH = Path(__file__).resolve().parent.parent / "build" / "risk-reader.pkl"
DEFAULT_SEED = 13
DEFAULT_CATEGORY = "suicide"  # the corpus is labelled for suicidal thoughts and behaviour
# A one-word message ("goodbye", "no") gives a reader trained on posts nothing to go on.
MIN_WORDS = 2


@dataclass(frozen=True)
class ReaderVerdict:
    score: float  # the model's probability that the text is a risk message
    fires: bool  # score at or above the calibrated threshold
    category: str = DEFAULT_CATEGORY


class _SparseScorer:
    """The pipeline's probability for one text, without scikit-learn's per-call checks.

    Those checks cost several milliseconds a call; the arithmetic is the same as the
    pipeline's (sublinear tf times idf, l2-normalised per vectorizer, then the logistic
    regression), done over the few n-grams a message has.
    """

    def __init__(self, pipeline: Pipeline) -> None:
        union, model = pipeline.steps[0][1], pipeline.steps[-1][1]
        coef = model.coef_[0]
        self._intercept = float(model.intercept_[0])
        self._parts: list[tuple[Callable[[str], list[str]], dict[str, tuple[float, float]]]] = []
        offset = 0
        for _, vectorizer in union.transformer_list:
            idf = vectorizer.idf_
            weights = {
                gram: (float(idf[i]), float(coef[offset + i]))
                for gram, i in vectorizer.vocabulary_.items()
            }
            self._parts.append((vectorizer.build_analyzer(), weights))
            offset += len(idf)

    def probability(self, text: str) -> float:
        logit = self._intercept
        for analyze, weights in self._parts:
            counts = Counter(gram for gram in analyze(text) if gram in weights)
            values = [
                ((1.0 + math.log(n)) * weights[gram][0], weights[gram][1])
                for gram, n in counts.items()
            ]
            norm = math.sqrt(sum(value * value for value, _ in values))
            if norm:
                logit += sum(value * c for value, c in values) / norm
        return 1.0 / (1.0 + math.exp(-logit))


@dataclass
class LearnedReader:
    pipeline: Pipeline
    threshold: float = 0.5
    # Where it was trained from and how it scored, for the evaluation and staff review.
    info: dict = field(default_factory=dict)
    _scorer: _SparseScorer | None = field(default=None, repr=False, compare=False)

    def __getstate__(self) -> dict:
        # The fast scorer is rebuilt from the pipeline after loading, never stored.
        return {**self.__dict__, "_scorer": None}

    @classmethod
    def train(
        cls, texts: Sequence[str], labels: Sequence[int], seed: int = DEFAULT_SEED
    ) -> LearnedReader:
        """Fit on labelled texts; the same texts and seed give the same reader."""
        features = make_union(
            TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
            TfidfVectorizer(
                analyzer="char_wb", ngram_range=(2, 5), min_df=3, sublinear_tf=True,
                max_features=200_000,
            ),
        )
        # Balanced: risk posts are one forum in many, and a miss costs more than a question.
        model = LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000, random_state=seed)
        pipeline = make_pipeline(features, model).fit(list(texts), list(labels))
        return cls(pipeline, info={"seed": seed, "training_texts": len(texts)})

    def scores(self, texts: Sequence[str]) -> list[float]:
        """Many texts at once, through the pipeline (training and evaluation)."""
        return [float(p) for p in self.pipeline.predict_proba(list(texts))[:, 1]]

    def score(self, text: str) -> float:
        """One message, fast: the same probability as `scores`, well under a millisecond."""
        if self._scorer is None:
            self._scorer = _SparseScorer(self.pipeline)
        return self._scorer.probability(text)

    def read(self, text: str) -> ReaderVerdict:
        score = self.score(text)
        long_enough = len(text.split()) >= MIN_WORDS
        return ReaderVerdict(score=score, fires=long_enough and score >= self.threshold)

    def calibrate(self, ordinary_texts: Sequence[str], max_fire_rate: float) -> float:
        """Set the threshold so at most `max_fire_rate` of `ordinary_texts` fire.

        The threshold sits just above the ordinary text ranked at that rate, and never
        below 0.5: the reader must lean to risk before it may ask.
        """
        ranked = sorted(
            (s for t, s in zip(ordinary_texts, self.scores(ordinary_texts), strict=True)
             if len(t.split()) >= MIN_WORDS),
            reverse=True,
        )
        allowed = int(max_fire_rate * len(ranked))
        above = ranked[allowed] if allowed < len(ranked) else 0.0
        self.threshold = max(0.5, float(above) + 1e-6)
        return self.threshold

    def save(self, path: Path = DEFAULT_READER_PATH) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            pickle.dump(self, out, protocol=pickle.HIGHEST_PROTOCOL)


def reader_level(assessment: RiskAssessment, verdict: ReaderVerdict) -> RiskLevel:
    """The level the reader's verdict earns, given what the lexicon found.

    On its own the reader asks (concern): it reads word patterns, not who does what
    to whom. Beside a lexicon sign it declares a crisis, since two independent
    readers agree. A sign the detector itself read as negated, as a joke or as a
    general question does not count ("i'm not suicidal, what is detox"); a sign in
    the past does, because "I tried once and the thoughts are back" needs the line.
    """
    if not verdict.fires:
        return RiskLevel.NONE
    lexicon_sign = assessment.level is not RiskLevel.NONE and not (
        assessment.negated or assessment.hedged or assessment.general
    )
    return RiskLevel.CRISIS if lexicon_sign else RiskLevel.CONCERN


class ReaderNotBuilt(FileNotFoundError):
    """No trained reader at the path: `make train-risk` builds it."""


@lru_cache(maxsize=4)
def load_reader(path: Path = DEFAULT_READER_PATH) -> LearnedReader:
    """The reader trained by `make train-risk`, loaded once per process and path.

    The file is a pickle this project wrote itself into build/ (never downloaded),
    for the scikit-learn version in requirements.lock.
    """
    path = Path(path)
    if not path.exists():
        raise ReaderNotBuilt(f"no learned risk reader at {path}: run `make train-risk`")
    with path.open("rb") as source:
        reader = pickle.load(source)
    if not isinstance(reader, LearnedReader):
        raise TypeError(f"{path} holds a {type(reader).__name__}, not a LearnedReader")
    return reader
