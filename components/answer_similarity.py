"""The answer gate's third judgment: is the message nearer, in meaning, to what an answer
was trained on, or to real questions that nothing curated covers?

The response selector is sure of a topic whenever a question names its condition, also
when the question asks what the topic's answer never says ("Bipolar or just
depressed?"). Hundreds of such real questions, labelled by hand, sit in the pool
(tests/answers/README.md); their training part is embedded beside the training examples
(similarity/neighbours.py). So, for a message:

- an answer the gate would give, a topic's or another intent's (a center answer, a
  screener, "are you a bot"), is declined when an uncovered real question is nearer than
  the nearest example of that topic or intent, by more than `uncovered_margin`;
- a topic's answer is also declined when the label model finds the uncovered questions
  more than `uncovered_likelihood_ratio` times as likely as the topic: one neighbour can
  mislead, the label model weighs them all;
- a declined topic question is answered after all when the best topic has an example at
  least `similar_answer_threshold` alike, nearer than any uncovered question, and not
  less likely than them;
- the topics a decline offers are ranked by the response selector's confidence, times
  `confidence_weight`, plus the nearest example's cosine, plus the topic's likelihood
  times `likelihood_weight`: the selector alone ranks long, personal questions poorly;
- a decline offers a self-screener first when the question is at least
  `screener_offer_similarity` alike to one of its examples and nearer to them than to
  the closest topic's ("am I an alcoholic or just a heavy drinker?").

Intents in `exempt_intents` are never declined: safety, the screeners' answers, asking
for a person, and the replies that are honest already.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from components.answer_decision import AnswerDecision
from similarity.neighbours import Nearness

NLU_FALLBACK_INTENT = "nlu_fallback"


@dataclass(frozen=True)
class SimilaritySettings:
    retrieval_intent: str
    closest_count: int
    uncovered_margin: float
    confidence_weight: float
    similar_answer_threshold: float
    exempt_intents: frozenset[str]
    # The screeners' intents share a prefix (screen_alcohol, screen_mood, ...).
    screener_prefix: str = "screen_"
    screener_offer_similarity: float = 1.01
    uncovered_likelihood_ratio: float | None = None
    likelihood_weight: float = 0.0

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> SimilaritySettings:
        """From the answer gate's config (components/answer_gate.py, its defaults)."""
        return cls(
            retrieval_intent=str(config["retrieval_intent"]),
            closest_count=int(config["closest_count"]),
            uncovered_margin=float(config["uncovered_margin"]),
            confidence_weight=float(config["confidence_weight"]),
            similar_answer_threshold=float(config["similar_answer_threshold"]),
            exempt_intents=frozenset(config["exempt_intents"]),
            screener_offer_similarity=float(config["screener_offer_similarity"]),
            uncovered_likelihood_ratio=_optional_float(config["uncovered_likelihood_ratio"]),
            likelihood_weight=float(config["likelihood_weight"]),
        )

    def topic_label(self, topic: str) -> str:
        return f"{self.retrieval_intent}/{topic}"


def ranked_topics(topics: list[tuple[str, float]], nearness: Nearness,
                  settings: SimilaritySettings) -> list[str]:
    """Every topic, best first, by weighted selector confidence plus nearest-example cosine."""
    prefix = f"{settings.retrieval_intent}/"
    confidence = dict(topics)
    names = set(confidence) | {label.removeprefix(prefix) for label in nearness.labels
                               if label.startswith(prefix)}

    def score(topic: str) -> float:
        label = settings.topic_label(topic)
        return (settings.confidence_weight * confidence.get(topic, 0.0) + nearness.of(label)
                + settings.likelihood_weight * nearness.likelihood_of(label))

    return sorted(names, key=lambda topic: (-score(topic), topic))


def uncovered_is_nearer(nearness: Nearness, label: str, settings: SimilaritySettings) -> bool:
    return nearness.uncovered > nearness.of(label) + settings.uncovered_margin


def uncovered_is_likelier(nearness: Nearness, label: str, settings: SimilaritySettings) -> bool:
    ratio = settings.uncovered_likelihood_ratio
    if ratio is None or not nearness.likelihood:
        return False
    return nearness.uncovered_likelihood > ratio * nearness.likelihood_of(label)


def needs_recheck(name: str | None, decision: AnswerDecision | None,
                  intent_ranking: list[dict[str, Any]], settings: SimilaritySettings) -> bool:
    """Whether the judgment could change anything (else the message is not encoded):
    a topic decision, or another intent that stands and is not exempt."""
    if decision is not None:
        return True
    return name is None and _top_intent(intent_ranking) not in settings.exempt_intents


def rechecked(
    name: str | None,
    decision: AnswerDecision | None,
    intent_ranking: list[dict[str, Any]],
    topics: list[tuple[str, float]],
    nearness: Nearness,
    settings: SimilaritySettings,
) -> tuple[str | None, AnswerDecision | None]:
    """The gate's (intent, AnswerDecision) once the message's neighbours are known.

    `name` None means the classifier's intent stands; `decision` None, that the message
    was not topic-shaped. Another intent declined here gets an AnswerDecision with no
    topic, so the abstention offers the closest topics (and a screener, if one is near).
    """
    closest = tuple(ranked_topics(topics, nearness, settings)[: settings.closest_count])
    screener = offered_screener(closest, nearness, settings)
    if decision is None:
        intent = _top_intent(intent_ranking)
        if name is None and intent not in settings.exempt_intents \
                and uncovered_is_nearer(nearness, intent, settings):
            return NLU_FALLBACK_INTENT, AnswerDecision(
                False, None, 0.0, closest=closest, screener=screener)
        return name, None
    if decision.answered and decision.topic is not None:
        label = settings.topic_label(decision.topic)
        if uncovered_is_nearer(nearness, label, settings) \
                or uncovered_is_likelier(nearness, label, settings):
            return NLU_FALLBACK_INTENT, replace(
                decision, answered=False, closest=closest, screener=screener)
        return name, decision
    best = closest[0] if closest else None
    if best is not None and _surely_answered_by(best, nearness, settings):
        confidence = dict(topics).get(best, 0.0)
        return settings.retrieval_intent, replace(
            decision, answered=True, topic=best, confidence=confidence, runner_up=None,
            closest=closest, uncovered=())
    return name, replace(decision, closest=closest, screener=screener)


def offered_screener(closest: tuple[str, ...], nearness: Nearness,
                     settings: SimilaritySettings) -> str | None:
    """The screener a decline offers first, if the question is near enough to one."""
    screeners = {label: value for label, value in nearness.labels.items()
                 if label.startswith(settings.screener_prefix)}
    if not screeners:
        return None
    best = max(sorted(screeners), key=screeners.__getitem__)
    topic_nearness = nearness.of(settings.topic_label(closest[0])) if closest else -1.0
    if screeners[best] >= settings.screener_offer_similarity and screeners[best] > topic_nearness:
        return best
    return None


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _top_intent(intent_ranking: list[dict[str, Any]]) -> str:
    return (intent_ranking[0].get("name") if intent_ranking else None) or ""


def _surely_answered_by(topic: str, nearness: Nearness, settings: SimilaritySettings) -> bool:
    label = settings.topic_label(topic)
    similarity = nearness.of(label)
    return (similarity >= settings.similar_answer_threshold
            and similarity > nearness.uncovered + settings.uncovered_margin
            and not uncovered_is_likelier(nearness, label, settings))


