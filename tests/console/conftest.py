"""Fixtures for the staff console: real conversations in real tracker stores.

`recorded_conversations` has visitors talk to the running assistant (the `live_stack`
of tests/conftest.py, SQLite tracker store). `tracker_db` then gives each test its own
copy of that store: SQLite (a copied file) or PostgreSQL (a database cloned from one
that Rasa's own SQLTrackerStore filled with the same conversations). The PostgreSQL
server is tests/postgres.py's: when none answers, the tests fail.
"""

from __future__ import annotations

import asyncio
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import URL, Engine
from starlette.testclient import TestClient

from harbor.settings import PROJECT_ROOT, Settings
from harbor.stack import Stack
from tests.console.staff_client import StaffClient
from tests.postgres import throwaway_database
from tests.web.conftest import browser, page  # noqa: F401  (the browser test's fixtures)
from web.app import create_app
from web.console.accounts import create_account
from web.conversations.database import create_db_engine, migrate, sqlite_url

PASSWORD = "a long test password"

# What each kind of visitor says, in order. Keys name the conversations in the tests.
VISITS: dict[str, list[str]] = {
    "crisis": ["hi", "I want to kill myself"],
    "overdose": ["my friend took too many pills and won't wake up"],
    "callback": ["can someone call me back", "Jane", "555-123-4567", "evening", "/affirm"],
    "person": ["can I talk to a real person"],
    "faq": ["what is dual diagnosis", "tell me more"],
    "personal": ["my email is jane.doe@example.org and I live at 12 Oak Street"],
    "concern": ["I feel hopeless sometimes"],
    # A new session carries the risk slots over; the escalation still counts once.
    "new_session": ["I want to kill myself", "/session_start", "what is dual diagnosis"],
    # Fallbacks and low-confidence guesses for the inbox (the answer gate holds back a topic
    # question it is unsure of: "is it the same for pills").
    "unsure": ["hmm maybe", "what about my cousin", "is it the same for pills"],
    # A finished AUDIT-C, its answers tapped (3 + 2 + 2 = 7: at or above the cut-off).
    "screener": ["/screen_alcohol"] + [
        f'/screener_answer{{"screener_value": {score}, "screener_item": "audit_c_{item}"}}'
        for item, score in ((1, 3), (2, 2), (3, 2))],
}


@dataclass(frozen=True)
class Recorded:
    """The SQLite tracker store the assistant wrote, and each visit's conversation id."""

    sqlite_path: Path
    ids: dict[str, str]


@pytest.fixture(scope="session")
def recorded_conversations(live_stack: Stack) -> Recorded:
    run = uuid.uuid4().hex[:8]
    ids = {kind: f"console-{kind}-{run}" for kind in VISITS}
    for kind, messages in VISITS.items():
        for text in messages:
            response = httpx.post(
                f"{live_stack.settings.rasa_url}/webhooks/rest/webhook",
                json={"sender": ids[kind], "message": text}, timeout=60,
            )
            response.raise_for_status()
            # Rasa's REST channel answers 200 with no messages when it fails inside;
            # only a /session_start has nothing to say.
            assert response.json() or text == "/session_start", (
                f"the assistant did not answer {text!r}: see rasa.log"
            )
    return Recorded(live_stack.settings.tracker_db_path, ids)


# --- PostgreSQL -----------------------------------------------------------------------

async def _replay_into(sqlite_path: Path, target: URL, sender_ids: list[str]) -> None:
    """Copy conversations tracker by tracker with Rasa's own SQLTrackerStore."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain

    domain = Domain.load(str(PROJECT_ROOT / "domain.yml"))
    source = SQLTrackerStore(domain, dialect="sqlite", db=str(sqlite_path))
    destination = SQLTrackerStore(
        domain, dialect="postgresql", host=target.render_as_string(hide_password=False)
    )
    for sender_id in sender_ids:
        tracker = await source.retrieve_full_tracker(sender_id)
        assert tracker is not None and tracker.events, f"nothing recorded for {sender_id}"
        await destination.save(tracker)
    source.engine.dispose()
    destination.engine.dispose()


@pytest.fixture(scope="session")
def postgres_template(recorded_conversations: Recorded) -> Iterator[URL]:
    """A database of this run holding the recorded conversations, written by Rasa, and
    the console's tables, migrated once as the live SQLite store is: each test's clone
    then starts where its SQLite twin does."""
    with throwaway_database("harbor_console") as url:
        asyncio.run(_replay_into(recorded_conversations.sqlite_path, url,
                                 list(recorded_conversations.ids.values())))
        engine = create_db_engine(url.render_as_string(hide_password=False))
        migrate(engine)
        engine.dispose()
        yield url


# --- one tracker store per test -------------------------------------------------------

def copy_sqlite(source: Path, target: Path) -> None:
    """Copy a live SQLite database with SQLite's backup API.

    Rasa keeps its tracker in write-ahead-log mode (harbor/tracker_store.py): the newest
    conversations may still be in the `-wal` file, which copying the main file misses.
    """
    with sqlite3.connect(source) as live, sqlite3.connect(target) as copy:
        live.backup(copy)
    live.close()
    copy.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def tracker_db(request: pytest.FixtureRequest, recorded_conversations: Recorded,
               tmp_path: Path) -> Iterator[str]:
    """A database URL holding the recorded conversations, this test's own copy."""
    if request.param == "sqlite":
        copy = tmp_path / "tracker.db"
        copy_sqlite(recorded_conversations.sqlite_path, copy)
        yield sqlite_url(copy)
        return
    template: URL = request.getfixturevalue("postgres_template")
    with throwaway_database(f"{template.database}_t", template=template.database) as url:
        yield url.render_as_string(hide_password=False)


@pytest.fixture
def engine(tracker_db: str) -> Iterator[Engine]:
    engine = create_db_engine(tracker_db)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def ids(recorded_conversations: Recorded) -> dict[str, str]:
    return recorded_conversations.ids


# --- the console ----------------------------------------------------------------------

@pytest.fixture
def console_env(tracker_db: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("HARBOR_TRACKER_DB_URL", tracker_db)
    monkeypatch.setenv("HARBOR_STAFF_LOGIN_DELAY", "0.3")
    return tracker_db


@pytest.fixture
def make_staff(engine: Engine) -> Callable[[str, str], str]:
    """Create an account with the test password; returns its username."""

    def make(username: str, role: str) -> str:
        with engine.begin() as connection:
            create_account(connection, username, PASSWORD, role)
        return username

    return make


@pytest.fixture
def gateway_client(console_env: str) -> Iterator[TestClient]:
    settings = Settings(secret_key="console-test-secret")
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def anonymous(gateway_client: TestClient) -> StaffClient:
    return StaffClient(gateway_client)


@pytest.fixture
def anonymous_second(console_env: str) -> Iterator[StaffClient]:
    """A second browser, with its own cookies, on the same console database."""
    with TestClient(create_app(Settings(secret_key="console-test-secret")),
                    raise_server_exceptions=False) as client:
        yield StaffClient(client)


def _logged_in(client: TestClient, make_staff, username: str, role: str) -> StaffClient:
    staff = StaffClient(client)
    response = staff.log_in(make_staff(username, role), PASSWORD)
    assert response.status_code == 303, response.text
    return staff


@pytest.fixture
def admin(gateway_client: TestClient, make_staff) -> StaffClient:
    return _logged_in(gateway_client, make_staff, "ada", "admin")


@pytest.fixture
def reviewer(console_env: str, make_staff) -> Iterator[StaffClient]:
    settings = Settings(secret_key="console-test-secret")
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield _logged_in(client, make_staff, "rey", "reviewer")
