"""A small training set for the answer gate's topic vocabulary: two topics, two intents."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

TOPIC_EXAMPLES = {
    "ptsd": ["what is ptsd", "can trauma cause flashbacks and nightmares"],
    "bipolar": ["what is bipolar disorder", "mood swings between mania and depression"],
}
TOPIC_ANSWERS = {
    "ptsd": "Post-traumatic stress can follow a frightening event. {center_contact}",
    "bipolar": "Bipolar disorder brings shifts in mood and energy.",
}
# Each common word sits in every document, so it is common at any count up to five.
OTHER_EXAMPLES = {
    "greet": ["hello, is it possible to talk", "hi there"],
    "thank": ["thanks, that is possible"],
    "ask_admission": ["is it possible to start treatment this week"],
}


@pytest.fixture(scope="session")
def topic_training_data() -> TrainingData:
    examples = [
        Message(data={"text": text, "intent": "faq", "intent_response_key": f"faq/{topic}"})
        for topic, texts in TOPIC_EXAMPLES.items() for text in texts
    ]
    examples += [Message(data={"text": text, "intent": intent})
                 for intent, texts in OTHER_EXAMPLES.items() for text in texts]
    responses = {f"utter_faq/{topic}": [{"text": text}] for topic, text in TOPIC_ANSWERS.items()}
    return TrainingData(training_examples=examples, responses=responses)
