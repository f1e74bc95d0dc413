"""End to end: a visitor asks for a call back through the gateway's widget API, the
running assistant takes it, and it appears in the console's list without anyone loading
a page (the gateway's background refresh), then on the page a staff member opens."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from harbor.stack import Stack
from tests.console.conftest import PASSWORD
from tests.console.staff_client import StaffClient
from web.console.accounts import create_account
from web.conversations.database import create_db_engine, migrate, sqlite_url
from web.conversations.tables import callbacks

pytestmark = pytest.mark.integration
BACKGROUND_WAIT_SECONDS = 30


@pytest.fixture
def gateway(live_stack: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_stack.settings.gateway_url, timeout=60,
                      trust_env=False) as client:
        yield client


@pytest.fixture
def live_engine(live_stack: Stack) -> Iterator[Engine]:
    engine = create_db_engine(sqlite_url(live_stack.settings.tracker_db_path))
    migrate(engine)
    yield engine
    engine.dispose()


def ask_for_a_call_back(gateway: httpx.Client, name: str) -> tuple[str, str]:
    """Fills the form as a visitor; returns (conversation id, the confirmation)."""
    opened = gateway.post("/api/conversations").json()
    auth = {"Authorization": f"Bearer {opened['token']}"}
    url = f"/api/conversations/{opened['conversation_id']}/messages"
    reply = None
    for text in ("can someone call me back", name, f"{name.lower()}@example.org", "morning",
                 "/affirm"):
        reply = gateway.post(url, json={"text": text}, headers=auth)
        assert reply.status_code == 200, reply.text
    confirmation = " ".join(m.get("text") or "" for m in reply.json()["messages"])
    return opened["conversation_id"], confirmation


def wait_for_row(engine: Engine, conversation_id: str) -> float:
    """Seconds until the background refresh has written the request's row."""
    started = time.monotonic()
    while time.monotonic() - started < BACKGROUND_WAIT_SECONDS:
        with engine.begin() as connection:
            row = connection.execute(sa.select(callbacks.c.name).where(
                callbacks.c.sender_id == conversation_id)).first()
        if row is not None:
            return time.monotonic() - started
        time.sleep(0.2)
    pytest.fail(f"no call-back row for {conversation_id} after {BACKGROUND_WAIT_SECONDS} s")


def test_a_call_back_asked_in_the_widget_reaches_the_console_list(gateway, live_engine):
    name = f"Robin{uuid.uuid4().hex[:4]}"
    conversation_id, confirmation = ask_for_a_call_back(gateway, name)
    assert confirmation.startswith(f"Thank you, {name}.") and "expect an email" in confirmation

    waited = wait_for_row(live_engine, conversation_id)
    print(f"call-back row written by the background refresh {waited:.1f} s after the reply")

    with live_engine.begin() as connection:
        member = create_account(connection, f"cb{uuid.uuid4().hex[:6]}", PASSWORD, "reviewer")
    staff = StaffClient(gateway)
    assert staff.log_in(member.username, PASSWORD).status_code == 303
    page = staff.get("/staff/callbacks").text
    assert name in page and f"{name.lower()}@example.org" in page and "morning" in page
    assert f"/staff/conversations/{conversation_id}" in page
