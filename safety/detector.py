"""Risk detection for visitors' messages: `assess_risk(text) -> RiskAssessment`.

Rules, not a model, so every decision can be traced to a reviewed lexicon
entry. The one failure Harbor cannot afford is a missed visitor at risk, so
the rules lean one way: context (negation, jokes, the past, general questions)
can lower a crisis to a check-in (`concern`) but never to `none`. Two narrow
exceptions read as `none`, because a check-in there is a false alarm
(issues 8 and 13): an entry flagged `figure_of_speech` in a message that jokes,
compares or names an everyday annoyance ("shoot me now, another meeting"), and
a general question about other people ("what are the signs someone is
suicidal?"). A lethal means named alone is a check-in, and a crisis beside
despair, a loss or another sign.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from functools import lru_cache
from pathlib import Path

from spacy.language import Language

from .context import ContextReader, Reading, Role
from .lexicon import DEFAULT_LEXICON_PATH, Entry, Lexicon
from .nlp import load_pipeline
from .normalizer import NormalizedText, Normalizer, dictionary_words
from .patterns import PatternMatcher


class RiskLevel(str, Enum):
    CRISIS = "crisis"
    CONCERN = "concern"
    NONE = "none"

    @property
    def rank(self) -> int:
        return _LEVEL_RANK[self]


_LEVEL_RANK = {RiskLevel.NONE: 0, RiskLevel.CONCERN: 1, RiskLevel.CRISIS: 2}

# When several categories match at the same level, the reply follows the first
# of these. Overdose and medical emergencies come first because they need
# emergency services now and the visitor may have minutes; suicide next (the
# crisis line, emergency services if in danger), then violence (emergency
# services), then self-harm (the crisis line) and abuse (emergency services if
# in danger, then the domestic violence line).
CATEGORY_PRIORITY = ("overdose", "medical_emergency", "suicide", "violence", "self_harm", "abuse")

# How strongly an entry level speaks, used to choose among hits of the same
# final level: a negated crisis phrase says more than a bare topic word.
_ENTRY_STRENGTH = {"crisis": 3, "concern": 2, "topic": 1}


@dataclass(frozen=True)
class Signal:
    """One lexicon match, read in its context."""

    category: str
    level: RiskLevel
    phrase: str  # as the visitor wrote it
    entry_key: str
    entry_level: str
    subject: str
    lowered: tuple[str, ...]
    start_char: int
    end_char: int

    @property
    def sort_key(self) -> tuple[int, int, int, int]:
        return (
            -self.level.rank,
            -_ENTRY_STRENGTH[self.entry_level],
            CATEGORY_PRIORITY.index(self.category),
            self.start_char,
        )


@dataclass(frozen=True)
class RiskAssessment:
    level: RiskLevel
    category: str | None
    matched: tuple[str, ...]  # evidence phrases, as they appear in the text
    subject: str = "self"  # "self": the visitor; "other": someone they speak about
    negated: bool = False
    hedged: bool = False
    historical: bool = False
    general: bool = False  # a general question or hypothetical
    categories: tuple[str, ...] = ()  # every category at this level, by priority
    corrections: tuple[tuple[str, str], ...] = ()  # (as written, as read)
    # Risk words read and set aside: an idiom ("killing it"), a figure of
    # speech ("my boss will kill me, I'm late"), a limit question ("how much
    # is too much"), a general question about others. A second reader (the
    # trained model) can take these as the detector's answer to its alarm.
    dismissed: tuple[str, ...] = ()

    @property
    def is_crisis(self) -> bool:
        return self.level is RiskLevel.CRISIS

    def as_dict(self) -> dict:
        return {
            "level": self.level.value,
            "category": self.category,
            "matched": list(self.matched),
            "subject": self.subject,
            "negated": self.negated,
            "hedged": self.hedged,
            "historical": self.historical,
            "general": self.general,
            "categories": list(self.categories),
            "dismissed": list(self.dismissed),
        }


NO_RISK = RiskAssessment(level=RiskLevel.NONE, category=None, matched=())


class RiskDetector:
    def __init__(self, lexicon: Lexicon, nlp: Language) -> None:
        self.lexicon = lexicon
        self._entries = {e.key: e for e in lexicon.entries}
        self._exclusions = {e.key for e in lexicon.exclusions}
        self._normalizer = Normalizer(nlp, lexicon, known_words=dictionary_words())
        self._context = ContextReader(nlp, lexicon)
        self._matcher = PatternMatcher(nlp, self._normalizer.analyse, lexicon.terms)
        for entry in (*lexicon.entries, *lexicon.exclusions):
            self._matcher.add(entry.key, entry.phrases, entry.exact)

    @classmethod
    def load(
        cls, lexicon_path: Path = DEFAULT_LEXICON_PATH, nlp: Language | None = None
    ) -> RiskDetector:
        return cls(Lexicon.load(lexicon_path), nlp if nlp is not None else load_pipeline())

    def assess(self, text: str) -> RiskAssessment:
        if not text or not text.strip():
            return NO_RISK
        normalized = self._normalizer.normalize(text)
        signals, loss, dismissed = self._read(normalized)
        signals = _escalate_means(signals, self._entries, loss)
        if not signals:
            return RiskAssessment(
                RiskLevel.NONE,
                None,
                (),
                corrections=normalized.corrections,
                dismissed=dismissed,
            )
        best = min(signals, key=lambda s: s.sort_key)
        top = [s for s in signals if s.level is best.level]
        return RiskAssessment(
            level=best.level,
            category=best.category,
            matched=_evidence(top),
            subject=best.subject,
            negated="negated" in best.lowered,
            hedged="hedged" in best.lowered,
            historical="historical" in best.lowered,
            general="general" in best.lowered,
            categories=tuple(c for c in CATEGORY_PRIORITY if any(s.category == c for s in top)),
            corrections=normalized.corrections,
            dismissed=dismissed,
        )

    def signals(self, normalized: NormalizedText) -> list[Signal]:
        """Every lexicon match that survives exclusions and its own conditions."""
        return self._read(normalized)[0]

    def _read(self, normalized: NormalizedText) -> tuple[list[Signal], bool, tuple[str, ...]]:
        """The signals, whether the message names a loss, and what was set aside."""
        doc = normalized.doc
        matches = self._matcher(doc)
        excluded = [(s, e) for key, s, e in matches if key in self._exclusions]
        context = self._context.read(doc)
        signals = []
        dismissed = [
            normalized.quote(doc[s].idx, doc[e - 1].idx + len(doc[e - 1])) for s, e in excluded
        ]
        for key, start, end in matches:
            entry = self._entries.get(key)
            if entry is None or any(s < end and start < e for s, e in excluded):
                continue
            reading = context.read(start, end, entry)
            if not _conditions_met(entry, reading):
                continue
            level = _level(entry, reading)
            if level is RiskLevel.NONE:
                if reading.figurative or reading.about_others:
                    span = doc[start:end]
                    dismissed.append(normalized.quote(span.start_char, span.end_char))
                continue
            span = doc[start:end]
            signals.append(
                Signal(
                    category=entry.category,
                    level=level,
                    phrase=normalized.quote(span.start_char, span.end_char),
                    entry_key=key,
                    entry_level=entry.level,
                    subject=reading.subject,
                    lowered=reading.lowered
                    if (entry.level == "crisis" or entry.means) and not entry.firm
                    else (),
                    start_char=span.start_char,
                    end_char=span.end_char,
                )
            )
        return signals, context.loss, tuple(dict.fromkeys(dismissed))


_BLOCKS_MEANS = frozenset({"negated", "hedged", "historical"})


def _escalate_means(signals: list[Signal], entries: dict[str, Entry], loss: bool) -> list[Signal]:
    """A means beside despair, a loss or another sign of suicide or self-harm is
    a crisis (issue 8: asking how high a bridge must be after losing
    everything); named alone it is a check-in. A question counts (that is the
    point); a means negated, joked about or in the past stays a check-in."""
    means = [s for s in signals if entries[s.entry_key].means and s.level is RiskLevel.CONCERN]
    if not means:
        return signals
    other_sign = any(
        s.category in ("suicide", "self_harm") and not entries[s.entry_key].means for s in signals
    )
    if not (other_sign or loss):
        return signals
    raised = [
        replace(s, level=RiskLevel.CRISIS, lowered=())
        for s in means
        if not _BLOCKS_MEANS.intersection(s.lowered)
    ]
    kept = [s for s in signals if not (s in means and not _BLOCKS_MEANS.intersection(s.lowered))]
    return kept + raised


def _conditions_met(entry: Entry, reading: Reading) -> bool:
    nearest = reading.person_before
    if entry.needs_third_party and nearest is not Role.THIRD:
        return False
    return not (entry.needs_person and nearest not in (Role.FIRST, Role.THIRD, Role.GENERIC))


def _level(entry: Entry, reading: Reading) -> RiskLevel:
    if entry.figure_of_speech and reading.figurative:
        return RiskLevel.NONE
    if reading.about_others and entry.level == "crisis" and not entry.firm:
        # A question about people in general asks for information; the
        # visitor's own words ("I", "my friend") never make it general.
        return RiskLevel.NONE
    if entry.means:
        return RiskLevel.CONCERN
    if entry.level == "crisis":
        if entry.firm or not reading.lowered:
            return RiskLevel.CRISIS
        return RiskLevel.CONCERN
    if entry.level == "concern":
        return RiskLevel.CONCERN
    # A bare topic word: an alarm typed alone, a subject asked about, or a hint.
    if reading.whole_message:
        return RiskLevel.CRISIS
    if reading.question:
        return RiskLevel.NONE
    return RiskLevel.CONCERN


def _evidence(signals: list[Signal]) -> tuple[str, ...]:
    """Distinct phrases in text order, leaving out those inside a longer one."""
    spans = sorted({(s.start_char, s.end_char, s.phrase) for s in signals})
    kept = [
        phrase
        for start, end, phrase in spans
        if not any(s <= start and end <= e and (s, e) != (start, end) for s, e, _ in spans)
    ]
    return tuple(dict.fromkeys(kept))


@lru_cache(maxsize=1)
def default_detector() -> RiskDetector:
    return RiskDetector.load()


def assess_risk(text: str) -> RiskAssessment:
    """Assess one message with the default lexicon and pipeline (cached)."""
    return default_detector().assess(text)
