"""Staff accounts: Argon2 password hashes, roles, and lockout after failed logins.

    python -m web.console.accounts create NAME --role admin|reviewer [--display-name "Jo"]
    python -m web.console.accounts display-name NAME "Jo"   (an empty name clears it)
    python -m web.console.accounts list
    python -m web.console.accounts delete NAME

A display name is what a visitor sees beside a team member's replies in a live hand-off
("Jo (team member)"); without one they see "Team member". The username stays internal.

The password is read from HARBOR_STAFF_PASSWORD or prompted for (twice). There is no
default account and no default password.
"""

from __future__ import annotations

import argparse
import getpass
import os
import re
import sys
import time
from dataclasses import dataclass

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Connection

from harbor.settings import Settings
from web.conversations.database import create_db_engine, migrate
from web.conversations.tables import staff_accounts

ROLES = ("reviewer", "admin")
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
MIN_PASSWORD_LENGTH = 12
# Shown to visitors, so only a name: words of letters joined by a space, an apostrophe
# or a hyphen, a dot only after a word ("Dr. Lee", "Jo Jr."); no digits, "@", "/" or
# "site.org", so that no number or link can pass as a name.
_WORD = r"[^\W\d_]+"
DISPLAY_NAME = re.compile(rf"{_WORD}(?:(?:[ '\-]|\. ){_WORD})*\.?")
MAX_DISPLAY_NAME_LENGTH = 40
HASHER = PasswordHasher()
# Verified when the username is unknown, so that a wrong name costs as long as a wrong
# password and response times do not reveal which accounts exist.
DUMMY_HASH = HASHER.hash("no account has this password")


class AccountError(ValueError):
    """An account request that cannot be carried out; the message says why."""


@dataclass(frozen=True)
class StaffMember:
    username: str
    role: str
    display_name: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password must have at least {MIN_PASSWORD_LENGTH} characters.")


def clean_display_name(raw: str | None) -> str | None:
    """The name as visitors will see it (spaces tidied); None for an empty one."""
    name = " ".join((raw or "").split())
    if not name:
        return None
    if len(name) > MAX_DISPLAY_NAME_LENGTH or not DISPLAY_NAME.fullmatch(name):
        raise AccountError(
            f"A display name is up to {MAX_DISPLAY_NAME_LENGTH} characters: words of letters, "
            "with spaces, apostrophes or hyphens between them (no digits, no links).")
    return name


def create_account(connection: Connection, username: str, password: str, role: str,
                   display_name: str | None = None) -> StaffMember:
    if not USERNAME.match(username):
        raise AccountError("A username is 2 to 64 lower-case letters, digits, '.', '_' or '-'.")
    if role not in ROLES:
        raise AccountError(f"The role must be one of {', '.join(ROLES)}.")
    display_name = clean_display_name(display_name)
    check_password_strength(password)
    if find_account(connection, username):
        raise AccountError(f"An account named {username!r} already exists.")
    connection.execute(staff_accounts.insert().values(
        username=username, password_hash=HASHER.hash(password), role=role,
        display_name=display_name, created_at=time.time(), failed_logins=0,
    ))
    return StaffMember(username, role, display_name)


def set_display_name(connection: Connection, username: str, raw: str | None) -> StaffMember:
    """Set (or, with an empty name, clear) what visitors see for this staff member."""
    display_name = clean_display_name(raw)
    changed = connection.execute(staff_accounts.update().where(
        staff_accounts.c.username == username).values(display_name=display_name)).rowcount
    if not changed:
        raise AccountError(f"There is no account named {username!r}.")
    member = find_account(connection, username)
    assert member is not None
    return member


_MEMBER_COLUMNS = (staff_accounts.c.username, staff_accounts.c.role,
                   staff_accounts.c.display_name)


def find_account(connection: Connection, username: str) -> StaffMember | None:
    row = connection.execute(
        sa.select(*_MEMBER_COLUMNS).where(staff_accounts.c.username == username)
    ).first()
    return StaffMember(*row) if row else None


def list_accounts(connection: Connection) -> list[StaffMember]:
    query = sa.select(*_MEMBER_COLUMNS)
    return [StaffMember(*row) for row in connection.execute(query.order_by("username"))]


def delete_account(connection: Connection, username: str) -> bool:
    result = connection.execute(
        staff_accounts.delete().where(staff_accounts.c.username == username)
    )
    return result.rowcount > 0


class LockedOut(Exception):
    def __init__(self, seconds_left: float) -> None:
        super().__init__(f"locked for {seconds_left:.0f} more seconds")
        self.seconds_left = seconds_left


def authenticate(
    connection: Connection, username: str, password: str,
    lockout_after: int, lockout_seconds: float, now: float | None = None,
) -> StaffMember | None:
    """The staff member if the password is right; None if not; LockedOut while locked.

    Each failure counts; after `lockout_after` in a row the account refuses even the
    right password for `lockout_seconds`.
    """
    now = now if now is not None else time.time()
    row = connection.execute(
        sa.select(staff_accounts).where(staff_accounts.c.username == username)
    ).first()
    if row is None:
        _verify(DUMMY_HASH, password)
        return None
    if row.locked_until and row.locked_until > now:
        raise LockedOut(row.locked_until - now)
    if not _verify(row.password_hash, password):
        failures = row.failed_logins + 1
        locked_until = now + lockout_seconds if failures >= lockout_after else None
        connection.execute(
            staff_accounts.update().where(staff_accounts.c.id == row.id).values(
                failed_logins=0 if locked_until else failures, locked_until=locked_until
            )
        )
        return None
    changes: dict[str, object] = {"failed_logins": 0, "locked_until": None}
    if HASHER.check_needs_rehash(row.password_hash):
        changes["password_hash"] = HASHER.hash(password)
    connection.execute(
        staff_accounts.update().where(staff_accounts.c.id == row.id).values(**changes)
    )
    return StaffMember(row.username, row.role, row.display_name)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# --- command line -------------------------------------------------------------------

def _read_password() -> str:
    from_env = os.environ.get("HARBOR_STAFF_PASSWORD")
    if from_env:
        return from_env
    if not sys.stdin.isatty():
        raise AccountError("Set HARBOR_STAFF_PASSWORD or run this in a terminal to be asked.")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password again: "):
        raise AccountError("The two passwords differ.")
    return first


def main(argv: list[str] | None = None) -> int:
    from web.console.config import ConsoleConfig

    parser = argparse.ArgumentParser(prog="python -m web.console.accounts",
                                     description="Manage the staff console's accounts.")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create", help="create an account")
    create.add_argument("username")
    create.add_argument("--role", choices=ROLES, required=True)
    create.add_argument("--display-name", default="",
                        help='what visitors see in a live hand-off, e.g. "Jo"')
    rename = commands.add_parser("display-name",
                                 help="set what visitors see (an empty name clears it)")
    rename.add_argument("username")
    rename.add_argument("display_name")
    commands.add_parser("list", help="list the accounts")
    delete = commands.add_parser("delete", help="delete an account")
    delete.add_argument("username")
    args = parser.parse_args(argv)

    engine = create_db_engine(ConsoleConfig.from_settings(Settings.from_env()).database_url)
    migrate(engine)
    try:
        with engine.begin() as connection:
            if args.command == "create":
                member = create_account(connection, args.username, _read_password(), args.role,
                                        args.display_name)
                print(f"Created {member.role} account {member.username!r}"
                      f"{_shown_as(member)}.")
            elif args.command == "display-name":
                member = set_display_name(connection, args.username, args.display_name)
                print(f"Account {member.username!r}{_shown_as(member)}.")
            elif args.command == "list":
                for member in list_accounts(connection):
                    print(f"{member.username}\t{member.role}\t{member.display_name or ''}")
            elif not delete_account(connection, args.username):
                raise AccountError(f"There is no account named {args.username!r}.")
            else:
                print(f"Deleted account {args.username!r}.")
    except AccountError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


def _shown_as(member: StaffMember) -> str:
    return (f", shown to visitors as {member.display_name!r}" if member.display_name
            else ", shown to visitors as 'Team member'")


if __name__ == "__main__":
    sys.exit(main())
