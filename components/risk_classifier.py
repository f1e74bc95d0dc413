"""Runs the risk detector from `safety/` on every message and lets it override the intent.

The component sits last in the NLU pipeline. The detector (a lexicon over lemmas, with
slang, typos and negation) and the trained model (the `crisis` and `risk_concern`
intents learnt from examples) are combined so that either one escalates: the higher
of the two levels wins. The result travels with the message as `risk`, so it shows in
`/model/parse` output and is stored with the user event in the tracker store.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from safety import RiskDetector, RiskLevel

RISK_KEY = "risk"
NLU_FALLBACK_INTENT = "nlu_fallback"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class RiskClassifier(GraphComponent):
    """Escalates a message to the crisis or concern intent when it carries a risk signal."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            # Intents the dialogue rules escalate on.
            "crisis_intent": "crisis",
            "concern_intent": "risk_concern",
            # How sure the trained model must be of a risk intent to escalate on its own
            # when the FallbackClassifier has replaced it; keep it at that threshold.
            "model_threshold": 0.55,
            # A lexicon other than safety/lexicon.yml, e.g. for another language.
            "lexicon_path": None,
        }

    def __init__(self, config: dict[str, Any], detector: RiskDetector) -> None:
        self._config = config
        self._detector = detector

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RiskClassifier:
        lexicon_path = config.get("lexicon_path")
        detector = (
            RiskDetector.load(lexicon_path=lexicon_path)
            if lexicon_path
            else RiskDetector.load()
        )
        return cls(config, detector)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> RiskClassifier:
        # Nothing is trained: the lexicon is read afresh, so a reviewed lexicon change
        # takes effect on restart without retraining.
        return cls.create(config, model_storage, resource, execution_context)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._assess(message)
        return messages

    def _assess(self, message: Message) -> None:
        assessment = self._detector.assess(message.get(TEXT) or "")
        ranking = message.get(INTENT_RANKING_KEY) or []
        model_level = self._model_level(message)
        level = combined_level(assessment.level, model_level)
        if level is RiskLevel.NONE:
            return
        intent_name = (
            self._config["crisis_intent"]
            if level is RiskLevel.CRISIS
            else self._config["concern_intent"]
        )
        message.set(INTENT, {"name": intent_name, "confidence": 1.0}, add_to_output=True)
        message.set(
            INTENT_RANKING_KEY,
            [{"name": intent_name, "confidence": 1.0}]
            + [entry for entry in ranking if entry.get("name") != intent_name],
            add_to_output=True,
        )
        risk = {
            **assessment.as_dict(),
            "level": level.value,
            # Both sides' own verdicts, for staff review and the safety evaluation.
            "detector_level": assessment.level.value,
            "model_level": model_level.value,
            "source": _source(assessment.level, model_level),
        }
        message.set(RISK_KEY, risk, add_to_output=True)

    def _model_level(self, message: Message) -> RiskLevel:
        """The level the trained model gives.

        Its intent counts if it survived the fallback (the rules act on it anyway), and
        so does a confident top intent that the fallback's placeholder hides.
        """
        ranking = message.get(INTENT_RANKING_KEY) or []
        names = {(message.get(INTENT) or {}).get("name")}
        top = _top_model_intent(ranking)
        if top is not None and top.get("confidence", 0.0) >= self._config["model_threshold"]:
            names.add(top.get("name"))
        if self._config["crisis_intent"] in names:
            return RiskLevel.CRISIS
        if self._config["concern_intent"] in names:
            return RiskLevel.CONCERN
        return RiskLevel.NONE


def combined_level(detector_level: RiskLevel, model_level: RiskLevel) -> RiskLevel:
    """The level the assistant acts on: either side raises it, the model alone less far.

    The detector's crisis stands on its own: it is a reviewed phrase in context. The
    model's crisis stands when the detector also saw a sign (a negated or hedged
    phrase, say). On its own it becomes a direct check-in, because DIET is near 1.0
    confident on figures of speech like "this job is killing me"; "yes" to the
    check-in escalates at once.
    """
    if model_level is RiskLevel.CRISIS and detector_level is RiskLevel.NONE:
        model_level = RiskLevel.CONCERN
    return max(detector_level, model_level, key=lambda level: level.rank)


def _top_model_intent(ranking: list[dict[str, Any]]) -> dict[str, Any] | None:
    return next((e for e in ranking if e.get("name") != NLU_FALLBACK_INTENT), None)


def _source(detector_level: RiskLevel, model_level: RiskLevel) -> str:
    """Which side raised the signal, for staff review and the safety evaluation."""
    if detector_level is not RiskLevel.NONE and model_level is not RiskLevel.NONE:
        return "detector+model"
    return "detector" if detector_level is not RiskLevel.NONE else "model"
