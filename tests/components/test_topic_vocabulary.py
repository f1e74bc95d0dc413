"""The topic vocabulary: which of a question's words its topic's material does not cover."""

from __future__ import annotations

import pytest

from components.topic_vocabulary import TopicVocabulary, plain_words, salient


@pytest.fixture(scope="module")
def vocabulary() -> TopicVocabulary:
    documents = {
        "faq/ptsd": plain_words("what is ptsd, flashbacks and nightmares after trauma"),
        "faq/bipolar": plain_words("bipolar disorder: mania, depression, mood swings"),
        "greet": plain_words("hello, is it possible to talk about something"),
        "thank": plain_words("thanks, it is possible to talk, something helped"),
        "goodbye": plain_words("bye, what eating and sleeping"),
    }
    topics = {"faq/ptsd": "ptsd", "faq/bipolar": "bipolar"}
    return TopicVocabulary.learn(documents, topics, common_document_count=2)


@pytest.mark.parametrize(
    ("topic", "question", "count_unseen", "uncovered"),
    [
        ("ptsd", "is it possible to have ptsd without nightmares", False, []),
        ("bipolar", "is it possible to have bipolar without nightmares", False, ["nightmares"]),
        ("bipolar", "is there a link between bipolar and eating disorders", False, ["eating"]),
        ("ptsd", "can ptsd come back after years of remission", False, []),
        ("ptsd", "can ptsd come back after years of remission", True,
         ["come", "years", "remission"]),
        ("ptsd", "is it possible to talk about something", False, []),
        ("ptsd", "ptsd and flashbacks and nightmares", False, []),
    ],
    ids=[
        "a word of the topic's material is covered",
        "a word of another topic's material is not",
        "a word of another intent's examples is not",
        "words never seen are left out by default",
        "words never seen count when asked to",
        "common words are covered",
        "each word counts once",
    ],
)
def test_uncovered_words(vocabulary, topic, question, count_unseen, uncovered):
    assert vocabulary.uncovered(topic, plain_words(question), count_unseen) == uncovered


def test_the_topics_own_name_is_covered(vocabulary):
    assert vocabulary.uncovered("panic_attacks", ["panic", "attacks"], count_unseen=True) == []


@pytest.mark.parametrize(
    ("words", "kept"),
    [
        (["what", "is", "ptsd"], ["ptsd"]),
        (["can", "i", "get", "help"], ["help"]),
        (["detox", "24", "x2"], ["detox"]),
        (["Nightmares", "nightmares"], ["nightmares"]),
    ],
    ids=["stop words go", "short words go", "numbers go", "one lower-cased copy"],
)
def test_salient_words(words, kept):
    assert salient(words) == kept


def test_placeholders_of_answers_are_not_words():
    assert plain_words("Call us. {center_contact}") == ["call", "us"]


def test_the_vocabulary_survives_a_round_trip_through_a_dict(vocabulary):
    assert TopicVocabulary.from_dict(vocabulary.to_dict()) == vocabulary
