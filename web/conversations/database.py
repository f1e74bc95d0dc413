"""Connecting to the tracker store's database and bringing the console's tables up to date.

The console keeps its tables in the same database as Rasa's `events` (SQLite by
default, PostgreSQL when configured), so that a filter on tags or review status is
one query and a purge is one transaction.
"""

from __future__ import annotations

import threading
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection, Engine

from web.conversations.tables import events

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
VERSION_TABLE = "console_alembic_version"
# Alembic's `context` is one module-wide object, and two threads migrating one database
# would also wait on each other's table locks: one migration at a time per process.
_MIGRATING = threading.Lock()


def has_tracker_store(connection: Connection) -> bool:
    """False until Rasa has created its `events` table (before its first start)."""
    return sa.inspect(connection).has_table(events.name)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def create_db_engine(url: str) -> Engine:
    """An engine for `url`; SQLite waits for Rasa's writes instead of failing at once."""
    if url.startswith("sqlite"):
        return sa.create_engine(url, future=True, connect_args={"timeout": 30})
    return sa.create_engine(url, future=True, pool_pre_ping=True)


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def migrate(engine: Engine) -> None:
    """Apply every migration not yet applied (idempotent; safe on each start)."""
    config = alembic_config()
    with _MIGRATING, engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
