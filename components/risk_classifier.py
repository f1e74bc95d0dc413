"""Runs the risk readers from `safety/` on every message and lets them override the intent.

The component sits last in the NLU pipeline. Three readers speak: the detector (a
lexicon over lemmas, with slang, typos and negation), the trained model (the `crisis`
and `risk_concern` intents learnt from examples) and the learned reader (a classifier
trained on public writing about suicide, safety/learned_reader.py). Either one
escalates and none lowers another: the highest level wins. The result travels with the
message as `risk`, so it shows in `/model/parse` output and is stored with the user
event in the tracker store.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from safety import RiskAssessment, RiskDetector, RiskLevel
from safety.learned_reader import DEFAULT_READER_PATH, LearnedReader, load_reader, reader_level

RISK_KEY = "risk"
# A figure of speech the detector set aside, over the model's or the reader's alarm.
OVERRULED_KEY = "risk_overruled"
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
            # The learned reader `make train-risk` builds; its threshold is in the file.
            "reader_path": str(DEFAULT_READER_PATH),
        }

    def __init__(
        self, config: dict[str, Any], detector: RiskDetector, reader: LearnedReader
    ) -> None:
        self._config = config
        self._detector = detector
        self._reader = reader

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
        return cls(config, detector, load_reader(Path(config["reader_path"])))

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> RiskClassifier:
        # Nothing is trained here: the lexicon and the reader are read afresh, so a
        # reviewed lexicon change or a rebuilt reader takes effect on restart.
        return cls.create(config, model_storage, resource, execution_context)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._assess(message)
        return messages

    def _assess(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        assessment = self._detector.assess(text)
        verdict = self._reader.read(text)
        ranking = message.get(INTENT_RANKING_KEY) or []
        model_level = self._model_level(message)
        from_reader = reader_level(assessment, verdict)
        overruled = _figure_of_speech(assessment) and _highest(
            model_level, from_reader
        ) is not RiskLevel.NONE
        if overruled:
            # The detector read the message's risk words in context and set them aside
            # ("my mom will kill me if I'm late"). DIET and the learned reader see the
            # same words without their context, near certain on such idioms, and would
            # otherwise raise a check-in on every one of them.
            model_level = from_reader = RiskLevel.NONE
            self._drop_risk_intents(message)
        level = _highest(combined_level(assessment.level, model_level), from_reader)
        if level is RiskLevel.NONE:
            if overruled:
                # Kept apart from `risk`, which means "this message carried a risk".
                message.set(OVERRULED_KEY, {"dismissed": list(assessment.dismissed)},
                            add_to_output=True)
            return
        # A check-in the reader raised without the lexicon still needs a category's line.
        category = assessment.category or (
            verdict.category if from_reader is not RiskLevel.NONE else None
        )
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
            "category": category,
            # Each reader's own verdict, for staff review and the safety evaluation.
            "detector_level": assessment.level.value,
            "model_level": model_level.value,
            "reader_level": from_reader.value,
            "reader_score": round(verdict.score, 3),
            "source": _source(assessment.level, model_level, from_reader),
        }
        message.set(RISK_KEY, risk, add_to_output=True)

    def _drop_risk_intents(self, message: Message) -> None:
        """Takes the model's risk intents out, leaving its next guess if it is sure of it."""
        risk_intents = {self._config["crisis_intent"], self._config["concern_intent"]}
        ranking = [
            entry for entry in message.get(INTENT_RANKING_KEY) or []
            if entry.get("name") not in risk_intents
        ]
        top = _top_model_intent(ranking)
        sure = top is not None and top.get("confidence", 0.0) >= self._config["model_threshold"]
        intent = message.get(INTENT) or {}
        if intent.get("name") in risk_intents:
            replacement = top if sure else {"name": NLU_FALLBACK_INTENT, "confidence": 1.0}
            message.set(INTENT, dict(replacement), add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)

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
    return _highest(detector_level, model_level)


def _figure_of_speech(assessment: RiskAssessment) -> bool:
    """The detector found risk words only to set them aside as an idiom or a comparison."""
    return assessment.level is RiskLevel.NONE and bool(assessment.dismissed)


def _highest(*levels: RiskLevel) -> RiskLevel:
    return max(levels, key=lambda level: level.rank)


def _top_model_intent(ranking: list[dict[str, Any]]) -> dict[str, Any] | None:
    return next((e for e in ranking if e.get("name") != NLU_FALLBACK_INTENT), None)


def _source(detector: RiskLevel, model: RiskLevel, reader: RiskLevel) -> str:
    """Which readers raised the signal ("detector+reader"), for staff review."""
    sides = {"detector": detector, "model": model, "reader": reader}
    return "+".join(name for name, level in sides.items() if level is not RiskLevel.NONE)
