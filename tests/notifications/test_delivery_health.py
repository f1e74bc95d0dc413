"""/healthz tells a monitor how the webhook's deliveries go: counts and ages, no visitor data.

The gateway is built without starting its lifespan, so its background task never sends
the outbox's notices: each test sets the outbox's state itself.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from harbor.stack import free_port
from tests.notifications.conftest import SECRET
from tests.web.servers import UNLIMITED, settings_for
from web.app import create_app
from web.conversations import outbox
from web.conversations.tables import outbox as outbox_rows
from web.notifications import Notice

# Never posted to: the background task does not run here.
WEBHOOK_URL = "http://127.0.0.1:9/hooks/harbor-private-path"
CONVERSATION = "conversation-4f1e"
NOTICE = Notice("callback_requested", CONVERSATION, {"contact_kind": "phone"})
ERROR = f"HTTP 500 from the receiver about {CONVERSATION}"
MINUTE = 60.0


def healthz(monkeypatch: pytest.MonkeyPatch, database_path: Path, *, webhook: bool = True,
            database_url: str | None = None) -> dict:
    monkeypatch.delenv("HARBOR_TRACKER_DB_URL", raising=False)
    if database_url:
        monkeypatch.setenv("HARBOR_TRACKER_DB_URL", database_url)
    if webhook:
        monkeypatch.setenv("HARBOR_WEBHOOK_URL", WEBHOOK_URL)
        monkeypatch.setenv("HARBOR_WEBHOOK_SECRET", SECRET)
    else:
        monkeypatch.delenv("HARBOR_WEBHOOK_URL", raising=False)
    app = create_app(settings_for(free_port(), tracker_db_path=database_path),
                     rate_limits=UNLIMITED)
    response = TestClient(app).get("/healthz")
    assert response.status_code == 200
    return response.json()


def queue_notice(engine: Engine, created_at: float, key: str = "callback_requested:1") -> int:
    with engine.begin() as connection:
        outbox.enqueue(connection, NOTICE, key, now=created_at)
        return connection.execute(
            outbox_rows.select().where(outbox_rows.c.key == key)).first().id


def test_without_a_webhook_healthz_says_there_is_none(monkeypatch, database_path):
    assert healthz(monkeypatch, database_path, webhook=False)["webhook"] == {"configured": False}


def test_an_empty_outbox_is_ok(monkeypatch, database_path, engine):
    assert healthz(monkeypatch, database_path)["webhook"] == {
        "configured": True, "state": "ok", "waiting": 0, "failing": 0, "gave_up": 0,
        "oldest_waiting_seconds": None, "last_delivered_seconds_ago": None}


def test_a_notice_the_receiver_refused_shows_as_failing_with_its_age(
        monkeypatch, database_path, engine):
    now = time.time()
    row = queue_notice(engine, created_at=now - 2 * MINUTE)
    with engine.begin() as connection:
        outbox.mark_failed(connection, row, ERROR, retry_at=now + MINUTE, now=now)
    report = healthz(monkeypatch, database_path)["webhook"]
    assert (report["state"], report["waiting"], report["failing"]) == ("failing", 1, 1)
    assert report["oldest_waiting_seconds"] >= 2 * MINUTE


def test_a_notice_not_yet_tried_is_waiting_but_not_failing(monkeypatch, database_path, engine):
    queue_notice(engine, created_at=time.time())
    report = healthz(monkeypatch, database_path)["webhook"]
    assert (report["state"], report["waiting"], report["failing"]) == ("ok", 1, 0)


def test_a_notice_given_up_is_counted(monkeypatch, database_path, engine):
    now = time.time()
    row = queue_notice(engine, created_at=now - MINUTE)
    with engine.begin() as connection:
        outbox.mark_failed(connection, row, ERROR, retry_at=None, now=now)
    report = healthz(monkeypatch, database_path)["webhook"]
    assert (report["gave_up"], report["waiting"], report["oldest_waiting_seconds"]) == (1, 0, None)


def test_a_delivery_shows_how_long_ago_it_was(monkeypatch, database_path, engine):
    now = time.time()
    row = queue_notice(engine, created_at=now - 2 * MINUTE)
    with engine.begin() as connection:
        outbox.mark_delivered(connection, row, now - MINUTE)
    report = healthz(monkeypatch, database_path)["webhook"]
    assert report["waiting"] == 0 and report["last_delivered_seconds_ago"] >= MINUTE


def test_healthz_names_no_conversation_receiver_or_error(monkeypatch, database_path, engine):
    now = time.time()
    for number in range(2):
        row = queue_notice(engine, created_at=now - MINUTE, key=f"callback_requested:{number}")
        with engine.begin() as connection:
            outbox.mark_failed(connection, row, ERROR, retry_at=now + MINUTE, now=now)
    text = json.dumps(healthz(monkeypatch, database_path))
    for private in (CONVERSATION, "phone", "HTTP 500", "harbor-private-path", SECRET):
        assert private not in text


def test_a_store_not_yet_created_is_reported_empty_and_left_uncreated(monkeypatch, tmp_path):
    missing = tmp_path / "not-yet" / "tracker.db"
    report = healthz(monkeypatch, missing)["webhook"]
    assert (report["state"], report["waiting"]) == ("ok", 0)
    assert not missing.exists()


def test_an_unreachable_database_is_reported_unknown(monkeypatch, database_path):
    unreachable = f"postgresql://harbor@127.0.0.1:{free_port()}/harbor"
    assert healthz(monkeypatch, database_path, database_url=unreachable)["webhook"] == {
        "configured": True, "state": "unknown"}
