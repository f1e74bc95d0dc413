"""One conversation's events, read from Rasa's table, as the messages a person reads."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from web.conversations.database import has_tracker_store
from web.conversations.tables import events

# Below this, a visitor message counts as low confidence (the FallbackClassifier's own
# threshold in config.yml is 0.55; messages just above it are still worth a look).
LOW_CONFIDENCE = 0.7
FALLBACK_INTENT = "nlu_fallback"
FALLBACK_ACTIONS = frozenset({"action_clarify", "action_default_fallback"})
HANDOFF_INTENT = "request_human"
CALLBACK_INTENT = "request_callback"
# Answers the call-back form took: a name or a phone number, not a question to classify.
FORM_SLOTS = frozenset({"callback_name", "callback_contact", "callback_time", "callback_consent"})
ESCALATION_SLOT = "escalation"
# The self-screeners' results, kept by the action server (actions/screeners.py).
SCREENER_RESULTS_SLOT = "screener_results"
# A new session re-sets the slots it carries over; those are not new escalations.
SESSION_START_ACTION = "action_session_start"


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Message:
    """A visitor or bot message; intent, topic, confidence and risk are the visitor's."""

    event_id: int
    speaker: str  # "visitor", "bot", or "staff" (a team member during a live hand-off)
    text: str
    timestamp: float
    intent: str | None = None
    topic: str | None = None
    confidence: float | None = None
    runner_up: str | None = None
    guessed_topic: str | None = None  # the answer gate's closest topic, answered or not
    risk_level: str | None = None
    risk_categories: tuple[str, ...] = ()
    buttons: tuple[Button, ...] = ()
    form_answer: bool = False  # the call-back form took it as a slot value
    staff: str | None = None  # the username of the team member who wrote it

    @property
    def is_fallback(self) -> bool:
        return self.intent == FALLBACK_INTENT and not self.form_answer

    @property
    def is_low_confidence(self) -> bool:
        low = self.confidence is not None and self.confidence < LOW_CONFIDENCE
        return low and not self.form_answer

    @property
    def predicted_intent(self) -> str | None:
        """What the model guessed: behind a fallback, the best intent of the ranking.

        A topic question the answer gate held back is shown with the topic the response
        selector guessed ("faq/detox"), which is what a trainer confirms or corrects.
        """
        if self.is_fallback:
            if self.runner_up == "faq" and self.guessed_topic:
                return f"faq/{self.guessed_topic}"
            return self.runner_up
        return self.topic_intent or self.intent

    @property
    def topic_intent(self) -> str | None:
        return f"faq/{self.topic}" if self.intent == "faq" and self.topic else None


@dataclass
class Transcript:
    sender_id: str
    messages: list[Message] = field(default_factory=list)
    slots: dict[str, Any] = field(default_factory=dict)
    actions: list[str] = field(default_factory=list)
    escalations: list[tuple[str, str]] = field(default_factory=list)  # (level, category)
    # The actions' structured records (slot `escalation`): who it was about, what saw it.
    escalation_records: list[dict[str, Any]] = field(default_factory=list)

    @property
    def screener_results(self) -> list[dict[str, Any]]:
        """Each finished self-screen's record (instrument, score, band, cut-off), oldest
        first; the slot holds them all."""
        results = self.slots.get(SCREENER_RESULTS_SLOT) or []
        return [r for r in results if isinstance(r, dict)] if isinstance(results, list) else []

    @property
    def visitor_messages(self) -> list[Message]:
        return [m for m in self.messages if m.speaker == "visitor"]

    @property
    def started_at(self) -> float:
        return self.messages[0].timestamp if self.messages else 0.0


@dataclass(frozen=True)
class EventRow:
    id: int
    sender_id: str
    type_name: str
    timestamp: float
    action_name: str | None
    data: str


def _topic(parse_data: dict) -> str | None:
    intent = parse_data.get("intent") or {}
    full = intent.get("full_retrieval_intent_name")
    if full and "/" in full:
        return full.split("/", 1)[1]
    if intent.get("name") == "choose_topic":
        for entity in parse_data.get("entities") or []:
            if entity.get("entity") == "topic":
                return str(entity.get("value"))
    return None


def _runner_up(parse_data: dict) -> str | None:
    for ranked in parse_data.get("intent_ranking") or []:
        if ranked.get("name") != FALLBACK_INTENT:
            return ranked.get("name")
    return None


def visitor_message(row: EventRow, data: dict) -> Message:
    parse_data = data.get("parse_data") or {}
    intent = parse_data.get("intent") or {}
    risk = parse_data.get("risk") or {}
    level = risk.get("level")
    return Message(
        event_id=row.id,
        speaker="visitor",
        text=data.get("text") or "",
        timestamp=row.timestamp,
        intent=intent.get("name"),
        topic=_topic(parse_data),
        confidence=intent.get("confidence"),
        runner_up=_runner_up(parse_data),
        guessed_topic=(parse_data.get("answer") or {}).get("topic"),
        risk_level=level if level and level != "none" else None,
        risk_categories=tuple(risk.get("categories") or ()) if level not in (None, "none") else (),
    )


def bot_message(row: EventRow, data: dict) -> Message:
    buttons = (data.get("data") or {}).get("buttons") or []
    # A team member's reply reaches the tracker as a bot event naming them (web/handoff).
    metadata = data.get("metadata") or {}
    staff = metadata.get("staff") if metadata.get("handoff") == "staff" else None
    return Message(
        event_id=row.id,
        speaker="staff" if staff else "bot",
        staff=staff,
        text=data.get("text") or "",
        timestamp=row.timestamp,
        buttons=tuple(Button(str(b.get("title", "")), str(b.get("payload", ""))) for b in buttons),
    )


def _mark_form_answer(transcript: Transcript) -> None:
    last = transcript.messages[-1] if transcript.messages else None
    if last is not None and last.speaker == "visitor" and not last.form_answer:
        transcript.messages[-1] = replace(last, form_answer=True, topic=None)


def _apply_slot(transcript: Transcript, name: str, value: Any) -> None:
    transcript.slots[name] = value
    if transcript.actions[-1:] == [SESSION_START_ACTION]:
        return  # carried over into a new session: nothing new happened
    if name in FORM_SLOTS:
        _mark_form_answer(transcript)
    elif name == ESCALATION_SLOT and isinstance(value, dict):
        transcript.escalation_records.append(value)
    elif name == "risk_category" and value:
        level = transcript.slots.get("risk_level") or "concern"
        transcript.escalations.append((str(level), str(value)))


def build_transcript(sender_id: str, rows: Iterable[EventRow]) -> Transcript:
    """Fold a conversation's events, oldest first, into its transcript."""
    transcript = Transcript(sender_id)
    for row in rows:
        try:
            data = json.loads(row.data or "{}")
        except ValueError:
            continue  # one unreadable event must not hide the rest of the conversation
        if row.type_name == "user":
            transcript.messages.append(visitor_message(row, data))
        elif row.type_name == "bot":
            message = bot_message(row, data)
            # A custom payload for the gateway (a hand-off request) is nothing to read.
            if message.text or message.buttons:
                transcript.messages.append(message)
        elif row.type_name == "action" and row.action_name:
            transcript.actions.append(row.action_name)
        elif row.type_name == "slot" and data.get("name"):
            _apply_slot(transcript, data["name"], data.get("value"))
    return transcript


def event_rows_query(sender_ids: Iterable[str] | None = None) -> sa.Select:
    query = sa.select(
        events.c.id, events.c.sender_id, events.c.type_name, events.c.timestamp,
        events.c.action_name, events.c.data,
    ).where(events.c.type_name.in_(("user", "bot", "action", "slot")))
    if sender_ids is not None:
        query = query.where(events.c.sender_id.in_(list(sender_ids)))
    return query.order_by(events.c.sender_id, events.c.id)


def read_transcript(connection: Connection, sender_id: str) -> Transcript | None:
    """The conversation `sender_id`, or None when the tracker store has no such one."""
    if not has_tracker_store(connection):
        return None
    rows = [EventRow(*row) for row in connection.execute(event_rows_query([sender_id]))]
    if not rows:
        return None
    return build_transcript(sender_id, rows)


def read_transcripts(connection: Connection, sender_ids: list[str]) -> list[Transcript]:
    """Several conversations in one query, in the order of `sender_ids`."""
    if not sender_ids or not has_tracker_store(connection):
        return []
    grouped: dict[str, list[EventRow]] = {sender_id: [] for sender_id in sender_ids}
    for row in connection.execute(event_rows_query(sender_ids)):
        grouped[row.sender_id].append(EventRow(*row))
    return [build_transcript(s, rows) for s, rows in grouped.items() if rows]
