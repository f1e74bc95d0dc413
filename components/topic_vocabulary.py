"""What each topic's curated material talks about, to tell its general answer from particulars.

A visitor who names a condition gets that condition's topic with high confidence, even
when the question is about a particular the topic's answer never mentions ("Is it
possible to have PTSD without nightmares?"). The model cannot see that; a vocabulary
can: the question's salient words (lemmas of at least four letters, not stop words)
that neither the topic's examples and answer text nor the assistant's common words
contain are what the answer does not cover.

"Common" words are those in the material of several intents or topics ("possible",
"help", "feel"): they carry no particular. Words never seen in training are left out
of the check by default, since most are typos ("depresion") the classifier's
character n-grams already read right.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

MIN_WORD_LENGTH = 4
_WORD = re.compile(r"[a-z]+")
# Placeholders and markup of response texts, not words of the answer.
_TEMPLATE = re.compile(r"\{[^}]*\}")


def plain_words(text: str) -> list[str]:
    """Lower-cased words of a text, for where no spaCy tokens are at hand."""
    return _WORD.findall(_TEMPLATE.sub(" ", text.lower()))


def salient(words: Iterable[str]) -> list[str]:
    """Content words worth checking: alphabetic, four letters or more, not stop words."""
    seen: dict[str, None] = {}
    for word in words:
        word = word.lower()
        if word.isalpha() and len(word) >= MIN_WORD_LENGTH and word not in STOP_WORDS:
            seen.setdefault(word)
    return list(seen)


@dataclass(frozen=True)
class TopicVocabulary:
    """Per topic, the words its material uses; across intents, the words that are common."""

    topics: Mapping[str, frozenset[str]]
    common: frozenset[str]
    seen: frozenset[str]

    @classmethod
    def learn(
        cls,
        documents: Mapping[str, Iterable[str]],
        topic_of_document: Mapping[str, str],
        common_document_count: int,
    ) -> TopicVocabulary:
        """Learns from each document's words (an intent's examples, or a topic's material).

        `topic_of_document` names the documents that are topics ("faq/ptsd" -> "ptsd");
        a word in at least `common_document_count` documents is common.
        """
        words_of = {name: frozenset(w.lower() for w in words) for name, words in documents.items()}
        frequency = Counter(word for words in words_of.values() for word in words)
        return cls(
            topics={topic: words_of[name] for name, topic in topic_of_document.items()},
            common=frozenset(w for w, n in frequency.items() if n >= common_document_count),
            seen=frozenset(frequency),
        )

    def uncovered(self, topic: str, words: Iterable[str], count_unseen: bool = False) -> list[str]:
        """The question's salient words that the topic's material and common words lack."""
        material = self.topics.get(topic, frozenset()) | set(topic.split("_"))
        return [
            word for word in salient(words)
            if word not in material and word not in self.common
            and (count_unseen or word in self.seen)
        ]

    def to_dict(self) -> dict[str, object]:
        return {
            "topics": {topic: sorted(words) for topic, words in sorted(self.topics.items())},
            "common": sorted(self.common),
            "seen": sorted(self.seen),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> TopicVocabulary:
        topics = data["topics"]
        assert isinstance(topics, Mapping)
        return cls(
            topics={topic: frozenset(words) for topic, words in topics.items()},
            common=frozenset(data["common"]),  # type: ignore[arg-type]
            seen=frozenset(data["seen"]),  # type: ignore[arg-type]
        )
