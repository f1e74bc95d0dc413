"""Staff accounts from the command line, and the console's migrations."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import sqlalchemy as sa
from alembic import command

from harbor.settings import PROJECT_ROOT
from web.console.accounts import clean_display_name
from web.conversations.database import (
    VERSION_TABLE,
    alembic_config,
    create_db_engine,
    migrate,
    sqlite_url,
)
from web.conversations.tables import metadata, staff_accounts

PASSWORD = "a long enough password"


def run_accounts(db_path, *args: str, password: str | None = PASSWORD):
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "HARBOR_TRACKER_DB": str(db_path)}
    env.pop("HARBOR_TRACKER_DB_URL", None)
    env.pop("HARBOR_STAFF_PASSWORD", None)
    if password is not None:
        env["HARBOR_STAFF_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "web.console.accounts", *args], env=env, cwd=PROJECT_ROOT,
        capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60,
    )


def stored_accounts(db_path) -> list[tuple[str, str, str]]:
    engine = create_db_engine(sqlite_url(db_path))
    with engine.connect() as connection:
        rows = connection.execute(sa.select(
            staff_accounts.c.username, staff_accounts.c.role, staff_accounts.c.password_hash
        )).all()
    engine.dispose()
    return [tuple(row) for row in rows]


def test_one_command_creates_an_account_with_an_argon2_hash(tmp_path):
    result = run_accounts(tmp_path / "t.db", "create", "jo", "--role", "admin")
    assert result.returncode == 0, result.stderr
    [(username, role, password_hash)] = stored_accounts(tmp_path / "t.db")
    assert (username, role) == ("jo", "admin")
    assert password_hash.startswith("$argon2id$") and PASSWORD not in password_hash


def test_a_fresh_database_has_no_account_at_all(tmp_path):
    engine = create_db_engine(sqlite_url(tmp_path / "t.db"))
    migrate(engine)
    engine.dispose()
    assert stored_accounts(tmp_path / "t.db") == []


@pytest.mark.parametrize(("args", "password", "message"), [
    (("create", "jo", "--role", "admin"), "short", "at least 12 characters"),
    (("create", "Jo Smith", "--role", "admin"), PASSWORD, "A username is"),
    (("create", "jo", "--role", "admin"), None, "HARBOR_STAFF_PASSWORD"),
    (("delete", "nobody"), PASSWORD, "no account named"),
])
def test_a_bad_request_fails_with_a_clear_message(tmp_path, args, password, message):
    result = run_accounts(tmp_path / "t.db", *args, password=password)
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr


def test_a_second_account_with_the_same_name_is_refused(tmp_path):
    run_accounts(tmp_path / "t.db", "create", "jo", "--role", "reviewer")
    result = run_accounts(tmp_path / "t.db", "create", "jo", "--role", "admin")
    assert result.returncode == 1 and "already exists" in result.stderr


def test_an_unknown_role_is_refused(tmp_path):
    result = run_accounts(tmp_path / "t.db", "create", "jo", "--role", "owner")
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_migrations_create_every_console_table_and_never_rasas(tmp_path):
    engine = create_db_engine(sqlite_url(tmp_path / "t.db"))
    migrate(engine)
    migrate(engine)  # a second run changes nothing
    tables = set(sa.inspect(engine).get_table_names())
    engine.dispose()
    assert tables == set(metadata.tables) | {VERSION_TABLE}
    assert "events" not in tables


# --- display names: what visitors see in a live hand-off ----------------------------------

def stored_display_names(db_path) -> dict[str, str | None]:
    engine = create_db_engine(sqlite_url(db_path))
    with engine.connect() as connection:
        rows = connection.execute(sa.select(
            staff_accounts.c.username, staff_accounts.c.display_name)).all()
    engine.dispose()
    return dict(rows)


def test_an_account_can_be_created_with_a_display_name(tmp_path):
    result = run_accounts(tmp_path / "t.db", "create", "jo", "--role", "reviewer",
                          "--display-name", "Jo")
    assert result.returncode == 0, result.stderr
    assert "shown to visitors as 'Jo'" in result.stdout
    assert stored_display_names(tmp_path / "t.db") == {"jo": "Jo"}


def test_an_account_created_without_a_display_name_has_none(tmp_path):
    run_accounts(tmp_path / "t.db", "create", "jo", "--role", "reviewer", "--display-name", "")
    assert stored_display_names(tmp_path / "t.db") == {"jo": None}


def test_a_display_name_can_be_set_and_cleared(tmp_path):
    run_accounts(tmp_path / "t.db", "create", "jo", "--role", "reviewer")
    run_accounts(tmp_path / "t.db", "display-name", "jo", "Jo  Smith")
    assert stored_display_names(tmp_path / "t.db") == {"jo": "Jo Smith"}
    run_accounts(tmp_path / "t.db", "display-name", "jo", "")
    assert stored_display_names(tmp_path / "t.db") == {"jo": None}


@pytest.mark.parametrize("name", ["Jo", "Ana María", "O'Neil", "Anne-Marie", "Dr. Lee"])
def test_a_display_name_may_be_any_written_name(name):
    assert clean_display_name(name) == name


@pytest.mark.parametrize("name", ["Jo 555 0100", "harbor.example.org", "jo@example.org",
                                  "Jo/Ben", "Jo -", "x" * 41])
def test_a_display_name_that_could_carry_a_number_or_link_is_refused(tmp_path, name):
    run_accounts(tmp_path / "t.db", "create", "jo", "--role", "reviewer")
    result = run_accounts(tmp_path / "t.db", "display-name", "jo", name)
    assert result.returncode == 1
    assert "A display name is" in result.stderr and "Traceback" not in result.stderr


def test_a_display_name_for_an_unknown_account_is_a_clear_error(tmp_path):
    result = run_accounts(tmp_path / "t.db", "display-name", "nobody", "Jo")
    assert result.returncode == 1 and "no account named" in result.stderr


def test_migration_0004_keeps_the_accounts_and_adds_no_display_name(tmp_path):
    engine = create_db_engine(sqlite_url(tmp_path / "t.db"))
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
        connection.execute(sa.text(
            "INSERT INTO console_staff_accounts (username, password_hash, role, created_at,"
            " failed_logins) VALUES ('jo', 'hash', 'admin', 0, 0)"))
    migrate(engine)
    engine.dispose()
    assert stored_display_names(tmp_path / "t.db") == {"jo": None}
