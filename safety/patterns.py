"""Compiles lexicon phrases into spaCy matchers.

Groups of several words, `(go on|keep going)`, are first expanded into one
phrase per choice. Then plain phrases go to a `PhraseMatcher` on LEMMA,
`exact:` phrases to one on LOWER, and phrases using the rest of the syntax
described in lexicon.yml (`a|b`, `word?`, `=word`, `{slot}`) to a token
`Matcher`. Phrase lemmas come
from running the full pipeline over the phrase, never from `make_doc`, which
has no lemmas (explosion/spaCy#4100).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

# {number}: a count big enough to be more than a normal dose. Counts of 1-3
# ("took 2 tylenol") are left to the other phrases.
NUMBER_PATTERN = (
    r"^(?:[4-9]|[1-9]\d+|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|"
    r"thirty|forty|fifty|sixty|hundred|dozen|dozens)$"
)

Match = tuple[str, int, int]

_GROUP = re.compile(r"\(([^()]*)\)(\??)")


class PhraseSyntaxError(ValueError):
    """A lexicon phrase uses the pattern syntax wrongly."""


class PatternMatcher:
    """All phrases of a lexicon, matched in one pass, reported by entry key."""

    def __init__(
        self,
        nlp: Language,
        analyse: Callable[[str], Doc],
        terms: Mapping[str, Sequence[str]],
    ) -> None:
        self._nlp = nlp
        self._analyse = analyse
        self._terms = terms
        self._slot_lemmas: dict[str, list[str]] = {}
        self._lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self._lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        # Token patterns, grouped by an anchor: a word the pattern cannot
        # match without. spaCy checks `IN` and `REGEX` in Python for every
        # token and pattern, so a message only runs the groups whose anchor
        # words it contains. This keeps `assess` well under a millisecond.
        self._groups: dict[frozenset[tuple[str, str]], Matcher] = {}
        self._unanchored = Matcher(nlp.vocab)

    def add(self, key: str, phrases: Sequence[str] = (), exact: Sequence[str] = ()) -> None:
        plain, patterns = [], []
        for phrase in (p for raw in phrases for p in expand(raw)):
            if _is_plain(phrase):
                plain.append(self._analyse(phrase))
            else:
                patterns.append(self._token_pattern(phrase))
        if plain:
            self._lemma.add(key, plain)
        for pattern in patterns:
            anchor = _anchor(pattern)
            if anchor is None:
                self._unanchored.add(key, [pattern])
            else:
                self._groups.setdefault(anchor, Matcher(self._nlp.vocab)).add(key, [pattern])
        if exact:
            self._lower.add(key, [self._nlp.make_doc(p) for p in exact])

    def __call__(self, doc: Doc) -> list[Match]:
        strings = self._nlp.vocab.strings
        present = {("LEMMA", t.lemma_) for t in doc} | {("LOWER", t.lower_) for t in doc}
        matchers = [m for m in (self._lemma, self._lower, self._unanchored) if len(m)]
        matchers += [m for anchor, m in self._groups.items() if not anchor.isdisjoint(present)]
        found = set()
        for matcher in matchers:
            for match_id, start, end in matcher(doc):
                found.add((strings[match_id], start, end))
        return sorted(found, key=lambda m: (m[1], m[2], m[0]))

    @property
    def token_pattern_groups(self) -> int:
        return len(self._groups)

    def _token_pattern(self, phrase: str) -> list[dict]:
        pattern: list[dict] = []
        for segment in phrase.split():
            optional = len(segment) > 1 and segment.endswith("?")
            if optional:
                segment = segment[:-1]
            specs = self._segment_specs(segment, phrase)
            if optional:
                if len(specs) != 1:
                    raise PhraseSyntaxError(f"{phrase!r}: only a single word can be optional")
                specs[0]["OP"] = "?"
            pattern.extend(specs)
        if not any("OP" not in spec for spec in pattern):
            raise PhraseSyntaxError(f"{phrase!r}: a phrase needs one word that is not optional")
        return pattern

    def _segment_specs(self, segment: str, phrase: str) -> list[dict]:
        if segment.startswith("{") and segment.endswith("}"):
            return [self._slot_spec(segment[1:-1], phrase)]
        exact = segment.startswith("=")
        alternatives = [alt.lstrip("=") for alt in segment.split("|")]
        if any(not alt for alt in alternatives):
            raise PhraseSyntaxError(f"{phrase!r}: empty alternative in {segment!r}")
        attr = "LOWER" if exact else "LEMMA"
        if len(alternatives) == 1:
            return [{attr: value} for value in self._values(alternatives[0], exact)]
        values = []
        for alt in alternatives:
            alt_values = self._values(alt, exact)
            if len(alt_values) != 1:
                raise PhraseSyntaxError(f"{phrase!r}: alternative {alt!r} is more than one token")
            values.append(alt_values[0])
        return [{attr: {"IN": sorted(set(values))}}]

    def _slot_spec(self, name: str, phrase: str) -> dict:
        if name == "any":
            return {}
        if name == "number":
            return {"LOWER": {"REGEX": NUMBER_PATTERN}}
        if name not in self._terms:
            raise PhraseSyntaxError(f"{phrase!r}: unknown slot {{{name}}}")
        if name not in self._slot_lemmas:
            lemmas = set()
            for word in self._terms[name]:
                values = self._values(word, exact=False)
                if len(values) != 1:
                    raise PhraseSyntaxError(f"terms.{name}: {word!r} is more than one token")
                lemmas.add(values[0])
            self._slot_lemmas[name] = sorted(lemmas)
        return {"LEMMA": {"IN": self._slot_lemmas[name]}}

    def _values(self, text: str, exact: bool) -> list[str]:
        if exact:
            return [t.lower_ for t in self._nlp.make_doc(text)]
        return [t.lemma_ for t in self._analyse(text)]


def _anchor(pattern: list[dict]) -> frozenset[tuple[str, str]] | None:
    """The most selective required word set of a token pattern, if it has one."""
    best: tuple[tuple[int, int], frozenset[tuple[str, str]]] | None = None
    for spec in pattern:
        if spec.get("OP") == "?" or len(spec) != 1:
            continue
        ((attr, value),) = spec.items()
        if attr not in ("LEMMA", "LOWER"):
            continue
        if isinstance(value, str):
            values = [value]
        elif isinstance(value, dict) and set(value) == {"IN"}:
            values = value["IN"]
        else:
            continue  # REGEX and the like cannot be looked up
        common = sum(v in STOP_WORDS or len(v) <= 2 for v in values)
        score = (common, len(values))
        if best is None or score < best[0]:
            best = (score, frozenset((attr, v) for v in values))
    return best[1] if best else None


def expand(phrase: str) -> list[str]:
    """One phrase per choice of each `(a b|c d)` group; `(...)?` may also be left out."""
    depth = 0
    for char in phrase:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if not 0 <= depth <= 1:
            raise PhraseSyntaxError(f"{phrase!r}: unbalanced or nested brackets")
    if depth:
        raise PhraseSyntaxError(f"{phrase!r}: unbalanced brackets")
    group = _GROUP.search(phrase)
    if group is None:
        if "(" in phrase or ")" in phrase:
            raise PhraseSyntaxError(f"{phrase!r}: unbalanced or nested brackets")
        return [" ".join(phrase.split())]
    choices = [c.strip() for c in group.group(1).split("|")]
    if group.group(2):
        choices.append("")
    if any(not c for c in choices[: len(choices) - bool(group.group(2))]):
        raise PhraseSyntaxError(f"{phrase!r}: empty choice in brackets")
    head, tail = phrase[: group.start()], phrase[group.end() :]
    return [p for choice in choices for p in expand(f"{head} {choice} {tail}")]


def _is_plain(phrase: str) -> bool:
    return not any(mark in phrase for mark in ("|", "{", "=")) and not any(
        len(s) > 1 and s.endswith("?") for s in phrase.split()
    )
