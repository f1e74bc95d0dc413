"""Decides whether a message gets a curated topic answer, on what the visitor would get.

It takes the place of Rasa's `FallbackClassifier`, after the `ResponseSelector`. The
fallback classifier sees only the intent's confidence; for a topic question that is the
`faq` retrieval intent's confidence, which says "this is a question" but not "this
topic answers it". So:

- A message whose likely intents all lead to a topic answer (`faq`, and `choose_topic`
  for "tell me about dbt") is judged on their summed confidence, and is answered only
  when the response selector's best topic is confident enough. Otherwise it becomes
  `nlu_fallback` and the visitor gets an honest "no answer for that" with the closest
  topics (actions/abstention.py).
- Any other intent is judged as the fallback classifier would (threshold, ambiguity),
  except that where it would fall back, a topic the response selector is all but sure
  of is answered.

The decision travels with the message as `answer` (topic, confidence, runner-up), so
the answer action can offer a close runner-up as a button without re-deciding.
Thresholds are calibrated on tests/nlu/faq_test.yml and tests/answers/no_answer_test.yml
with `scripts/check_answers.py --sweep`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

NLU_FALLBACK_INTENT = "nlu_fallback"
ANSWER_KEY = "answer"
RESPONSE_SELECTOR_KEY = "response_selector"


@dataclass(frozen=True)
class AnswerDecision:
    """What the visitor gets for one message: a topic's answer, or an honest abstention."""

    answered: bool
    topic: str | None
    confidence: float
    runner_up: str | None = None
    closest: tuple[str, ...] = ()


@dataclass(frozen=True)
class GateSettings:
    threshold: float
    ambiguity_threshold: float
    retrieval_intent: str
    answer_intents: tuple[str, ...]
    answer_threshold: float
    strong_answer_threshold: float
    runner_up_ratio: float
    closest_count: int

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> GateSettings:
        return cls(
            threshold=float(config["threshold"]),
            ambiguity_threshold=float(config["ambiguity_threshold"]),
            retrieval_intent=str(config["retrieval_intent"]),
            answer_intents=tuple(config["answer_intents"]),
            answer_threshold=float(config["answer_threshold"]),
            strong_answer_threshold=float(config["strong_answer_threshold"]),
            runner_up_ratio=float(config["runner_up_ratio"]),
            closest_count=int(config["closest_count"]),
        )


def topic_ranking(parse_data: dict[str, Any], retrieval_intent: str) -> list[tuple[str, float]]:
    """The response selector's topics for a message, best first, as (topic, confidence)."""
    selection = (parse_data.get(RESPONSE_SELECTOR_KEY) or {}).get(retrieval_intent) or {}
    ranked = []
    for entry in selection.get("ranking") or []:
        key = entry.get("intent_response_key") or ""
        if "/" in key:
            ranked.append((key.split("/", 1)[1], float(entry.get("confidence") or 0.0)))
    return ranked


def decide_answer(
    intent_ranking: list[dict[str, Any]],
    topics: list[tuple[str, float]],
    settings: GateSettings,
) -> AnswerDecision | None:
    """The answer a topic-shaped message gets, or None when its intent is something else.

    `intent_ranking` is the classifier's, without any fallback placeholder.
    """
    answer_mass = sum(
        e.get("confidence", 0.0) for e in intent_ranking if e.get("name") in settings.answer_intents
    )
    best_other = max(
        (e.get("confidence", 0.0) for e in intent_ranking
         if e.get("name") not in settings.answer_intents),
        default=0.0,
    )
    closest = tuple(topic for topic, _ in topics[: settings.closest_count])
    if answer_mass <= best_other:
        # Another intent leads. Were it to fall back anyway, a topic the response
        # selector is all but sure of ("how do i get past the shame") is the better reply.
        strong = bool(topics) and topics[0][1] >= settings.strong_answer_threshold
        if strong and intent_is_unsure(intent_ranking, settings):
            return AnswerDecision(True, topics[0][0], topics[0][1], None, closest)
        return None
    if not topics:
        return AnswerDecision(False, None, 0.0, closest=closest)
    (best, best_confidence), runner_up = topics[0], None
    if len(topics) > 1 and topics[1][1] >= settings.runner_up_ratio * best_confidence:
        runner_up = topics[1][0]
    answered = (
        answer_mass >= settings.threshold
        and answer_mass - best_other >= settings.ambiguity_threshold
        and best_confidence >= settings.answer_threshold
    )
    return AnswerDecision(answered, best, best_confidence, runner_up, closest)


def gated_intent(
    intent_ranking: list[dict[str, Any]],
    topics: list[tuple[str, float]],
    settings: GateSettings,
) -> tuple[str | None, AnswerDecision | None]:
    """The intent a message ends with (None: the classifier's stands) and the decision."""
    decision = decide_answer(intent_ranking, topics, settings)
    if decision is not None:
        name = settings.retrieval_intent if decision.answered else NLU_FALLBACK_INTENT
        return name, decision
    return (NLU_FALLBACK_INTENT if intent_is_unsure(intent_ranking, settings) else None), None


def intent_is_unsure(intent_ranking: list[dict[str, Any]], settings: GateSettings) -> bool:
    """The fallback classifier's test: a low top confidence, or two intents too close."""
    if not intent_ranking:
        return True
    first = intent_ranking[0].get("confidence", 0.0)
    second = intent_ranking[1].get("confidence", 0.0) if len(intent_ranking) > 1 else 0.0
    return first < settings.threshold or first - second < settings.ambiguity_threshold


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class AnswerGate(GraphComponent, IntentClassifier):
    """Answers a topic question only when the topic fits; otherwise an honest fallback."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [IntentClassifier]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            # For intents other than a topic answer: as Rasa's FallbackClassifier.
            "threshold": 0.55,
            "ambiguity_threshold": 0.1,
            # The retrieval intent whose topics the response selector ranks.
            "retrieval_intent": "faq",
            # Intents whose reply is the response selector's best topic.
            "answer_intents": ["faq", "choose_topic"],
            # The best topic's least confidence for a curated answer.
            "answer_threshold": 0.5,
            # When another intent leads but too weakly to act on, a topic this sure wins.
            "strong_answer_threshold": 0.9,
            # A runner-up within this share of the best topic's confidence is offered too.
            "runner_up_ratio": 0.5,
            # Topics offered as buttons when the assistant abstains.
            "closest_count": 3,
        }

    def __init__(self, config: dict[str, Any]) -> None:
        self.settings = GateSettings.from_config(config)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> AnswerGate:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._decide(message)
        return messages

    def _decide(self, message: Message) -> None:
        ranking = list(message.get(INTENT_RANKING_KEY) or [])
        topics = topic_ranking(message.data, self.settings.retrieval_intent)
        name, decision = gated_intent(ranking, topics, self.settings)
        if decision is not None:
            message.set(ANSWER_KEY, asdict(decision), add_to_output=True)
        if name == NLU_FALLBACK_INTENT:
            self._fall_back(message, ranking)
        elif name is not None and decision is not None:
            self._answer(message, name, decision)

    @staticmethod
    def _answer(message: Message, name: str, decision: AnswerDecision) -> None:
        """A topic answer, whichever intent ranked first."""
        if (message.get(INTENT) or {}).get("name") != name:
            message.set(
                INTENT,
                {"name": name, "confidence": decision.confidence,
                 "full_retrieval_intent_name": f"{name}/{decision.topic}"},
                add_to_output=True,
            )

    def _fall_back(self, message: Message, ranking: list[dict[str, Any]]) -> None:
        fallback = {"name": NLU_FALLBACK_INTENT, "confidence": self.settings.threshold}
        message.set(INTENT, fallback, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [fallback, *ranking], add_to_output=True)
