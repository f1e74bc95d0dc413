"""Issue 8 point 7: what the visitor sees is what the detector reads."""

from __future__ import annotations

import pytest

from safety.detector import RiskLevel
from safety.folding import fold

CRISIS = RiskLevel.CRISIS
FULL_WIDTH_KILL_MYSELF = "\uff4b\uff49\uff4c\uff4c \uff4d\uff59\uff53\uff45\uff4c\uff46"


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("i want to d\u200bie", "i want to die"),  # zero-width space
        ("kill\u2060 my\u00adself", "kill myself"),  # word joiner, soft hyphen
        ("i\u00a0want\u202fto\u3000die", "i want to die"),  # no-break, narrow, ideographic spaces
        ("\uff44\uff49\uff45", "die"),  # full-width
        ("\U0001d41d\U0001d422\U0001d41e", "die"),  # mathematical bold
        ("d\u0456\u0435", "die"),  # Cyrillic i and e
        ("\u03bfverdose", "overdose"),  # Greek omicron
        ("k\u00efll\u0301", "kill"),  # precomposed and combining accents
        ("s u i c i d e", "suicide"),
        ("s.u.i.c.i.d.e", "suicide"),
        ("k-i-l-l m-y-s-e-l-f", "kill myself"),
        ("e n d  m y  l i f e", "end my life"),
        ("k1ll mys3lf", "kill myself"),
        ("0verd0se", "overdose"),
        ("d!e", "die"),
    ],
)
def test_hidden_and_disguised_letters_are_read_as_plain_text(written, read):
    assert fold(written)[0] == read


@pytest.mark.parametrize(
    "text",
    [
        "took 20mg at 4am",  # doses and times keep their digits
        "two m30s",  # street names with two digits
        "i'll be there 2nite",  # slang the lexicon expands
        "a b or c",  # short letters that are words
        "help!!",  # shouting is not a letter
        "plain text stays as it is",
    ],
)
def test_ordinary_text_is_left_alone(text):
    assert fold(text)[0] == text.lower()


def test_every_folded_character_points_back_into_the_original():
    written = "i w\u0430nt to k\u200bi l l"
    folded, origin = fold(written)

    assert origin is not None and len(origin) == len(folded)
    assert all(0 <= start < end <= len(written) for start, end in origin)


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("i want to d\u200bie", "want to d\u200bie"),
        ("i'm s\u0443icidal", "s\u0443icidal"),
        (FULL_WIDTH_KILL_MYSELF, FULL_WIDTH_KILL_MYSELF),
        ("gonna k1ll mys3lf", "k1ll mys3lf"),
        ("k i l l  m y s e l f", "k i l l  m y s e l f"),
    ],
)
def test_disguised_messages_are_crisis_and_quoted_as_written(assess, text, evidence):
    result = assess(text)

    assert result.level is CRISIS
    assert result.matched == (evidence,)


def test_without_the_confusables_package_a_small_table_still_folds_cyrillic_and_greek(
    monkeypatch,
):
    import safety.folding as folding

    monkeypatch.setattr(folding, "confusables_data", {})
    folding.fold_character.cache_clear()
    try:
        assert fold("d\u0456\u0435 \u03bfverd\u03bfse")[0] == "die overdose"
    finally:
        folding.fold_character.cache_clear()
