"""The answer gate: a topic answer only when the topic fits; otherwise an honest fallback."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message

from components.answer_gate import AnswerGate
from similarity.download import DEFAULT_FOLDER as ENCODER_FOLDER


@pytest.fixture(scope="module")
def gate(tmp_path_factory) -> AnswerGate:
    return AnswerGate.create(
        AnswerGate.get_default_config(),
        LocalModelStorage(tmp_path_factory.mktemp("model")),
        Resource("answer_gate"),
        ExecutionContext(GraphSchema({}), "test"),
    )


def gated(gate: AnswerGate, intents: list[tuple[str, float]],
          topics: list[tuple[str, float]]) -> Message:
    """A message as the DIET classifier and the response selector leave it, through the gate."""
    ranking = [{"name": name, "confidence": confidence} for name, confidence in intents]
    selection = {"faq": {
        "response": {"intent_response_key": f"faq/{topics[0][0]}" if topics else None},
        "ranking": [{"intent_response_key": f"faq/{t}", "confidence": c} for t, c in topics],
    }}
    message = Message(data={"text": "a visitor's question", "intent": ranking[0],
                            "intent_ranking": ranking, "response_selector": selection})
    gate.process([message])
    return message


def test_a_confident_topic_is_answered(gate):
    message = gated(gate, [("faq", 0.99), ("greet", 0.01)], [("detox", 0.9), ("after_detox", 0.05)])

    assert message.get("intent")["name"] == "faq"
    assert message.get("answer")["answered"] is True
    assert message.get("answer")["topic"] == "detox"


def test_a_sure_question_that_no_topic_fits_falls_back_with_the_closest_topics(gate):
    # The usual shape of an uncovered question: the faq intent is sure, no topic is.
    topics = [("stigma", 0.2), ("advocacy", 0.15), ("prevention", 0.1), ("cbt", 0.05)]
    message = gated(gate, [("faq", 1.0), ("greet", 0.0)], topics)

    assert message.get("intent")["name"] == "nlu_fallback"
    assert message.get("answer")["answered"] is False
    assert message.get("answer")["closest"] == ("stigma", "advocacy", "prevention")


def test_tell_me_about_a_topic_is_answered_when_its_intents_add_up(gate):
    # "tell me about dbt": split between choose_topic and faq, both answer the topic.
    intents = [("choose_topic", 0.42), ("faq", 0.3), ("request_human", 0.2)]
    message = gated(gate, intents, [("dbt", 0.95), ("dual_diagnosis", 0.01)])

    assert message.get("intent")["name"] == "faq"
    assert message.get("answer")["topic"] == "dbt"


@pytest.mark.parametrize(
    ("runner_up_confidence", "offered"),
    [(0.35, "self_medication"), (0.1, None)],
    ids=["close runner-up is offered", "distant runner-up is not"],
)
def test_a_close_runner_up_travels_with_the_answer(gate, runner_up_confidence, offered):
    topics = [("anxiety", 0.6), ("self_medication", runner_up_confidence)]
    message = gated(gate, [("faq", 1.0), ("greet", 0.0)], topics)

    assert message.get("answer")["runner_up"] == offered


def test_a_confident_other_intent_is_left_alone(gate):
    message = gated(gate, [("greet", 0.95), ("faq", 0.03)], [("stigma", 0.2)])

    assert message.get("intent") == {"name": "greet", "confidence": 0.95}
    assert message.get("answer") is None


@pytest.mark.parametrize(
    "intents",
    [[("greet", 0.4), ("thank", 0.1)], [("greet", 0.5), ("thank", 0.45)]],
    ids=["low confidence", "two intents too close"],
)
def test_an_unsure_other_intent_falls_back_as_rasas_fallback_would(gate, intents):
    message = gated(gate, intents, [("stigma", 0.2)])

    assert message.get("intent")["name"] == "nlu_fallback"
    assert [e["name"] for e in message.get("intent_ranking")][1:] == [n for n, _ in intents]


def test_a_near_certain_topic_wins_over_an_intent_too_weak_to_act_on(gate):
    # "how do i get past the shame": the intents are split, the topic is not.
    intents = [("ask_admission", 0.49), ("faq", 0.3), ("uncovered_question", 0.15)]
    message = gated(gate, intents, [("stigma", 0.94), ("advocacy", 0.01)])

    assert message.get("intent")["name"] == "faq"
    assert message.get("answer")["topic"] == "stigma"


def test_a_confident_other_intent_keeps_its_place_even_against_a_sure_topic(gate):
    message = gated(gate, [("ask_visiting", 0.9), ("faq", 0.05)], [("family_support", 0.95)])

    assert message.get("intent")["name"] == "ask_visiting"


# The second judgment: does the topic's curated material cover what the question asks?

def _new_gate(storage, config=None) -> AnswerGate:
    return AnswerGate.create(
        {**AnswerGate.get_default_config(), "coverage_common_count": 3, **(config or {})},
        storage, Resource("answer_gate"), ExecutionContext(GraphSchema({}), "test"),
    )


@pytest.fixture(scope="module")
def trained_gate(tmp_path_factory, topic_training_data) -> AnswerGate:
    """A gate trained on tests/components/conftest.py's data, persisted and loaded back."""
    storage = LocalModelStorage(tmp_path_factory.mktemp("trained"))
    resource = _new_gate(storage).train(topic_training_data)
    config = {**AnswerGate.get_default_config(), "coverage_common_count": 3}
    return AnswerGate.load(config, storage, resource, ExecutionContext(GraphSchema({}), "test"))


def asked(gate: AnswerGate, text: str, topics: list[tuple[str, float]]) -> Message:
    """A sure faq question with the response selector's topics, through the gate."""
    message = gated(gate, [("faq", 1.0), ("greet", 0.0)], topics)
    message = Message(data={**message.data, "text": text})
    message.data.pop("answer", None)
    message.set("intent", {"name": "faq", "confidence": 1.0})
    message.set("intent_ranking", [{"name": "faq", "confidence": 1.0},
                                   {"name": "greet", "confidence": 0.0}])
    gate.process([message])
    return message


def test_the_trained_vocabulary_survives_persist_and_load(tmp_path, topic_training_data):
    storage = LocalModelStorage(tmp_path)
    trained = _new_gate(storage)
    resource = trained.train(topic_training_data)

    config = {**AnswerGate.get_default_config(), "coverage_common_count": 3}
    loaded = AnswerGate.load(config, storage, resource, ExecutionContext(GraphSchema({}), "test"))

    assert loaded.vocabulary == trained.vocabulary
    assert {"flashbacks", "frightening"} <= loaded.vocabulary.topics["ptsd"]


def test_a_gate_loaded_without_a_vocabulary_still_answers(tmp_path):
    storage = LocalModelStorage(tmp_path)
    gate = AnswerGate.load(AnswerGate.get_default_config(), storage, Resource("untrained"),
                           ExecutionContext(GraphSchema({}), "test"))

    message = asked(gate, "can ptsd come back after years of remission", [("ptsd", 0.9)])

    assert gate.vocabulary is None
    assert message.get("answer")["answered"] is True


def test_a_question_its_topic_covers_is_answered(trained_gate):
    message = asked(trained_gate, "what is ptsd, is it flashbacks", [("ptsd", 0.9)])

    assert message.get("intent")["name"] == "faq"
    assert message.get("answer")["uncovered"] == ()


def test_a_question_about_particulars_is_declined_with_the_topic_first(trained_gate):
    topics = [("ptsd", 0.9), ("bipolar", 0.05)]
    message = asked(trained_gate, "can ptsd come back after years of remission", topics)

    assert message.get("intent")["name"] == "nlu_fallback"
    assert message.get("answer")["answered"] is False
    assert message.get("answer")["closest"][0] == "ptsd"
    assert message.get("answer")["uncovered"] == ("come", "years", "remission")


def test_one_uncovered_word_is_not_enough_to_decline(trained_gate):
    message = asked(trained_gate, "what is ptsd remission", [("ptsd", 0.9)])

    assert message.get("intent")["name"] == "faq"


@pytest.mark.parametrize(
    ("confidence", "answered"), [(0.97, True), (0.9, False)],
    ids=["a topic surer than the override is answered", "a less sure one is not"],
)
def test_a_near_certain_topic_overrides_the_coverage_check(
    tmp_path, topic_training_data, confidence, answered
):
    gate = _new_gate(LocalModelStorage(tmp_path), {"coverage_override_confidence": 0.95})
    gate.train(topic_training_data)

    message = asked(gate, "can ptsd come back after years of remission", [("ptsd", confidence)])

    assert message.get("answer")["answered"] is answered


# The third judgment, with the real sentence encoder (components/answer_similarity.py).

UNCOVERED_QUESTIONS = ["can someone have bipolar disorder without ever being manic",
                       "what should i pack for a week at the beach"]


def _similarity_config(tmp_path) -> dict:
    questions = tmp_path / "uncovered-questions.txt"
    questions.write_text("\n".join(UNCOVERED_QUESTIONS) + "\n", encoding="utf-8")
    return {"sentence_encoder": str(ENCODER_FOLDER), "uncovered_questions": str(questions),
            "label_model_c": 30.0, "uncovered_likelihood_ratio": 1.0, "likelihood_weight": 1.0}


@pytest.fixture(scope="module")
def gate_with_neighbours(tmp_path_factory, topic_training_data) -> AnswerGate:
    folder = tmp_path_factory.mktemp("neighbours")
    config = _similarity_config(folder)
    storage = LocalModelStorage(tmp_path_factory.mktemp("model"))
    resource = _new_gate(storage, config).train(topic_training_data)
    return AnswerGate.load({**AnswerGate.get_default_config(), "coverage_common_count": 3,
                            **config}, storage, resource, ExecutionContext(GraphSchema({}), "t"))


def test_the_trained_neighbour_index_survives_persist_and_load(gate_with_neighbours):
    assert gate_with_neighbours.neighbours is not None
    assert "faq/ptsd" in gate_with_neighbours.neighbours.labels


def test_the_configured_label_model_is_trained_and_loaded_with_the_index(gate_with_neighbours):
    nearness = gate_with_neighbours.neighbours.nearness("what should i bring to the beach")

    assert gate_with_neighbours.neighbours.label_model is not None
    assert nearness.uncovered_likelihood > nearness.likelihood_of("faq/ptsd")


def test_a_question_like_an_uncovered_real_one_is_declined(gate_with_neighbours):
    message = asked(gate_with_neighbours, "is it possible to be bipolar but never manic?",
                    [("bipolar", 0.95)])

    assert message.get("intent")["name"] == "nlu_fallback"
    assert message.get("answer")["closest"][0] == "bipolar"
    assert message.get("answer")["uncovered_nearness"] > 0.7


def test_a_topic_question_near_its_examples_is_still_answered(gate_with_neighbours):
    message = asked(gate_with_neighbours, "what is ptsd", [("ptsd", 0.95)])

    assert message.get("intent")["name"] == "faq"
    assert message.get("answer")["topic"] == "ptsd"


def test_training_without_the_encoder_folder_says_how_to_make_it(tmp_path, topic_training_data):
    config = {**_similarity_config(tmp_path), "sentence_encoder": str(tmp_path / "missing")}
    gate = _new_gate(LocalModelStorage(tmp_path), config)

    with pytest.raises(FileNotFoundError, match="make train"):
        gate.train(topic_training_data)


def test_a_model_whose_encoder_folder_is_gone_still_answers_with_two_judgments(
        tmp_path, topic_training_data, caplog):
    config = {**AnswerGate.get_default_config(), "coverage_common_count": 3,
              **_similarity_config(tmp_path)}
    (tmp_path / "model").mkdir()
    storage = LocalModelStorage(tmp_path / "model")
    resource = AnswerGate.create(config, storage, Resource("answer_gate"),
                                 ExecutionContext(GraphSchema({}), "t")).train(topic_training_data)

    moved = {**config, "sentence_encoder": str(tmp_path / "gone")}
    gate = AnswerGate.load(moved, storage, resource, ExecutionContext(GraphSchema({}), "t"))

    assert gate.neighbours is None and gate.vocabulary is not None
    assert "third judgment is off" in caplog.text
    assert asked(gate, "what is ptsd", [("ptsd", 0.95)]).get("intent")["name"] == "faq"


def test_the_training_cache_tells_one_set_of_uncovered_questions_from_another(tmp_path):
    config = {**AnswerGate.get_default_config(), **_similarity_config(tmp_path)}
    before = AnswerGate.fingerprint_addon(config)

    Path(config["uncovered_questions"]).write_text("a question nothing covers\n")

    assert AnswerGate.fingerprint_addon(config) != before


def test_the_training_cache_key_is_the_same_for_the_same_inputs(tmp_path):
    config = {**AnswerGate.get_default_config(), **_similarity_config(tmp_path)}

    assert AnswerGate.fingerprint_addon(config) == AnswerGate.fingerprint_addon(dict(config))
