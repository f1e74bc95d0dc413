"""Folds what a visitor typed into the plain letters the risk matchers read.

What the visitor sees must be what the detector reads (issue 8, point 7), so
before any word is matched:

- format characters (zero-width spaces and joiners, soft hyphens, direction
  marks) are dropped: they are invisible on screen;
- every kind of space (no-break, thin, ideographic) becomes a plain space;
- compatibility forms are unfolded (NFKD: full-width and mathematical letters,
  ligatures) and combining accents dropped ("kíll" -> "kill");
- letters of other scripts that look like Latin ones (Cyrillic "у", Greek
  "ο") become those Latin letters, from the Unicode confusables data as
  packaged by `confusable_homoglyphs` (maintained, MIT) rather than a hand table;
- runs of spaces become one space (a phrase is matched word after word);
- letters spelt out one by one ("k i l l  m y s e l f", "s.u.i.c.i.d.e")
  are joined into words;
- digits and symbols inside a word stand for letters ("k1ll", "mys3lf").

Every character of the folded text keeps the (start, end) span of the
original it came from, so evidence is still quoted as the visitor wrote it.
Plain ASCII with none of these tricks returns at once, with no map.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

try:
    from confusable_homoglyphs.confusables import confusables_data
except ImportError:  # a risk check must never be what breaks: fall back to a small table
    confusables_data = {}

# The most common Cyrillic and Greek look-alikes, used only when the
# confusables package is missing (Unicode confusables.txt, lower case).
FALLBACK_LOOK_ALIKES = str.maketrans(
    "\u0430\u0432\u0435\u0456\u0458\u043a\u043c\u043d\u043e\u0440\u0441\u0442\u0443\u0445\u0455\u04cf"
    "\u03b1\u03b2\u03b5\u03b9\u03ba\u03bd\u03bf\u03c1\u03c4\u03c5\u03c7",
    "abeijkmhopctyxslabeikvoptux",
)

Origin = list[tuple[int, int]]

# Digits and symbols read as letters when they sit inside a word. Only a lone
# digit counts, so street names with two digits ("m30", "perc30s") and doses
# ("20mg") are left alone; a word starts with a letter ("4am", "2nite" stay),
# or with 0, 1, 3, 5 before two letters ("0verd0sed").
LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
_LEET_WORD = re.compile(
    r"(?<![\w@$!])(?:[a-z]|[0135$@][a-z]{2})[a-z@$!]*(?:[013457@$!][a-z@$!]*)+(?!\w)"
)
_LEET_SAFE = re.compile(r"[a-z]+[!]*")  # "help!!" is a shout, not a letter

# Three or more single letters spelt out with one space, dot, dash, star or
# underscore between them. Two or more spaces separate spelt-out words.
_SPELT = re.compile(r"(?<![\w.])[a-z](?:([ .\-*_])[a-z])(?:\1[a-z])+(?![\w])\.?")
# Two or more: once a message spells one word out, two-letter words count too.
_SPELT_PAIR = re.compile(r"(?<![\w.])[a-z](?:([ .\-*_])[a-z])(?:\1[a-z])*(?![\w])\.?")
# "a", "i" and "o" are words on their own; a run of only these is not spelt out.
_WORD_LETTERS = frozenset("aio")
_SPACES = re.compile(r"  +")


def fold(text: str) -> tuple[str, Origin | None]:
    """`text` with the tricks above undone, and the map back (None: unchanged)."""
    folded, origin = _fold_characters(text)
    lowered = folded.lower()
    if len(lowered) == len(folded):
        folded = lowered
    folded, origin = _join_spelt_letters(folded, origin)
    folded, origin = _collapse_spaces(folded, origin)
    folded, origin = _read_digits_as_letters(folded, origin)
    if origin is None and folded == text:
        return text, None
    if origin is None:
        origin = [(i, i + 1) for i in range(len(folded))]
    return folded, origin


def compose(outer: Origin | None, inner: Origin | None) -> Origin | None:
    """The map of a second rewrite (`inner`) on top of a first (`outer`)."""
    if outer is None:
        return inner
    if inner is None:
        return outer
    return [(outer[start][0], outer[end - 1][1]) for start, end in inner]


def _fold_characters(text: str) -> tuple[str, Origin | None]:
    if text.isascii():
        return text, None
    chars: list[str] = []
    origin: Origin = []
    for i, char in enumerate(text):
        for out in fold_character(char):
            chars.append(out)
            origin.append((i, i + 1))
    return "".join(chars), origin


@lru_cache(maxsize=4096)
def fold_character(char: str) -> str:
    """One character as plain text: "" for invisible ones, else one or more letters."""
    if char.isascii():
        return char
    category = unicodedata.category(char)
    if category == "Cf":
        return ""
    if category == "Zs":
        return " "
    pieces = []
    for part in unicodedata.normalize("NFKD", char):
        if unicodedata.category(part) in ("Mn", "Me", "Cf"):
            continue  # accents and variation selectors
        pieces.append(part if part.isascii() else _latin_look_alike(part))
    return "".join(pieces)


def _latin_look_alike(char: str) -> str:
    for candidate in dict.fromkeys((char.lower(), char)):
        for glyph in confusables_data.get(candidate, ()):
            latin = glyph["c"]
            if len(latin) == 1 and latin.isascii() and latin.isalpha():
                return latin.lower()
    return char.lower().translate(FALLBACK_LOOK_ALIKES) if not confusables_data else char


def _join_spelt_letters(text: str, origin: Origin | None) -> tuple[str, Origin | None]:
    spelt_words = [
        m for m in _SPELT.finditer(text) if not set(m.group(0)) - set(" .-*_") <= _WORD_LETTERS
    ]
    if not spelt_words:
        return text, origin
    pieces: list[str] = []
    kept: Origin = []
    base = origin or [(i, i + 1) for i in range(len(text))]
    position = 0
    for match in _SPELT_PAIR.finditer(text):  # "e n d  m y  l i f e"
        letters = [(i, c) for i, c in enumerate(match.group(0), match.start()) if c.isalpha()]
        if {c for _, c in letters} <= _WORD_LETTERS:
            continue
        pieces.append(text[position : match.start()])
        kept.extend(base[position : match.start()])
        for i, char in letters:
            pieces.append(char)
            kept.append(base[i])
        position = match.end()
    pieces.append(text[position:])
    kept.extend(base[position:])
    return "".join(pieces), kept


def _collapse_spaces(text: str, origin: Origin | None) -> tuple[str, Origin | None]:
    if "  " not in text:
        return text, origin
    base = origin or [(i, i + 1) for i in range(len(text))]
    pieces: list[str] = []
    kept: Origin = []
    position = 0
    for match in _SPACES.finditer(text):
        pieces.append(text[position : match.start()] + " ")
        kept.extend(base[position : match.start()])
        kept.append((base[match.start()][0], base[match.end() - 1][1]))
        position = match.end()
    pieces.append(text[position:])
    kept.extend(base[position:])
    return "".join(pieces), kept


def _read_digits_as_letters(text: str, origin: Origin | None) -> tuple[str, Origin | None]:
    changed = False
    chars = list(text)
    for match in _LEET_WORD.finditer(text):
        word = match.group(0)
        if _LEET_SAFE.fullmatch(word) or re.search(r"\d\d", text[match.start() : match.end() + 1]):
            continue
        for i in range(match.start(), match.end()):
            if chars[i] in LEET and not (chars[i] == "!" and i == match.end() - 1):
                chars[i] = LEET[chars[i]]
                changed = True
    if not changed:
        return text, origin
    return "".join(chars), origin
