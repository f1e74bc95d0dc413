"""What a visitor asked with a worry, and its answer, so a check-in never swallows it.

When the risk check turns a message into a check-in, what the model read stays in the
parse data: the intents it ranked sit below the risk intent, and the response
selector's pick stays under `response_selector.faq`. A worried visitor who also asked
a topic question ("I've been feeling low, is my anxiety linked to my weed use?") gets
that curated answer in the same turn, before the check-in; a question with a medical
worry gets the danger signs and when to call emergency services.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions.topics import (
    FAQ_INTENT,
    FAQ_RESPONSE_PREFIX,
    choose_topic_button,
    likely_topics,
    topic_keys,
    topic_titles,
)
from safety.replies import (
    REQUEST_HUMAN,
    CrisisReply,
    overdose_information,
    withdrawal_information,
)

# An ordinary question is answered when the `faq` intent reaches the fallback
# threshold in config.yml (FallbackClassifier, 0.55); a question that came with a
# worry must be at least as clear.
FAQ_INTENT_THRESHOLD = 0.55
# And the response selector must be fairly sure of the topic: a wrong answer before a
# check-in costs more than no answer, since the visitor may be struggling.
TOPIC_THRESHOLD = 0.45
# The worry can pull DIET's whole confidence to the risk intent ("i feel like a burden,
# is recovery possible?": faq 0.006, the selector 0.92 on recovery_possible); a
# selector this sure of a topic is trusted on its own when the message is a question.
# Calibrated on the concern-level questions of tests/safety/eval_set.yml and 20
# worries with a topic question: every pick at 0.6 or above was the asked topic; below
# it came wrong ones (0.57 support_groups for a grief group, 0.40 risk_factors for
# overdose signs), and lowering TOPIC_THRESHOLD to 0.3 let one wrong answer through.
SURE_TOPIC_THRESHOLD = 0.6
# A question not clear enough to answer gets this many likely topics after the check-in.
OFFERED_TOPIC_COUNT = 3

# A question asked with a medical worry gets these facts (danger signs, when to call
# emergency services) before the check-in, whatever topic the response selector guessed.
MEDICAL_INFORMATION = {
    "overdose": overdose_information,
    "medical_emergency": withdrawal_information,
}
# The intent of a plain question about overdose; the model may still have read one
# under a worry of another kind ("i feel hopeless, what does an overdose look like?").
OVERDOSE_INFO_INTENT = "overdose_info"

# Words a question (or a request for information) opens with, after any filler.
_QUESTION_OPENERS = frozenset({
    "what", "whats", "what's", "how", "hows", "how's", "why", "when", "where", "who",
    "which", "whether", "is", "isn't", "are", "aren't", "am", "was", "were", "do", "does",
    "doesn't", "don't", "did", "can", "can't", "could", "should", "would", "will", "won't",
    "may", "might", "has", "have",
})
_REQUEST_OPENERS = ("tell me", "i wonder", "i want to know", "i'd like to know", "explain")
_FILLER = frozenset({
    "and", "but", "so", "also", "just", "ok", "okay", "well", "like", "honestly", "um", "hey",
    "hi", "please", "quick", "question", "then",
})
_CLAUSE_BREAK = re.compile(r"[.!;,:\n]+|\s+(?:and|but|so)\s+")


def asks_question(text: str) -> bool:
    """Does the message ask something: a question mark, or a clause that opens like a question?"""
    if "?" in text:
        return True
    plain = text.lower().replace("\u2019", "'")
    return any(_opens_a_question(clause) for clause in _CLAUSE_BREAK.split(plain))


def _opens_a_question(clause: str) -> bool:
    words = re.findall(r"[a-z']+", clause)
    while words and words[0] in _FILLER:
        words = words[1:]
    if len(words) < 2:
        return False
    opening = " ".join(words)
    return words[0] in _QUESTION_OPENERS or opening.startswith(_REQUEST_OPENERS)


def intent_confidence(parse_data: dict[str, Any], intent: str) -> float:
    """The model's confidence in an intent, wherever it stands in the ranking."""
    ranking = parse_data.get("intent_ranking") or [parse_data.get("intent") or {}]
    return max(
        (entry.get("confidence") or 0.0 for entry in ranking if entry.get("name") == intent),
        default=0.0,
    )


def confident_topic(parse_data: dict[str, Any]) -> str | None:
    """The topic the response selector picked, if the message clearly asked about one."""
    response = ((parse_data.get("response_selector") or {}).get(FAQ_INTENT) or {}).get(
        "response"
    ) or {}
    key = response.get("intent_response_key") or ""
    topic_confidence = response.get("confidence") or 0.0
    sure = topic_confidence >= SURE_TOPIC_THRESHOLD or (
        topic_confidence >= TOPIC_THRESHOLD
        and intent_confidence(parse_data, FAQ_INTENT) >= FAQ_INTENT_THRESHOLD
    )
    return key.split("/", 1)[1] if sure and "/" in key else None


def answer_to(
    parse_data: dict[str, Any], domain: dict[str, Any], category: str | None
) -> CrisisReply | str | None:
    """The answer to a question asked with a worry: medical facts, or a curated answer's
    response name; None when the message asks nothing or nothing clearly answers it."""
    if not asks_question(parse_data.get("text") or ""):
        return None
    information = MEDICAL_INFORMATION.get(category or "")
    if information is None and intent_confidence(parse_data, OVERDOSE_INFO_INTENT) >= (
        FAQ_INTENT_THRESHOLD
    ):
        information = overdose_information
    if information is not None:
        return information()
    topic = confident_topic(parse_data)
    return FAQ_RESPONSE_PREFIX + topic if topic in topic_keys(domain) else None


def answer_the_question(
    dispatcher: CollectingDispatcher,
    parse_data: dict[str, Any],
    domain: dict[str, Any],
    category: str | None,
) -> bool:
    """Sends the answer to a question asked together with a worry, so it is not lost.

    Returns whether there was an answer to send.
    """
    answer = answer_to(parse_data, domain, category)
    if isinstance(answer, CrisisReply):
        dispatcher.utter_message(**answer.as_message())
    elif answer:
        dispatcher.utter_message(response=answer)
    return answer is not None


def offer_topics_for_the_question(
    dispatcher: CollectingDispatcher, parse_data: dict[str, Any], domain: dict[str, Any]
) -> None:
    """After the check-in, offers the likely topics of a question that was not answered."""
    category = (parse_data.get("risk") or {}).get("category")
    asked = asks_question(parse_data.get("text") or "")
    if not asked or answer_to(parse_data, domain, category) is not None:
        return
    titles = topic_titles(domain)
    topics = [t for t in likely_topics(parse_data, OFFERED_TOPIC_COUNT) if t in titles]
    if not topics:
        return
    dispatcher.utter_message(
        text="You asked a question too. Did you mean one of these?",
        buttons=[*(choose_topic_button(t, titles[t]) for t in topics), REQUEST_HUMAN],
    )
