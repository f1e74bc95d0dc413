"""The gateway's notifier: publishing puts a notice in the outbox and never fails the caller."""

from __future__ import annotations

from pathlib import Path

from harbor.settings import WebhookSettings
from tests.notifications.conftest import SECRET
from web.console.config import ConsoleConfig
from web.console.state import ConsoleState
from web.conversations import outbox
from web.conversations.database import sqlite_url
from web.notifications import Notice
from web.notifications.outbox_notifier import OutboxNotifier

WAITING = Notice("handoff_waiting", "conv-7", {"reason": "asked"})


def notifier_on(url: str, webhook: WebhookSettings) -> OutboxNotifier:
    return OutboxNotifier(ConsoleState(ConsoleConfig(database_url=url, secret_key="k",
                                                     webhook=webhook)))


async def waiting(notifier: OutboxNotifier) -> int:
    return (await notifier.state.run(outbox.outbox_status)).waiting


async def test_a_published_notice_waits_in_the_outbox(database_path: Path, webhook):
    notifier = notifier_on(sqlite_url(database_path), webhook)

    await notifier.publish(WAITING)
    await notifier.publish(WAITING)

    assert await waiting(notifier) == 2  # no key: two hand-offs are two notices


async def test_a_notice_published_twice_with_its_key_is_queued_once(database_path: Path, webhook):
    notifier = notifier_on(sqlite_url(database_path), webhook)

    for _ in range(2):
        await notifier.publish(WAITING, key="handoff_waiting:conv-7:1")

    assert await waiting(notifier) == 1


async def test_without_a_webhook_nothing_is_queued(database_path: Path):
    notifier = notifier_on(sqlite_url(database_path), WebhookSettings())

    await notifier.publish(WAITING)

    assert await waiting(notifier) == 0


async def test_a_broken_database_does_not_fail_the_publisher(tmp_path: Path, caplog):
    unwritable = tmp_path / "missing-folder" / "console.db"
    notifier = notifier_on(sqlite_url(unwritable), WebhookSettings(url="http://x.test",
                                                                  secret=SECRET))

    await notifier.publish(WAITING)

    assert "could not enqueue the handoff_waiting notice" in caplog.text
