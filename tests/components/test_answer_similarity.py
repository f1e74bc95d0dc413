"""The answer gate's third judgment: a message nearer to real questions nothing covers
than to what an answer was trained on is declined; one all but a topic's own example is
answered; a decline's topics are ranked by meaning too."""

from __future__ import annotations

import pytest

from components.answer_decision import AnswerDecision
from components.answer_similarity import (
    NLU_FALLBACK_INTENT,
    SimilaritySettings,
    needs_recheck,
    ranked_topics,
    rechecked,
)
from similarity.label_model import UNCOVERED
from similarity.neighbours import Nearness

SETTINGS = SimilaritySettings(
    retrieval_intent="faq", closest_count=2, uncovered_margin=0.0, confidence_weight=0.6,
    similar_answer_threshold=0.8, exempt_intents=frozenset({"crisis", "affirm"}),
    screener_offer_similarity=0.65,
)
FAQ_RANKING = [{"name": "faq", "confidence": 0.95}, {"name": "greet", "confidence": 0.05}]


def nearness(uncovered: float, **labels: float) -> Nearness:
    return Nearness({label.replace("__", "/"): value for label, value in labels.items()},
                    uncovered)


def answered(topic: str = "ptsd") -> AnswerDecision:
    return AnswerDecision(True, topic, 0.9, closest=(topic, "bipolar"))


def declined(topic: str = "ptsd") -> AnswerDecision:
    return AnswerDecision(False, topic, 0.4, closest=(topic, "bipolar"),
                          uncovered=("nightmares", "without"))


def test_an_answer_nearer_to_an_uncovered_question_than_to_its_topic_is_declined():
    name, decision = rechecked("faq", answered(), FAQ_RANKING, [("ptsd", 0.9)],
                               nearness(0.72, faq__ptsd=0.61, faq__bipolar=0.3), SETTINGS)

    assert name == NLU_FALLBACK_INTENT
    assert decision.answered is False
    assert decision.closest == ("ptsd", "bipolar")


def test_an_answer_nearer_to_its_topic_stands():
    name, decision = rechecked("faq", answered(), FAQ_RANKING, [("ptsd", 0.9)],
                               nearness(0.6, faq__ptsd=0.7), SETTINGS)

    assert (name, decision) == ("faq", answered())


def test_the_margin_lets_an_answer_stand_when_the_uncovered_question_is_barely_nearer():
    settings = SimilaritySettings(**{**SETTINGS.__dict__, "uncovered_margin": 0.05})

    name, _ = rechecked("faq", answered(), FAQ_RANKING, [("ptsd", 0.9)],
                        nearness(0.64, faq__ptsd=0.61), settings)

    assert name == "faq"


def test_a_declined_question_all_but_identical_to_a_topic_example_is_answered():
    name, decision = rechecked(NLU_FALLBACK_INTENT, declined(), FAQ_RANKING,
                               [("ptsd", 0.4), ("bipolar", 0.3)],
                               nearness(0.5, faq__ptsd=0.86, faq__bipolar=0.2), SETTINGS)

    assert name == "faq"
    assert (decision.answered, decision.topic, decision.uncovered) == (True, "ptsd", ())
    assert decision.confidence == 0.4


@pytest.mark.parametrize(("similarity", "uncovered"), [(0.79, 0.5), (0.86, 0.9)],
                         ids=["not alike enough", "an uncovered question is nearer"])
def test_a_declined_question_stays_declined_unless_alike_and_nearer(similarity, uncovered):
    name, decision = rechecked(NLU_FALLBACK_INTENT, declined(), FAQ_RANKING, [("ptsd", 0.4)],
                               nearness(uncovered, faq__ptsd=similarity), SETTINGS)

    assert name == NLU_FALLBACK_INTENT
    assert decision.answered is False


def test_a_declines_topics_are_ranked_by_weighted_confidence_plus_similarity():
    # bipolar: 0.6 * 0.2 + 0.7 = 0.82 beats ptsd: 0.6 * 0.5 + 0.4 = 0.70.
    _, decision = rechecked(NLU_FALLBACK_INTENT, declined(), FAQ_RANKING,
                            [("ptsd", 0.5), ("bipolar", 0.2)],
                            nearness(0.9, faq__ptsd=0.4, faq__bipolar=0.7, faq__detox=0.1),
                            SETTINGS)

    assert decision.closest == ("bipolar", "ptsd")


def test_a_topic_the_selector_did_not_rank_is_ranked_by_similarity_alone():
    topics = ranked_topics([("ptsd", 0.1)], nearness(0.0, faq__ptsd=0.2, faq__emdr=0.5),
                           SETTINGS)

    assert topics == ["emdr", "ptsd"]


def test_another_intent_nearer_to_an_uncovered_question_falls_back_with_topics():
    ranking = [{"name": "ask_cost", "confidence": 0.9}]

    name, decision = rechecked(None, None, ranking, [("ptsd", 0.2)],
                               nearness(0.7, ask_cost=0.5, faq__ptsd=0.3), SETTINGS)

    assert name == NLU_FALLBACK_INTENT
    assert (decision.answered, decision.topic, decision.closest) == (False, None, ("ptsd",))


@pytest.mark.parametrize("intent", ["crisis", "affirm"])
def test_an_exempt_intent_is_never_declined(intent):
    ranking = [{"name": intent, "confidence": 0.9}]

    assert rechecked(None, None, ranking, [], nearness(0.99, **{intent: 0.1}), SETTINGS) \
        == (None, None)


def test_a_fallback_the_gate_already_made_is_left_alone():
    ranking = [{"name": "greet", "confidence": 0.3}]

    assert rechecked(NLU_FALLBACK_INTENT, None, ranking, [], nearness(0.99, greet=0.1),
                     SETTINGS) == (NLU_FALLBACK_INTENT, None)


@pytest.mark.parametrize(("name", "decision", "intent", "needed"), [
    ("faq", answered(), "faq", True),
    (NLU_FALLBACK_INTENT, declined(), "faq", True),
    (None, None, "ask_cost", True),
    (None, None, "crisis", False),
    (NLU_FALLBACK_INTENT, None, "greet", False),
], ids=["an answer", "a decline", "another intent", "an exempt intent", "a fallback"])
def test_a_message_is_encoded_only_when_the_judgment_could_change_it(
        name, decision, intent, needed):
    ranking = [{"name": intent, "confidence": 0.9}]

    assert needs_recheck(name, decision, ranking, SETTINGS) is needed


@pytest.mark.parametrize(("screen", "topic", "offered"), [
    (0.72, 0.6, "screen_alcohol"), (0.6, 0.5, None), (0.72, 0.75, None)],
    ids=["near a screener", "not near enough", "nearer the closest topic"])
def test_a_decline_offers_a_screener_when_the_question_is_nearer_its_examples(
        screen, topic, offered):
    near = nearness(0.9, faq__alcohol=topic, screen_alcohol=screen, screen_mood=0.3)

    _, decision = rechecked(NLU_FALLBACK_INTENT, declined("alcohol"), FAQ_RANKING,
                            [("alcohol", 0.4)], near, SETTINGS)

    assert decision.answered is False
    assert decision.screener == offered


def test_an_answer_that_stands_offers_no_screener():
    near = nearness(0.2, faq__alcohol=0.7, screen_alcohol=0.9)

    _, decision = rechecked("faq", answered("alcohol"), FAQ_RANKING, [("alcohol", 0.9)], near,
                            SETTINGS)

    assert decision.answered is True and decision.screener is None


# The label model: how likely each label is, uncovered questions counted as one.
LIKELY = SimilaritySettings(**{**SETTINGS.__dict__, "uncovered_likelihood_ratio": 1.0,
                               "likelihood_weight": 1.0})


def likely(uncovered_share: float, **shares: float) -> dict[str, float]:
    return {UNCOVERED: uncovered_share,
            **{label.replace("__", "/"): value for label, value in shares.items()}}


def test_an_answer_less_likely_than_the_uncovered_questions_is_declined():
    near = Nearness({"faq/ptsd": 0.83}, 0.79, likely(0.6, faq__ptsd=0.3))

    name, decision = rechecked("faq", answered(), FAQ_RANKING, [("ptsd", 0.9)], near, LIKELY)

    assert name == NLU_FALLBACK_INTENT
    assert decision.answered is False


@pytest.mark.parametrize(("settings", "shares"), [
    (LIKELY, likely(0.3, faq__ptsd=0.6)),
    (SETTINGS, likely(0.6, faq__ptsd=0.3)),
    (LIKELY, {}),
], ids=["the topic is likelier", "no ratio configured", "no label model"])
def test_an_answer_stands_unless_a_ratio_is_set_and_the_uncovered_are_likelier(
        settings, shares):
    near = Nearness({"faq/ptsd": 0.83}, 0.79, shares)

    assert rechecked("faq", answered(), FAQ_RANKING, [("ptsd", 0.9)], near, settings) \
        == ("faq", answered())


def test_a_declines_topics_are_ranked_with_their_likelihood_too():
    # ptsd: 0.6 * 0.5 + 0.6 + 0.1 = 1.0 loses to bipolar: 0.6 * 0.2 + 0.55 + 0.5 = 1.17.
    near = Nearness({"faq/ptsd": 0.6, "faq/bipolar": 0.55}, 0.9,
                    likely(0.4, faq__ptsd=0.1, faq__bipolar=0.5))

    _, decision = rechecked(NLU_FALLBACK_INTENT, declined(), FAQ_RANKING,
                            [("ptsd", 0.5), ("bipolar", 0.2)], near, LIKELY)

    assert decision.closest == ("bipolar", "ptsd")


def test_a_declined_question_alike_to_an_example_stays_declined_when_uncovered_is_likelier():
    near = Nearness({"faq/ptsd": 0.86}, 0.5, likely(0.7, faq__ptsd=0.2))

    name, decision = rechecked(NLU_FALLBACK_INTENT, declined(), FAQ_RANKING, [("ptsd", 0.4)],
                               near, LIKELY)

    assert name == NLU_FALLBACK_INTENT
    assert decision.answered is False
