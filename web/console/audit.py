"""The audit log: who viewed, exported, tagged or purged what, and when."""

from __future__ import annotations

import time
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from web.conversations.tables import audit_log

ACTIONS = ("login", "login_failed", "logout", "view", "export", "tag", "untag", "note",
           "review", "purge", "inbox_pick", "account", "handoff_claim", "handoff_reply",
           "handoff_end", "callback")


@dataclass(frozen=True)
class AuditEntry:
    at: float
    actor: str
    action: str
    target: str


def record(connection: Connection, actor: str, action: str, target: str = "") -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    connection.execute(audit_log.insert().values(
        at=time.time(), actor=actor, action=action, target=target[:2000]
    ))


def recent(connection: Connection, limit: int = 200) -> list[AuditEntry]:
    query = sa.select(audit_log.c.at, audit_log.c.actor, audit_log.c.action, audit_log.c.target)
    rows = connection.execute(query.order_by(audit_log.c.id.desc()).limit(limit))
    return [AuditEntry(*row) for row in rows]
