"""An empty console database per test, on SQLite and on PostgreSQL, for the queue.

The PostgreSQL server is the one the console's tests use (HARBOR_TEST_POSTGRES_URL, as
scripts/with-postgres.sh sets it, or the machine's); without one the tests fail.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from tests.console.conftest import _create_database, _drop_database, _postgres_server_url
from web.conversations.database import create_db_engine, migrate, sqlite_url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "console.db")
        return
    server = _postgres_server_url()
    name = f"harbor_handoff_{uuid.uuid4().hex[:10]}"
    url = _create_database(server, name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        _drop_database(server, name)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = create_db_engine(database_url)
    migrate(engine)
    yield engine
    engine.dispose()
