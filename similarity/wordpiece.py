"""BERT's uncased WordPiece tokenizer: the token ids the sentence encoder reads.

The same steps as BERT's `BasicTokenizer` and `WordpieceTokenizer`: lower-case, strip
accents, split at white space and punctuation, then cut each word into the longest
pieces the vocabulary holds ("desensitisation" -> "des", "##ens", "##iti", ...).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

CLS, SEP, UNK = "[CLS]", "[SEP]", "[UNK]"
CONTINUATION = "##"
MAX_WORD_CHARS = 100  # longer words are one unknown token, as in BERT


class WordPiece:
    def __init__(self, vocabulary: dict[str, int]) -> None:
        self.vocabulary = vocabulary

    @classmethod
    def load(cls, vocab_path: Path) -> WordPiece:
        lines = Path(vocab_path).read_text(encoding="utf-8").splitlines()
        return cls({piece: index for index, piece in enumerate(lines)})

    def ids(self, text: str, max_length: int) -> list[int]:
        """[CLS], the text's pieces, [SEP]: at most `max_length` ids."""
        pieces = [piece for word in words(text) for piece in self.pieces(word)]
        body = [self.vocabulary[piece] for piece in pieces][: max_length - 2]
        return [self.vocabulary[CLS], *body, self.vocabulary[SEP]]

    def pieces(self, word: str) -> list[str]:
        """The longest-first pieces of one word, or [UNK] when one part has none."""
        if len(word) > MAX_WORD_CHARS:
            return [UNK]
        pieces, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else CONTINUATION + word[start:end]
                if piece in self.vocabulary:
                    break
                end -= 1
            if end == start:
                return [UNK]
            pieces.append(piece)
            start = end
        return pieces


def words(text: str) -> list[str]:
    """Lower-cased words and single punctuation marks, accents stripped."""
    text = unicodedata.normalize("NFD", text.lower())
    found: list[str] = []
    word: list[str] = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Mn":  # a combining accent
            continue
        if char.isspace() or category in ("Cc", "Cf") or _is_punctuation(char, category):
            if word:
                found.append("".join(word))
                word = []
            if _is_punctuation(char, category):
                found.append(char)
        else:
            word.append(char)
    if word:
        found.append("".join(word))
    return found


def _is_punctuation(char: str, category: str) -> bool:
    # BERT counts every non-alphanumeric ASCII sign as punctuation ("$", "^", "`").
    code = ord(char)
    ascii_sign = 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126
    return ascii_sign or category.startswith("P")
