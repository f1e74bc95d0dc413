"""Call-back requests: read from the tracker store into the console's list, and their status.

The action server keeps each submitted request as one `callback_request` slot event
(actions/callback.py); the tracker store stays the source of truth. The index refresh
hands each window of new events here, so every request becomes one row, once: its
`request_id` is unique, so a slot re-set later (a new session) adds nothing.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from web.conversations.tables import callbacks, events

REQUEST_SLOT = "callback_request"
STATUSES = ("new", "contacted", "closed")


class CallbackError(ValueError):
    """A status change that cannot be made as asked."""


@dataclass(frozen=True)
class Callback:
    id: int
    sender_id: str
    name: str
    contact: str
    contact_kind: str
    best_time: str
    requested_at: float
    status: str
    status_changed_by: str | None
    status_changed_at: float | None


@dataclass(frozen=True)
class NewRequest:
    """A request just read from the tracker store (what the notice about it may say)."""

    request_id: str
    sender_id: str
    contact_kind: str


def _requested_at(value: Any, fallback: float) -> float:
    try:
        return datetime.fromisoformat(str(value)).timestamp()
    except ValueError:
        return fallback


def _row(event_id: int, sender_id: str, timestamp: float, record: dict) -> dict[str, Any]:
    return {
        "request_id": str(record["id"])[:64],
        "sender_id": sender_id,
        "event_id": event_id,
        "name": str(record.get("name") or "")[:64],
        "contact": str(record.get("contact") or "")[:255],
        "contact_kind": str(record.get("contact_kind") or "phone")[:16],
        "best_time": str(record.get("best_time") or "")[:255],
        "requested_at": _requested_at(record.get("requested_at"), timestamp),
        "status": "new",
    }


def record_requests(connection: Connection, after_id: int, upto_id: int) -> list[NewRequest]:
    """Add a row for each request stored in events (after_id, upto_id]; returns the new ones."""
    query = sa.select(events.c.id, events.c.sender_id, events.c.timestamp, events.c.data).where(
        events.c.id > after_id, events.c.id <= upto_id,
        events.c.type_name == "slot", events.c.action_name == REQUEST_SLOT,
    ).order_by(events.c.id)
    rows = []
    for event_id, sender_id, timestamp, data in connection.execute(query):
        try:
            record = json.loads(data or "{}").get("value")
        except ValueError:
            continue
        if isinstance(record, dict) and record.get("id"):
            rows.append(_row(event_id, sender_id, timestamp or time.time(), record))
    if not rows:
        return []
    known = set(connection.execute(
        sa.select(callbacks.c.request_id).where(
            callbacks.c.request_id.in_([row["request_id"] for row in rows]))
    ).scalars())
    fresh = list({row["request_id"]: row for row in rows if row["request_id"] not in known}
                 .values())
    if fresh:
        connection.execute(callbacks.insert(), fresh)
    return [NewRequest(r["request_id"], r["sender_id"], r["contact_kind"]) for r in fresh]


def list_callbacks(connection: Connection, status: str | None = None) -> list[Callback]:
    """Requests, the open ones first (new, then contacted), oldest first within each."""
    if status is not None and status not in STATUSES:
        raise CallbackError(f"Unknown status {status!r}; use one of {', '.join(STATUSES)}.")
    order = sa.case({name: rank for rank, name in enumerate(STATUSES)}, value=callbacks.c.status)
    query = sa.select(*[callbacks.c[field] for field in Callback.__dataclass_fields__])
    if status is not None:
        query = query.where(callbacks.c.status == status)
    rows = connection.execute(query.order_by(order, callbacks.c.requested_at, callbacks.c.id))
    return [Callback(*row) for row in rows]


def status_counts(connection: Connection) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    query = sa.select(callbacks.c.status, sa.func.count()).group_by(callbacks.c.status)
    counts.update({status: count for status, count in connection.execute(query)})
    return counts


def set_status(connection: Connection, callback_id: int, status: str, staff: str) -> Callback:
    """Move a request to `status` (any of the three: a closed one may be reopened)."""
    if status not in STATUSES:
        raise CallbackError(f"Unknown status {status!r}; use one of {', '.join(STATUSES)}.")
    changed = connection.execute(
        callbacks.update().where(callbacks.c.id == callback_id).values(
            status=status, status_changed_by=staff, status_changed_at=time.time())
    ).rowcount
    if not changed:
        raise CallbackError("There is no call-back request with that id.")
    return find_callback(connection, callback_id)


def find_callback(connection: Connection, callback_id: int) -> Callback:
    query = sa.select(*[callbacks.c[field] for field in Callback.__dataclass_fields__])
    row = connection.execute(query.where(callbacks.c.id == callback_id)).first()
    if row is None:
        raise CallbackError("There is no call-back request with that id.")
    return Callback(*row)
