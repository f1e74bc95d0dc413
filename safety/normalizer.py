"""Rewrites a visitor's message into the text the risk matchers read.

Order matters and is fixed: fold look-alike characters, spelt-out letters and
digits for letters into plain text (safety/folding.py), lower-case and squeeze stretched letters
("dieeee" -> "die"), then expand slang ("kms" -> "kill myself"), then the
curated misspellings ("kil" -> "kill"), then fuzzy spelling correction of the
words still unknown. Slang goes before correction so that "fent" or "xans" are
read as drugs rather than "corrected" into some other word.

Every character of the rewritten text remembers the span of the original it
came from, so evidence is quoted exactly as the visitor typed it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from .folding import compose, fold
from .lexicon import Lexicon

# Typographic quotes become ASCII ones (same length, so offsets are kept).
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})
_STRETCH = 3  # a letter repeated this often or more is squeezed to one
_STRETCHED = re.compile(rf"([^\W\d_])\1{{{_STRETCH - 1},}}")


@dataclass(frozen=True)
class NormalizedText:
    """The rewritten message, its parsed Doc, and the way back to the original."""

    original: str
    text: str
    doc: Doc
    # For each character of `text`, the (start, end) span of `original` it came
    # from; None when `text` lines up with `original` character for character.
    origin: Sequence[tuple[int, int]] | None
    # (as written, as read) for every slang expansion or spelling correction.
    corrections: tuple[tuple[str, str], ...]

    def quote(self, start_char: int, end_char: int) -> str:
        """The original text behind `text[start_char:end_char]`."""
        if start_char >= end_char:
            return ""
        if self.origin is None:
            return self.original[start_char:end_char]
        return self.original[self.origin[start_char][0] : self.origin[end_char - 1][1]]


class Normalizer:
    def __init__(self, nlp: Language, lexicon: Lexicon, known_words: Iterable[str] = ()) -> None:
        self._nlp = nlp
        self._settings = lexicon.settings
        self._overrides = dict(lexicon.settings.lemma_overrides)
        self._slang = dict(lexicon.slang)
        self._misspellings = dict(lexicon.misspellings)
        self._keywords = list(lexicon.fuzzy_keywords)
        self._keyword_set = frozenset(self._keywords)
        self._known = frozenset(known_words) | lexicon.vocabulary()
        self._lemma_table = _lemma_table(nlp)
        self._slang_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for key in self._slang:
            self._slang_matcher.add(key, [nlp.make_doc(key)])

    def analyse(self, text: str) -> Doc:
        """Run the pipeline on already-clean text (lexicon phrases, cue words)."""
        return self._lemmatize(self._nlp.make_doc(text.lower()))

    def normalize(self, text: str) -> NormalizedText:
        folded, folded_origin = fold(text)
        squeezed, squeeze_origin = _squeeze(folded.translate(_QUOTES))
        origin = compose(folded_origin, squeeze_origin)
        doc = self._nlp.make_doc(squeezed)
        replacements = self._replacements(doc)
        if not replacements:
            return NormalizedText(text, squeezed, self._lemmatize(doc), origin, ())

        if origin is None:
            origin = [(i, i + 1) for i in range(len(squeezed))]
        pieces: list[str] = []
        new_origin: list[tuple[int, int]] = []
        corrections = []
        i = 0
        while i < len(doc):
            if i in replacements:
                end, new = replacements[i]
                first, last = doc[i], doc[end - 1]
                span = (origin[first.idx][0], origin[last.idx + len(last.text) - 1][1])
                corrections.append((text[span[0] : span[1]], new))
                pieces.append(new)
                new_origin.extend([span] * len(new))
                trailing = last.whitespace_
                pieces.append(trailing)
                new_origin.extend(
                    origin[last.idx + len(last.text) : last.idx + len(last.text) + len(trailing)]
                )
                i = end
            else:
                token = doc[i]
                chunk = token.text_with_ws
                pieces.append(chunk)
                new_origin.extend(origin[token.idx : token.idx + len(chunk)])
                i += 1
        rewritten = "".join(pieces)
        return NormalizedText(
            text,
            rewritten,
            self._lemmatize(self._nlp.make_doc(rewritten)),
            new_origin,
            tuple(corrections),
        )

    def correct(self, word: str) -> str | None:
        """The keyword a misspelt `word` most likely stands for, or None."""
        word = word.lower()
        if word in self._misspellings:
            return self._misspellings[word]
        if (
            len(word) < self._settings.fuzzy_min_length
            or not word.isalpha()
            or word in self._keyword_set
            or self._is_known(word)
        ):
            return None
        edits = self._settings.max_edits(len(word))
        if edits <= 0:
            return None
        best = process.extractOne(word, self._keywords, scorer=OSA.distance, score_cutoff=edits)
        return best[0] if best else None

    def _is_known(self, word: str) -> bool:
        return word in self._known or (self._lemma_table is not None and word in self._lemma_table)

    def _replacements(self, doc: Doc) -> dict[int, tuple[int, str]]:
        """token index -> (end token index, replacement text)."""
        found: dict[int, tuple[int, str]] = {}
        matches = self._slang_matcher(doc, as_spans=True)
        for span in filter_spans(matches):
            found[span.start] = (span.end, self._slang[span.label_])
        covered = {i for start, (end, _) in found.items() for i in range(start, end)}
        for token in doc:
            if token.i in covered or not token.is_alpha:
                continue
            corrected = self.correct(token.lower_)
            if corrected and corrected != token.lower_:
                found[token.i] = (token.i + 1, corrected)
        return found

    def _lemmatize(self, doc: Doc) -> Doc:
        for _, component in self._nlp.pipeline:
            doc = component(doc)
        if self._overrides:
            for token in doc:
                lemma = self._overrides.get(token.lower_)
                if lemma is not None:
                    token.lemma_ = lemma
        return doc


def _squeeze(text: str) -> tuple[str, list[tuple[int, int]] | None]:
    """Lower-case `text` and squeeze stretched letters, keeping an offset map.

    The map is None when nothing moved (the common case, and the cheap one).
    """
    lowered = text.lower()
    if len(lowered) == len(text) and not _STRETCHED.search(lowered):
        return lowered, None
    chars: list[str] = []
    origin: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        low = char.lower()
        if len(low) != 1:  # e.g. "İ" lower-cases to two characters
            low = char
        run_end = i + 1
        if low.isalpha():
            while run_end < n and text[run_end].lower() == low:
                run_end += 1
        if run_end - i >= _STRETCH:
            chars.append(low)
            origin.append((i, run_end))
            i = run_end
        else:
            chars.append(low)
            origin.append((i, i + 1))
            i += 1
    return "".join(chars), origin


def _lemma_table(nlp: Language) -> Mapping[str, str] | None:
    try:
        return nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    except (KeyError, ValueError):
        return None


def dictionary_words() -> frozenset[str]:
    """Base forms of English words from spacy-lookups-data, if it is installed.

    Spelling correction only touches words that are not real English, so
    "overdue" is never read as "overdose". Without the package the detector
    still works, with the lemma table and the lexicon as its dictionary.
    """
    try:
        from spacy.lookups import load_lookups

        index = load_lookups("en", ["lemma_index"]).get_table("lemma_index")
    except (ImportError, ValueError, KeyError, OSError):
        return frozenset()
    words: set[str] = set()
    for pos in ("adj", "adv", "noun", "verb"):
        words.update(index.get(pos, ()))
    return frozenset(words)
