"""What a visitor asked, so a check-in never swallows the question.

When the risk check turns a message into a check-in, what the model read stays in the
parse data: the intents it ranked sit below the risk intent, and the response
selector's pick stays under `response_selector.faq`. A worried visitor who also asked
a topic question ("I've been feeling low, is my anxiety linked to my weed use?") gets
that curated answer in the same turn, before the check-in.
"""

from __future__ import annotations

import re
from typing import Any

from actions.topics import FAQ_INTENT

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
SURE_TOPIC_THRESHOLD = 0.9

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
