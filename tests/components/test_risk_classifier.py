"""The risk component combines the detector, the trained model and the learned reader."""

from __future__ import annotations

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message

from components.risk_classifier import RiskClassifier, combined_level
from safety import RiskDetector, RiskLevel
from safety.learned_reader import LearnedReader


@pytest.fixture(scope="module")
def classifier(tmp_path_factory) -> RiskClassifier:
    storage = LocalModelStorage(tmp_path_factory.mktemp("model"))
    return RiskClassifier.create(
        RiskClassifier.get_default_config(),
        storage,
        Resource("risk_classifier"),
        ExecutionContext(GraphSchema({}), "test"),
    )


def classified(classifier: RiskClassifier, text: str, model_ranking: list[tuple[str, float]]):
    ranking = [{"name": name, "confidence": confidence} for name, confidence in model_ranking]
    message = Message(data={"text": text, "intent": ranking[0], "intent_ranking": ranking})
    classifier.process([message])
    return message


def test_a_detected_crisis_overrides_the_models_intent(classifier):
    message = classified(classifier, "i want to kill myself", [("faq", 0.8), ("greet", 0.1)])

    assert message.get("intent") == {"name": "crisis", "confidence": 1.0}
    assert message.get("risk")["category"] == "suicide"
    assert "detector" in message.get("risk")["source"].split("+")


def test_the_models_original_ranking_is_kept_below_the_override(classifier):
    message = classified(classifier, "i want to kill myself", [("faq", 0.8), ("greet", 0.1)])

    assert [e["name"] for e in message.get("intent_ranking")] == ["crisis", "faq", "greet"]


def test_the_model_alone_turns_a_paraphrase_into_a_check_in(classifier):
    # A made-up phrase: whatever the lexicon learns, only the model can flag this one.
    message = classified(classifier, "zorbly wumple", [("crisis", 0.93), ("faq", 0.05)])

    assert message.get("intent")["name"] == "risk_concern"
    assert message.get("risk")["model_level"] == "crisis"
    assert message.get("risk")["source"] == "model"


def test_the_model_sees_through_the_fallback_placeholder(classifier):
    # The fallback also fires when the top two intents are too close to call.
    ranking = [("nlu_fallback", 0.55), ("risk_concern", 0.6), ("faq", 0.55)]
    message = classified(classifier, "zorbly wumple", ranking)

    assert message.get("intent")["name"] == "risk_concern"


def test_a_detected_concern_becomes_the_concern_intent(classifier):
    message = classified(classifier, "i'm not suicidal", [("deny", 0.7), ("faq", 0.2)])

    assert message.get("intent")["name"] == "risk_concern"
    assert message.get("risk")["level"] == "concern"


def test_the_higher_level_wins_when_both_speak(classifier):
    message = classified(classifier, "i'm not suicidal", [("crisis", 0.9), ("faq", 0.05)])

    assert message.get("risk")["level"] == "crisis"
    assert message.get("risk")["source"].startswith("detector+model")


@pytest.mark.parametrize(
    "text", ["what is dual diagnosis", "how do i cut down on drinking", "my phone died"]
)
def test_a_message_without_risk_is_left_alone(classifier, text):
    message = classified(classifier, text, [("faq", 0.9), ("greet", 0.05)])

    assert message.get("intent") == {"name": "faq", "confidence": 0.9}
    assert message.get("risk") is None


def test_an_unsure_model_does_not_escalate_on_its_own(classifier):
    ranking = [("nlu_fallback", 0.55), ("crisis", 0.4), ("faq", 0.35)]
    message = classified(classifier, "how are families affected", ranking)

    assert message.get("intent")["name"] == "nlu_fallback"
    assert message.get("risk") is None


def test_a_risk_intent_the_model_keeps_is_always_recorded(classifier):
    message = classified(classifier, "zorbly wumple", [("crisis", 0.56), ("faq", 0.3)])

    assert message.get("risk")["model_level"] == "crisis"
    assert message.get("intent")["name"] == "risk_concern"


@pytest.mark.parametrize(
    ("detector", "model", "expected"),
    [
        ("crisis", "none", "crisis"),
        ("concern", "crisis", "crisis"),
        ("none", "crisis", "concern"),
        ("none", "concern", "concern"),
        ("concern", "none", "concern"),
        ("none", "none", "none"),
    ],
)
def test_either_side_raises_the_level_and_the_model_alone_asks_first(detector, model, expected):
    assert combined_level(RiskLevel(detector), RiskLevel(model)) == RiskLevel(expected)


@pytest.fixture(scope="module")
def toy_reader(toy_corpus) -> LearnedReader:
    """A real reader whose only risk sign is the made-up word "zorbly"."""
    return LearnedReader.train(*toy_corpus)


@pytest.fixture(scope="module")
def with_toy_reader(toy_reader: LearnedReader) -> RiskClassifier:
    return RiskClassifier(RiskClassifier.get_default_config(), RiskDetector.load(), toy_reader)


@pytest.fixture(scope="module")
def with_quiet_reader(toy_reader: LearnedReader) -> RiskClassifier:
    """The same reader with a threshold no score reaches: it never fires."""
    quiet = LearnedReader(toy_reader.pipeline, threshold=1.01)
    return RiskClassifier(RiskClassifier.get_default_config(), RiskDetector.load(), quiet)


def test_the_reader_alone_raises_a_check_in_not_a_crisis(with_toy_reader):
    message = classified(with_toy_reader, "zorbly again tonight", [("faq", 0.9)])

    assert message.get("intent")["name"] == "risk_concern"
    assert message.get("risk")["level"] == "concern"
    assert message.get("risk")["source"] == "reader"


def test_a_check_in_from_the_reader_alone_carries_the_suicide_category(with_toy_reader):
    message = classified(with_toy_reader, "zorbly again tonight", [("faq", 0.9)])

    assert message.get("risk")["category"] == "suicide"


def test_the_reader_with_a_lexicon_sign_raises_a_crisis(with_toy_reader):
    text = "zorbly again tonight, sometimes i wish i could sleep forever"
    message = classified(with_toy_reader, text, [("faq", 0.9)])

    assert message.get("risk")["detector_level"] == "concern"
    assert message.get("risk")["level"] == "crisis"
    assert message.get("intent")["name"] == "crisis"


@pytest.mark.parametrize(
    ("text", "level"), [("i want to kill myself", "crisis"), ("i'm not suicidal", "concern")]
)
def test_a_quiet_reader_never_lowers_what_the_lexicon_found(with_quiet_reader, text, level):
    message = classified(with_quiet_reader, text, [("faq", 0.9)])

    assert message.get("risk")["reader_level"] == "none"
    assert message.get("risk")["level"] == level


def test_the_readers_score_is_recorded_for_staff_review(with_toy_reader):
    message = classified(with_toy_reader, "zorbly again tonight", [("faq", 0.9)])

    assert message.get("risk")["reader_score"] >= 0.5
    assert message.get("risk")["reader_level"] == "concern"


@pytest.mark.parametrize(
    "text",
    [
        "what is dual diagnosis",
        "can depression make drinking worse",
        "how long does detox take",
        "is it normal to feel tired in early recovery",
    ],
)
def test_the_built_reader_does_not_turn_ordinary_messages_into_check_ins(classifier, text):
    message = classified(classifier, text, [("faq", 0.9), ("greet", 0.05)])

    assert message.get("risk") is None


def test_a_check_in_the_model_alone_raised_gets_no_category_from_a_quiet_reader(
    with_quiet_reader,
):
    message = classified(with_quiet_reader, "zorbly wumple", [("crisis", 0.93), ("faq", 0.05)])

    assert message.get("risk")["level"] == "concern"
    assert message.get("risk")["category"] is None
    assert message.get("risk")["source"] == "model"


@pytest.mark.parametrize(
    "text",
    [
        "my mom is gonna kill me if i'm late for dinner again",
        "this cheesecake is to die for",
    ],
)
def test_an_alarm_on_a_figure_of_speech_the_detector_set_aside_is_dropped(
    classifier, text
):
    message = classified(classifier, text, [("crisis", 0.95), ("faq", 0.6), ("greet", 0.01)])

    assert message.get("intent")["name"] == "faq"
    assert [e["name"] for e in message.get("intent_ranking")] == ["faq", "greet"]
    assert message.get("risk") is None
    assert message.get("risk_overruled")["dismissed"]


def test_a_dropped_alarm_falls_back_when_the_model_has_no_sure_second_guess(classifier):
    text = "my boss will murder me if i miss the meeting"
    message = classified(classifier, text, [("risk_concern", 0.9), ("faq", 0.05)])

    assert message.get("intent")["name"] == "nlu_fallback"
