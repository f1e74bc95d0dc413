"""PostgreSQL for the tests: the server they may use, and databases of their own.

The server is HARBOR_TEST_POSTGRES_URL (`scripts/with-postgres.sh` sets it, and `make test`
runs pytest through it) or the machine's 127.0.0.1:5432. When none answers, the tests
that need one fail and say how to get one; they never skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"


def server_url() -> URL:
    """The server the tests may create databases in; fails the test when none answers."""
    url = make_url(os.environ.get("HARBOR_TEST_POSTGRES_URL") or DEFAULT_POSTGRES_URL)
    problem = _unreachable(url.render_as_string(hide_password=False))
    if problem:
        pytest.fail(
            f"No PostgreSQL at {url.render_as_string(hide_password=True)}: the PostgreSQL "
            "tests cannot run. Run them through scripts/with-postgres.sh (as `make test` "
            "does), or set HARBOR_TEST_POSTGRES_URL.\n" + problem
        )
    return url


@cache
def _unreachable(url: str) -> str:
    """Why the server cannot be reached ("" when it can); asked once per run."""
    engine = sa.create_engine(url)
    try:
        with engine.connect():
            return ""
    except sa.exc.OperationalError as error:
        return str(error).splitlines()[0]
    finally:
        engine.dispose()


def _admin(url: URL) -> Engine:
    return sa.create_engine(url, isolation_level="AUTOCOMMIT")


def create_database(server: URL, name: str, template: str | None = None) -> URL:
    """A new database on `server` (a copy of `template` when given); returns its URL."""
    admin = _admin(server)
    with admin.connect() as connection:
        clause = f" TEMPLATE {template}" if template else ""
        connection.execute(sa.text(f'CREATE DATABASE "{name}"{clause}'))
    admin.dispose()
    return server.set(database=name)


def drop_database(server: URL, name: str) -> None:
    admin = _admin(server)
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@contextmanager
def throwaway_database(prefix: str, template: str | None = None) -> Iterator[URL]:
    """A database named `prefix` plus a random part, dropped on the way out."""
    server = server_url()
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    url = create_database(server, name, template=template)
    try:
        yield url
    finally:
        drop_database(server, name)


def tracker_store_settings(database: URL) -> dict[str, object]:
    """The `Settings` fields that put Rasa's tracker store in `database`."""
    return {
        "tracker_dialect": "postgresql",
        "tracker_host": database.host or "127.0.0.1",
        "tracker_port": database.port or 5432,
        "tracker_db_name": database.database,
        "tracker_user": database.username or "",
        "tracker_password": database.password or "",
    }
