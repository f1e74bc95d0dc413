"""What every console handler shares: the configuration, the database, the templates."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy.engine import Connection, Engine, make_url
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from web.console.config import ConsoleConfig
from web.conversations.database import create_db_engine, migrate
from web.conversations.index import refresh_step

T = TypeVar("T")


class ConsoleState:
    """The database is migrated on the first staff request, not at import or app build:
    the gateway may start before Rasa has created the tracker store's file."""

    def __init__(self, config: ConsoleConfig) -> None:
        self.config = config
        self.engine: Engine = create_db_engine(config.database_url)
        self._ready = False
        self._lock = threading.Lock()

    def _ensure_ready(self) -> None:
        with self._lock:
            if not self._ready:
                migrate(self.engine)
                self._ready = True

    def _refresh(self) -> None:
        with self._lock:
            done = False
            while not done:
                with self.engine.begin() as connection:
                    _, done = refresh_step(connection, notify=self.config.webhook.configured)

    def _transaction(self, work: Callable[[Connection], T], refresh: bool) -> T:
        self._ensure_ready()
        if refresh:
            self._refresh()
        with self.engine.begin() as connection:
            return work(connection)

    def store_exists(self) -> bool:
        """False for an SQLite store Rasa has not created yet: connecting would create it."""
        url = make_url(self.config.database_url)
        return url.get_backend_name() != "sqlite" or Path(url.database or "").exists()

    def refresh_now(self) -> None:
        """Bring the index, the call-back list and the outbox up to date (the gateway's
        background task calls this every few seconds, off the event loop). A store Rasa
        has not created yet is left alone."""
        if not self.store_exists():
            return
        self._ensure_ready()
        self._refresh()

    async def run(self, work: Callable[[Connection], T], *, refresh: bool = False) -> T:
        """Run `work` in one transaction off the event loop; `refresh` first brings the
        conversation index up to date, in short steps, one refresh at a time."""
        return await run_in_threadpool(self._transaction, work, refresh)


def console_state(request: Request) -> ConsoleState:
    return request.app.state.console
