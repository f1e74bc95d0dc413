"""The notices a window of new events calls for: a call-back request, a crisis escalation.

Each comes with the key that makes it enqueue once (web/conversations/outbox.py). A notice
carries only what a person needs to act, never the visitor's words or contact details.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from web.conversations.callbacks import NewRequest
from web.conversations.tables import events
from web.conversations.transcripts import ESCALATION_SLOT
from web.notifications import Notice

KeyedNotice = tuple[str, Notice]


def callback_notices(requests: list[NewRequest]) -> list[KeyedNotice]:
    return [
        (f"callback_requested:{r.request_id}",
         Notice("callback_requested", r.sender_id, {"contact_kind": r.contact_kind}))
        for r in requests
    ]


def escalation_notices(connection: Connection, after_id: int, upto_id: int) -> list[KeyedNotice]:
    """One per escalation record stored in events (after_id, upto_id]."""
    query = sa.select(events.c.id, events.c.sender_id, events.c.data).where(
        events.c.id > after_id, events.c.id <= upto_id,
        events.c.type_name == "slot", events.c.action_name == ESCALATION_SLOT,
    ).order_by(events.c.id)
    keyed = []
    for event_id, sender_id, data in connection.execute(query):
        try:
            record = json.loads(data or "{}").get("value")
        except ValueError:
            continue
        if not isinstance(record, dict):
            continue  # the slot reset, not an escalation
        # The message id, not the event id: a record re-set later is the same escalation.
        about = record.get("message_id") or f"event-{event_id}"
        details = {name: str(record[name]) for name in ("level", "category", "subject")
                   if record.get(name)}
        keyed.append((f"crisis_escalation:{sender_id}:{about}",
                      Notice("crisis_escalation", sender_id, details)))
    return keyed
