"""An empty console database per test, on SQLite and on PostgreSQL, for the queue.

The PostgreSQL server is tests/postgres.py's (HARBOR_TEST_POSTGRES_URL, as
scripts/with-postgres.sh sets it, or the machine's); without one the tests fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from tests.postgres import throwaway_database
from web.conversations.database import create_db_engine, migrate, sqlite_url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "console.db")
        return
    with throwaway_database("harbor_handoff") as url:
        yield url.render_as_string(hide_password=False)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = create_db_engine(database_url)
    migrate(engine)
    yield engine
    engine.dispose()
