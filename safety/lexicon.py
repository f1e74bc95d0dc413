"""Typed, validated view of `lexicon.yml`, the reviewed risk-phrase data file.

Loading is strict: an unknown key, a missing `why`, an unknown category or a
`{slot}` with no word list is an error, so a trainer's typo fails the tests
instead of silently disabling a pattern.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DEFAULT_LEXICON_PATH = Path(__file__).with_name("lexicon.yml")

CATEGORIES = ("suicide", "self_harm", "overdose", "medical_emergency", "violence", "abuse")
# Entry levels in the file. "topic" is a bare subject word: see lexicon.yml.
ENTRY_LEVELS = ("crisis", "concern", "topic")
SUBJECTS = ("self", "other", "actor")
BUILTIN_SLOTS = ("number", "any")

_SLOT = re.compile(r"\{(\w+)\}")
_WORD = re.compile(r"[a-z][a-z'\-]*")


class LexiconError(ValueError):
    """The lexicon file is malformed."""


@dataclass(frozen=True)
class Entry:
    """One reviewed group of phrases with the same category, level and flags."""

    key: str
    category: str
    level: str
    why: str
    phrases: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()
    firm: bool = False
    subject: str | None = None
    needs_third_party: bool = False
    needs_person: bool = False
    # A lethal means or method named without a stated act: concern alone,
    # crisis beside another suicide or self-harm sign or a loss (cues.loss).
    means: bool = False
    # Also said as a figure of speech ("kill me now", "my boss will murder
    # me"): none when the message jokes, compares ("rather ... than") or
    # names an everyday annoyance (cues.everyday), unless it says it is serious.
    figure_of_speech: bool = False


@dataclass(frozen=True)
class Settings:
    negation_window: int
    fuzzy_min_length: int
    # (minimum word length, allowed edits), longest first.
    fuzzy_max_edits: tuple[tuple[int, int], ...]
    lemma_overrides: Mapping[str, str]

    def max_edits(self, length: int) -> int:
        for min_length, edits in self.fuzzy_max_edits:
            if length >= min_length:
                return edits
        return 0


@dataclass(frozen=True)
class Cues:
    """Context words that change how a match is read (see lexicon.yml `cues`)."""

    negation: frozenset[str]
    pseudo_negation: tuple[str, ...]
    belief_verbs: frozenset[str]
    retraction: tuple[str, ...]
    hedge: tuple[str, ...]
    serious: tuple[str, ...]
    history: tuple[str, ...]
    conditional: tuple[str, ...]
    everyday: tuple[str, ...]
    loss: tuple[str, ...]
    living: frozenset[str]
    question_wh: frozenset[str]
    question_auxiliaries: frozenset[str]
    first_person: frozenset[str]
    third_party: frozenset[str]
    generic_person: frozenset[str]
    nonperson: frozenset[str]
    clause_breaks: frozenset[str]
    scope_breaks: frozenset[str]
    sentence_breaks: frozenset[str]
    filler: frozenset[str]


@dataclass(frozen=True)
class Lexicon:
    version: int
    settings: Settings
    terms: Mapping[str, tuple[str, ...]]
    slang: Mapping[str, str]
    misspellings: Mapping[str, str]
    fuzzy_keywords: tuple[str, ...]
    cues: Cues
    exclusions: tuple[Entry, ...]
    entries: tuple[Entry, ...]
    source: str

    @classmethod
    def load(cls, path: Path = DEFAULT_LEXICON_PATH) -> Lexicon:
        text = Path(path).read_text(encoding="utf-8")
        return cls.from_dict(yaml.safe_load(text), source=text)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "") -> Lexicon:
        _check_keys(
            data,
            {
                "version",
                "reviewed_on",
                "settings",
                "terms",
                "slang",
                "misspellings",
                "fuzzy_keywords",
                "cues",
                "exclusions",
                "categories",
            },
            "top level",
        )
        terms = {
            name: tuple(str(w).lower() for w in _group(group, f"terms.{name}", "words"))
            for name, group in data["terms"].items()
        }
        slang: dict[str, str] = {}
        for i, group in enumerate(data["slang"]):
            for key, value in _group_map(group, f"slang[{i}]").items():
                slang[str(key).lower()] = str(value).lower()
        lexicon = cls(
            version=int(data["version"]),
            settings=_settings(data["settings"]),
            terms=terms,
            slang=slang,
            misspellings={
                str(k).lower(): str(v).lower()
                for k, v in _group_map(data["misspellings"], "misspellings").items()
            },
            fuzzy_keywords=tuple(
                str(w).lower() for w in _group(data["fuzzy_keywords"], "fuzzy_keywords", "words")
            ),
            cues=_cues(data["cues"]),
            exclusions=tuple(
                _entry(group, key=f"exclusion/{i}", category="exclusion", level="exclusion")
                for i, group in enumerate(data["exclusions"])
            ),
            entries=_entries(data["categories"]),
            source=source,
        )
        lexicon._check_slots()
        return lexicon

    def entry(self, key: str) -> Entry:
        return self._by_key()[key]

    def _by_key(self) -> dict[str, Entry]:
        return {e.key: e for e in (*self.entries, *self.exclusions)}

    def vocabulary(self) -> frozenset[str]:
        """Every word the lexicon itself uses; spelling correction leaves these alone."""
        words: set[str] = set()
        chunks: list[str] = []
        for entry in (*self.entries, *self.exclusions):
            chunks.extend(entry.phrases)
            chunks.extend(entry.exact)
        for values in self.terms.values():
            chunks.extend(values)
        chunks.extend(self.slang.values())
        chunks.extend(self.misspellings.values())
        chunks.extend(self.fuzzy_keywords)
        for field in self.cues.__dataclass_fields__:
            chunks.extend(getattr(self.cues, field))
        for chunk in chunks:
            words.update(_WORD.findall(chunk.lower().replace("=", " ")))
        return frozenset(words)

    def _check_slots(self) -> None:
        for entry in (*self.entries, *self.exclusions):
            for phrase in entry.phrases:
                for slot in _SLOT.findall(phrase):
                    if slot not in self.terms and slot not in BUILTIN_SLOTS:
                        raise LexiconError(f"{entry.key}: unknown slot {{{slot}}} in {phrase!r}")


def _check_keys(data: Mapping[str, Any], allowed: set[str], where: str) -> None:
    if not isinstance(data, Mapping):
        raise LexiconError(f"{where}: expected a mapping")
    unknown = set(data) - allowed
    if unknown:
        raise LexiconError(f"{where}: unknown keys {sorted(unknown)}")


def _group(group: Mapping[str, Any], where: str, field: str) -> list[Any]:
    _check_keys(group, {"why", field}, where)
    if not str(group.get("why", "")).strip():
        raise LexiconError(f"{where}: every group needs a `why`")
    return _strings(group.get(field) or [], where)


def _strings(values: Any, where: str) -> list[str]:
    """YAML reads a bare `no` or `on` as a boolean: refuse it rather than lose the word."""
    if isinstance(values, str) or not isinstance(values, (list, tuple)):
        raise LexiconError(f"{where}: expected a list")
    for value in values:
        if not isinstance(value, str):
            raise LexiconError(f"{where}: {value!r} is not text; quote it in the YAML")
    return list(values)


def _group_map(group: Mapping[str, Any], where: str) -> dict[str, Any]:
    _check_keys(group, {"why", "map"}, where)
    if not str(group.get("why", "")).strip():
        raise LexiconError(f"{where}: every group needs a `why`")
    return dict(group.get("map") or {})


def _settings(data: Mapping[str, Any]) -> Settings:
    _check_keys(
        data,
        {"negation_window", "fuzzy_min_length", "fuzzy_max_edits", "lemma_overrides"},
        "settings",
    )
    edits = sorted(((int(k), int(v)) for k, v in data["fuzzy_max_edits"].items()), reverse=True)
    return Settings(
        negation_window=int(data["negation_window"]),
        fuzzy_min_length=int(data["fuzzy_min_length"]),
        fuzzy_max_edits=tuple(edits),
        lemma_overrides={str(k): str(v) for k, v in data["lemma_overrides"].items()},
    )


def _cues(data: Mapping[str, Any]) -> Cues:
    _check_keys(
        data,
        {
            "negation",
            "pseudo_negation",
            "belief_verbs",
            "retraction",
            "hedge",
            "serious",
            "history",
            "conditional",
            "everyday",
            "loss",
            "living",
            "question_words",
            "first_person",
            "third_party",
            "generic_person",
            "nonperson",
            "clause_breaks",
            "scope_breaks",
            "sentence_breaks",
            "filler",
        },
        "cues",
    )

    def words(name: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in _group(data[name], f"cues.{name}", "words"))

    def phrases(name: str) -> tuple[str, ...]:
        return tuple(str(p).lower() for p in _group(data[name], f"cues.{name}", "phrases"))

    questions = data["question_words"]
    _check_keys(questions, {"why", "wh", "auxiliaries"}, "cues.question_words")
    for name in ("wh", "auxiliaries"):
        _strings(questions[name], f"cues.question_words.{name}")
    return Cues(
        negation=words("negation"),
        pseudo_negation=phrases("pseudo_negation"),
        belief_verbs=words("belief_verbs"),
        retraction=phrases("retraction"),
        hedge=phrases("hedge"),
        serious=phrases("serious"),
        history=phrases("history"),
        conditional=phrases("conditional"),
        everyday=phrases("everyday"),
        loss=phrases("loss"),
        living=words("living"),
        question_wh=frozenset(str(w).lower() for w in questions["wh"]),
        question_auxiliaries=frozenset(str(w).lower() for w in questions["auxiliaries"]),
        first_person=words("first_person"),
        third_party=words("third_party"),
        generic_person=words("generic_person"),
        nonperson=words("nonperson"),
        clause_breaks=words("clause_breaks"),
        scope_breaks=words("scope_breaks"),
        sentence_breaks=words("sentence_breaks"),
        filler=words("filler"),
    )


def _entries(categories: Mapping[str, Any]) -> tuple[Entry, ...]:
    unknown = set(categories) - set(CATEGORIES)
    if unknown:
        raise LexiconError(f"unknown categories {sorted(unknown)}; allowed: {CATEGORIES}")
    entries = []
    for category, levels in categories.items():
        _check_keys(levels, set(ENTRY_LEVELS), f"categories.{category}")
        for level, groups in levels.items():
            for i, group in enumerate(groups):
                entries.append(
                    _entry(group, key=f"{category}/{level}/{i}", category=category, level=level)
                )
    return tuple(entries)


def _entry(group: Mapping[str, Any], key: str, category: str, level: str) -> Entry:
    _check_keys(
        group,
        {
            "why",
            "phrases",
            "exact",
            "firm",
            "subject",
            "needs_third_party",
            "needs_person",
            "means",
            "figure_of_speech",
        },
        key,
    )
    why = str(group.get("why", "")).strip()
    if not why:
        raise LexiconError(f"{key}: every entry needs a `why`")
    subject = group.get("subject")
    if subject is not None and subject not in SUBJECTS:
        raise LexiconError(f"{key}: subject must be one of {SUBJECTS}")
    phrases = tuple(p.lower().strip() for p in _strings(group.get("phrases") or [], key))
    exact = tuple(p.lower().strip() for p in _strings(group.get("exact") or [], key))
    if not phrases and not exact:
        raise LexiconError(f"{key}: no phrases")
    return Entry(
        key=key,
        category=category,
        level=level,
        why=why,
        phrases=phrases,
        exact=exact,
        firm=bool(group.get("firm", False)),
        subject=subject,
        needs_third_party=bool(group.get("needs_third_party", False)),
        needs_person=bool(group.get("needs_person", False)),
        means=bool(group.get("means", False)),
        figure_of_speech=bool(group.get("figure_of_speech", False)),
    )
