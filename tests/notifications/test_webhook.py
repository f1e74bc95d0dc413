"""The outgoing webhook, against a real HTTP receiver: signed, retried with backoff until a
cap, kept in the outbox across restarts, enqueued once per event, never blocking."""

from __future__ import annotations

import json

import httpx
import pytest

from harbor.settings import WebhookSettings
from tests.notifications.conftest import SECRET
from web.conversations import outbox
from web.conversations.database import create_db_engine, sqlite_url
from web.notifications import Notice
from web.notifications.webhook import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    deliver_due,
    retry_delay,
    verify,
)

NOTICE = Notice("callback_requested", "conv-42", {"contact_kind": "phone"})
START = 1_800_000_000.0


class Clock:
    """The time the delivery sees; tests move it instead of sleeping through backoff."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def enqueue(engine, notice: Notice = NOTICE, key: str = "callback_requested:r1") -> bool:
    with engine.begin() as connection:
        return outbox.enqueue(connection, notice, key, now=START)


async def deliver(engine, webhook: WebhookSettings, clock: Clock) -> int:
    async with httpx.AsyncClient(trust_env=False) as http:
        return await deliver_due(engine, webhook, http, clock)


def status(engine) -> outbox.OutboxStatus:
    with engine.begin() as connection:
        return outbox.outbox_status(connection)


async def test_a_notice_arrives_signed_with_the_shared_secret(engine, webhook, receiver, clock):
    enqueue(engine)

    assert await deliver(engine, webhook, clock) == 1

    [(headers, body)] = receiver.posts
    assert verify(SECRET, headers[TIMESTAMP_HEADER], body, headers[SIGNATURE_HEADER])
    assert headers[TIMESTAMP_HEADER] == str(int(START))


async def test_a_wrong_secret_fails_verification(engine, webhook, receiver, clock):
    enqueue(engine)
    await deliver(engine, webhook, clock)

    [(headers, body)] = receiver.posts
    assert not verify("not the secret at all", headers[TIMESTAMP_HEADER], body,
                      headers[SIGNATURE_HEADER])


async def test_a_changed_body_fails_verification(engine, webhook, receiver, clock):
    enqueue(engine)
    await deliver(engine, webhook, clock)

    [(headers, body)] = receiver.posts
    forged = body.replace(b"conv-42", b"conv-43")
    assert not verify(SECRET, headers[TIMESTAMP_HEADER], forged, headers[SIGNATURE_HEADER])


async def test_the_body_says_what_happened_and_links_to_the_console_only(engine, webhook,
                                                                         receiver, clock):
    enqueue(engine)
    await deliver(engine, webhook, clock)

    [(_, body)] = receiver.posts
    assert json.loads(body) == {
        "kind": "callback_requested",
        "conversation_id": "conv-42",
        "details": {"contact_kind": "phone"},
        "console_url": "https://harbor.example.org/staff/conversations/conv-42",
        "sent_at": "2027-01-15T08:00:00+00:00",
    }


async def test_a_receiver_failing_twice_gets_the_notice_on_the_third_try(engine, webhook,
                                                                         receiver, clock):
    receiver.fail_first = 2
    enqueue(engine)

    delivered = []
    for wait in (0, retry_delay(1, webhook), retry_delay(2, webhook)):
        clock.now += wait
        delivered.append(await deliver(engine, webhook, clock))

    assert delivered == [0, 0, 1]
    assert receiver.answered == 3 and len(receiver.posts) == 1
    assert status(engine).delivered == 1


async def test_a_failed_notice_waits_for_its_backoff(engine, webhook, receiver, clock):
    receiver.fail_first = 1
    enqueue(engine)
    await deliver(engine, webhook, clock)

    clock.now += retry_delay(1, webhook) - 1
    assert await deliver(engine, webhook, clock) == 0
    assert receiver.answered == 1


@pytest.mark.parametrize(("failures", "seconds"),
                         [(1, 5), (2, 10), (3, 20), (4, 40), (7, 320), (8, 600), (20, 600)])
def test_retries_wait_twice_as_long_each_time_up_to_a_cap(failures, seconds):
    assert retry_delay(failures, WebhookSettings()) == seconds


async def test_after_the_last_attempt_the_notice_is_given_up_and_shown(engine, webhook, receiver,
                                                                       clock):
    receiver.fail_first = 100
    enqueue(engine)
    for attempt in range(1, webhook.max_attempts + 2):
        await deliver(engine, webhook, clock)
        clock.now += retry_delay(attempt, webhook)

    assert receiver.answered == webhook.max_attempts
    shown = status(engine)
    assert (shown.gave_up, shown.waiting, shown.last_error) == (1, 0, "HTTP 500")


async def test_an_unreachable_receiver_is_a_logged_failure_not_an_exception(engine, clock):
    unreachable = WebhookSettings(url="http://127.0.0.1:9/nothing-here", secret=SECRET)
    enqueue(engine)

    assert await deliver(engine, unreachable, clock) == 0
    assert "ConnectError" in (status(engine).last_error or "")


def test_a_notice_is_enqueued_once_per_event(engine):
    assert [enqueue(engine), enqueue(engine)] == [True, False]
    assert status(engine).waiting == 1


async def test_a_queued_notice_survives_a_restart(engine, database_path, webhook, receiver,
                                                  clock):
    enqueue(engine)
    engine.dispose()  # the gateway stops before sending it

    restarted = create_db_engine(sqlite_url(database_path))
    assert await deliver(restarted, webhook, clock) == 1
    restarted.dispose()
    assert len(receiver.posts) == 1


@pytest.mark.parametrize(
    ("url", "secret", "problem"),
    [("ftp://example.org/x", SECRET, "must start with http"),
     ("https://example.org/x", "", "HARBOR_WEBHOOK_SECRET must be set"),
     ("https://example.org/x", "short", "16 characters")],
)
def test_a_misconfigured_webhook_is_a_clear_error(monkeypatch, url, secret, problem):
    monkeypatch.setenv("HARBOR_WEBHOOK_URL", url)
    monkeypatch.setenv("HARBOR_WEBHOOK_SECRET", secret)

    with pytest.raises(ValueError, match=problem):
        WebhookSettings.from_env()
