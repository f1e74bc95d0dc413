"""The live stacks the tests run against, and how they start without holding the run up.

Each Rasa process takes 30-60 s to load the model, mostly on one core, while the tests
(one process, one thread) leave the other core idle. So tests/conftest.py starts the
stacks a run needs in the background at its first test (`StartingStack`), and a test that
needs one waits only for what is left of its start.

The live stack reads its center file at each use (the action server asks it whether
someone is on duty, and whether call-back requests are taken, per question), so one
stack serves the tests of every center: `LiveCenter` changes the file for one test and
puts it back.
"""

from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from sqlalchemy.engine import URL

from harbor.center import CENTER_FILE
from harbor.settings import Settings
from harbor.stack import (
    Stack,
    action_server,
    free_consecutive_ports,
    free_port,
    gateway,
    rasa_servers,
)
from tests.postgres import tracker_store_settings
from web.conversations.database import create_db_engine, migrate, sqlite_url

# Every test visitor shares 127.0.0.1; the limits have tests of their own.
UNLIMITED = {"rate_limit_per_address": "100000/minute",
             "rate_limit_per_conversation": "100000/minute"}


class StartingStack:
    """A stack started in a thread of its own; `ready()` waits for it and returns it.

    `after`: another starting stack to wait for first, so the stack needed soonest gets
    the idle core to itself.
    """

    def __init__(self, stack: Stack, after: StartingStack | None = None) -> None:
        self.stack = stack
        self._after = after
        self._error: BaseException | None = None
        self._cancelled = threading.Event()
        self._thread = threading.Thread(target=self._start, name="starting-stack", daemon=True)
        self._thread.start()

    def _start(self) -> None:
        while self._after is not None and self._after._thread.is_alive():
            if self._cancelled.wait(0.5):
                return
        if self._cancelled.is_set():
            return
        try:
            self.stack.__enter__()  # stops what it started when a process fails
        except BaseException as error:  # noqa: BLE001 (raised again in the test's thread)
            self._error = error

    def ready(self) -> Stack:
        self._thread.join()
        if self._error is not None:
            raise self._error
        if self._cancelled.is_set():
            raise RuntimeError("the stack was stopped before it started")
        return self.stack

    def stop(self) -> None:
        """Stop it, even halfway through starting (after Ctrl-C, or a failed run)."""
        self._cancelled.set()
        self.stack.stop()  # a stack still starting sees its processes end, and gives up
        self._thread.join()
        self.stack.stop()


def one_stage(settings: Settings) -> list[list]:
    """Every process started at once: none needs another to start, and Stack waits for
    all of them before the tests begin."""
    return [[action_server(settings), *rasa_servers(settings), gateway(settings)]]


# --- the live stack: SQLite, one Rasa, never staffed -----------------------------------

def live_stack(work: Path, model_path: Path) -> Stack:
    """Rasa, the action server and the gateway as `make run` starts them, on free ports.

    Rasa's HTTP API is on, as `make run` has it for live hand-offs, behind a token made
    for this run. No webhook: a call-back request is seen in the console's list only.
    The console's tables are made before the processes start, as a deployment migrates
    once, so a test adding a staff account never races the gateway's own migration.
    """
    settings = Settings(
        rasa_port=free_port(),
        actions_port=free_port(),
        gateway_port=free_port(),
        secret_key="integration-test-secret",
        rasa_api_enabled=True,
        rasa_api_token=secrets.token_urlsafe(32),
        model_path=model_path,
        tracker_db_path=work / "tracker.db",
        **UNLIMITED,
    )
    stack = Stack(settings, one_stage(settings), log_dir=work)
    stack.env["HARBOR_CENTER_FILE"] = str(LiveCenter.write(work / "center.yml"))
    for name in ("HARBOR_WEBHOOK_URL", "HARBOR_WEBHOOK_SECRET"):
        stack.env.pop(name, None)
    engine = create_db_engine(sqlite_url(settings.tracker_db_path))
    migrate(engine)
    engine.dispose()
    return stack


class LiveCenter:
    """The live stack's center file: center.yml, never staffed, so no test depends on
    the clock; `handoff(...)` changes its `handoff:` section for the length of a test."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @staticmethod
    def write(path: Path, **handoff: Any) -> Path:
        center = yaml.safe_load(CENTER_FILE.read_text())
        center["handoff"].update({"staffed_hours": None, **handoff})
        _replace(path, yaml.safe_dump(center))
        return path

    @contextmanager
    def handoff(self, **changes: Any) -> Iterator[None]:
        """e.g. `staffed_hours={"monday": "00:00-24:00", ...}` or
        `take_callback_requests=False`; the file is put back afterwards."""
        before = self.path.read_text()
        self.write(self.path, **changes)
        try:
            yield
        finally:
            _replace(self.path, before)


def _replace(path: Path, text: str) -> None:
    """Write in one step: the processes may read the file at any moment."""
    part = path.with_name(f".{path.name}.part")
    part.write_text(text)
    os.replace(part, path)


# --- the replicated stack: two Rasa on PostgreSQL and Redis ----------------------------

def replicated_stack(work: Path, model_path: Path, tracker_database: URL, redis_url: str,
                     lock_prefix: str) -> Stack:
    """`make run` with HARBOR_RASA_REPLICAS=2: the action server, two Rasa replicas
    sharing a PostgreSQL tracker store and a Redis lock store, and the gateway."""
    redis_address = urlsplit(redis_url)
    settings = Settings(
        rasa_port=free_consecutive_ports(2),
        rasa_replicas=2,
        actions_port=free_port(),
        gateway_port=free_port(),
        secret_key="replica-test-secret",
        model_path=model_path,
        **tracker_store_settings(tracker_database),
        lock_store="redis",
        lock_redis_host=redis_address.hostname or "127.0.0.1",
        lock_redis_port=redis_address.port or 6379,
        lock_redis_db=int(redis_address.path.strip("/") or 0),
        lock_redis_password=redis_address.password or "",
        lock_key_prefix=lock_prefix,
        **UNLIMITED,
    )
    return Stack(settings, one_stage(settings), log_dir=work)
