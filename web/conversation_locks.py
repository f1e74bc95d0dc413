"""Releasing a conversation's Rasa lock that a dead replica left behind.

Rasa's RedisLockStore keeps one ticket lock per conversation, under
`<HARBOR_LOCK_KEY_PREFIX>:lock:<conversation id>`. A replica that dies in the middle of a
turn leaves its ticket there until the ticket's lifetime runs out (HARBOR_LOCK_LIFETIME),
and the replica the conversation moves to waits for it: longer than the gateway waits
for an answer, so every message of that conversation in the meantime is lost (measured
before this module: two or three messages in each conversation of the killed replica).

The gateway pins each conversation to one replica (web/replicas.py), so the only holder
of the conversation's lock was the replica that just failed: the gateway deletes the
lock before it hands the message to the next replica, which then starts a fresh one.
With the in-memory lock store there is nothing to release: the lock died with its process.
"""

from __future__ import annotations

import logging
from typing import Protocol

from harbor.settings import Settings

log = logging.getLogger(__name__)

# Rasa's RedisLockStore: the configured prefix, then its own "lock:" (rasa.core.lock_store).
RASA_LOCK_KEY = "{prefix}:lock:{conversation_id}"


class ConversationLocks(Protocol):
    async def release(self, conversation_id: str) -> None: ...

    async def close(self) -> None: ...


class NoSharedLocks:
    """Rasa's in-memory lock store: a replica's locks end with it."""

    async def release(self, conversation_id: str) -> None:
        return None

    async def close(self) -> None:
        return None


class RedisConversationLocks:
    """The lock store Rasa's replicas share, reached with the same settings."""

    def __init__(self, settings: Settings) -> None:
        import redis.asyncio as redis  # only a deployment with Redis needs the client

        self._prefix = settings.lock_key_prefix
        self._redis = redis.Redis(
            host=settings.lock_redis_host,
            port=settings.lock_redis_port,
            db=settings.lock_redis_db,
            password=settings.lock_redis_password or None,
            socket_timeout=1,
            socket_connect_timeout=1,
        )

    def key(self, conversation_id: str) -> str:
        return RASA_LOCK_KEY.format(prefix=self._prefix, conversation_id=conversation_id)

    async def release(self, conversation_id: str) -> None:
        """Delete the lock; if Redis fails, the next replica waits for the lifetime instead."""
        import redis

        try:
            await self._redis.delete(self.key(conversation_id))
        except redis.RedisError as error:
            log.warning("could not release a dead replica's lock: %s", type(error).__name__)

    async def close(self) -> None:
        await self._redis.close()


def conversation_locks(settings: Settings) -> ConversationLocks:
    if settings.lock_store == "redis":
        return RedisConversationLocks(settings)
    return NoSharedLocks()
