"""Each crisis escalation as a structured record staff can find and filter.

The record is a SlotSet of the `escalation` slot, so the tracker store keeps one row per
escalation (type_name "slot", action_name "escalation", the record as JSON in data),
beside the conversation it belongs to: no second store to keep in step. Levels and
categories are the risk component's own values, copied, not respelled.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

ESCALATION_SLOT = "escalation"
# The escalation answered a check-in ("yes") rather than a message with a risk verdict.
CHECK_IN_ANSWER = "check_in_answer"


def escalation_record(tracker: Tracker, level: str, category: str | None) -> SlotSet:
    """The record of an escalation at `level` for the latest message."""
    risk: dict[str, Any] = tracker.latest_message.get("risk") or {}
    record = {
        "level": level,
        "category": category,
        "subject": risk.get("subject", "self"),
        "source": risk.get("source") or CHECK_IN_ANSWER,
        "detector_level": risk.get("detector_level"),
        "model_level": risk.get("model_level"),
        "message_id": tracker.latest_message.get("message_id"),
    }
    return SlotSet(ESCALATION_SLOT, record)
