"""The WordPiece tokenizer gives BERT's uncased ids."""

from __future__ import annotations

import pytest

from similarity.wordpiece import WordPiece, words


@pytest.fixture(scope="module")
def tokenizer(encoder_folder) -> WordPiece:
    return WordPiece.load(encoder_folder / "vocab.txt")


def test_a_sentence_is_framed_by_cls_and_sep_with_bert_uncased_ids(tokenizer):
    assert tokenizer.ids("Hello world", max_length=16) == [101, 7592, 2088, 102]


@pytest.mark.parametrize(("text", "expected"), [
    ("Don't", ["don", "'", "t"]),
    ("PTSD's 'cure'?", ["ptsd", "'", "s", "'", "cure", "'", "?"]),
    ("café  au\tlait", ["cafe", "au", "lait"]),
    ("drug+alcohol", ["drug", "+", "alcohol"]),
])
def test_words_are_lower_cased_split_at_punctuation_and_stripped_of_accents(text, expected):
    assert words(text) == expected


def test_a_word_the_vocabulary_lacks_is_cut_into_the_longest_known_pieces(tokenizer):
    assert tokenizer.pieces("desensitisation") == ["des", "##ens", "##itis", "##ation"]


def test_a_word_too_long_to_cut_is_one_unknown_piece(tokenizer):
    assert tokenizer.pieces("a" * 101) == ["[UNK]"]


def test_a_long_text_is_cut_to_the_maximum_length_and_still_ends_with_sep(tokenizer):
    ids = tokenizer.ids("word " * 50, max_length=8)

    assert len(ids) == 8
    assert ids[0] == 101 and ids[-1] == 102
