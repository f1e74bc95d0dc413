"""The gateway releases the Rasa lock a dead replica left on a conversation, before the
next replica takes the conversation over; the locks are Rasa's own RedisLockStore's, in
a real Redis under a key prefix of this test's own."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit

import anyio
import pytest
import redis
from rasa.core.lock_store import RedisLockStore

from harbor.settings import Settings
from harbor.stack import free_port
from tests.web.servers import StubRasa
from tests.web.visitor import Visitor
from web.conversation_locks import RedisConversationLocks
from web.replicas import ReplicaSet

LOCK_FIELDS = ("lock_store", "lock_redis_host", "lock_redis_port", "lock_redis_db",
               "lock_key_prefix")


@pytest.fixture
def lock_settings(redis_url: str) -> Iterator[Settings]:
    """Rasa's lock store in Redis, under a prefix of this test's own (removed after it)."""
    address = urlsplit(redis_url)
    settings = Settings(
        lock_store="redis",
        lock_redis_host=address.hostname or "127.0.0.1",
        lock_redis_port=address.port or 6379,
        lock_redis_db=int(address.path.strip("/") or 0),
        lock_key_prefix=f"harbortest{uuid.uuid4().hex[:10]}",
    )
    yield settings
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(f"{settings.lock_key_prefix}:*"):
        client.delete(key)


def gateway_with_locks(make_client, urls: tuple[str, ...], settings: Settings):
    """A gateway that routes to `urls` and shares the replicas' lock store."""
    locks = {name: getattr(settings, name) for name in LOCK_FIELDS}
    return make_client(free_port(), rasa_urls_configured=urls, **locks)


@pytest.fixture
def rasa_locks(lock_settings: Settings) -> RedisLockStore:
    """The lock store as a Rasa replica opens it from endpoints.yml's keys."""
    return RedisLockStore(
        host=lock_settings.lock_redis_host,
        port=lock_settings.lock_redis_port,
        db=lock_settings.lock_redis_db,
        key_prefix=lock_settings.lock_key_prefix,
    )


async def release(settings: Settings, conversation_id: str) -> None:
    locks = RedisConversationLocks(settings)
    try:
        await locks.release(conversation_id)
    finally:
        await locks.close()


def test_a_released_lock_is_gone_from_rasas_lock_store(lock_settings, rasa_locks):
    rasa_locks.issue_ticket("visitor-1")
    anyio.run(release, lock_settings, "visitor-1")
    assert rasa_locks.get_lock("visitor-1") is None


def test_other_conversations_keep_their_locks(lock_settings, rasa_locks):
    rasa_locks.issue_ticket("visitor-1")
    rasa_locks.issue_ticket("visitor-2")
    anyio.run(release, lock_settings, "visitor-1")
    assert rasa_locks.get_lock("visitor-2") is not None


def test_failing_over_releases_the_dead_replicas_lock(make_client, lock_settings, rasa_locks):
    dead = free_port()
    with StubRasa("echo") as alive:
        urls = (f"http://127.0.0.1:{dead}", f"http://127.0.0.1:{alive.port}")
        client = gateway_with_locks(make_client, urls, lock_settings)
        visitor = next(v for v in (Visitor(client) for _ in range(20))
                       if ReplicaSet(urls).order(v.id)[0].url == urls[0])
        rasa_locks.issue_ticket(visitor.id)  # what the dead replica left mid-turn
        assert visitor.say("are you there").status_code == 200
    assert rasa_locks.get_lock(visitor.id) is None


def test_a_replica_that_answers_keeps_its_lock(make_client, lock_settings, rasa_locks):
    with StubRasa("echo") as alive:
        urls = (f"http://127.0.0.1:{alive.port}",)
        client = gateway_with_locks(make_client, urls, lock_settings)
        visitor = Visitor(client)
        rasa_locks.issue_ticket(visitor.id)
        assert visitor.say("hello").status_code == 200
    assert rasa_locks.get_lock(visitor.id) is not None

