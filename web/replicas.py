"""Which Rasa replica serves a conversation, and which replicas are set aside as down.

Every conversation is pinned to one replica: rendezvous (highest-random-weight) hashing
of its id over the configured replicas' URLs gives each conversation its own order of
replicas, the same in every gateway process, and only the conversations of a replica
that leaves or joins move. The first replica of that order serves the conversation; when
it fails, the next one does, and the failed one is set aside for a back-off (doubling
per failure, up to a ceiling) before it is tried again.

Why pin at all, when every replica shares the tracker store and Rasa's Redis lock store
exists to serialise a conversation's messages across replicas? Rasa Open Source's
RedisLockStore reads, changes and writes a conversation's ticket lock without a
transaction, so two replicas taking a ticket for the same conversation at the same
moment can both believe they hold it (Rasa Pro's ConcurrentRedisLockStore fixes that).
Two messages of one conversation then run at once and interleave their events in the
tracker store. Sending a conversation to one replica keeps its messages in one process,
where the lock is exact; the Redis lock only matters in the moment a conversation moves.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

FIRST_BACKOFF_SECONDS = 2.0
MAX_BACKOFF_SECONDS = 30.0


@dataclass
class Replica:
    """One Rasa base URL and what the gateway last learnt about it."""

    url: str
    failures: int = 0  # in a row; 0 when up
    down_until: float = 0.0  # clock time before which it is not tried first
    last_error: str = ""

    @property
    def up(self) -> bool:
        return self.failures == 0


def rendezvous_score(url: str, conversation_id: str) -> int:
    """A stable pseudo-random weight of (replica, conversation): the same in every process."""
    digest = hashlib.blake2b(f"{url}\n{conversation_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


class ReplicaSet:
    """The configured replicas, each conversation's order over them, and their health."""

    def __init__(
        self,
        urls: tuple[str, ...] | list[str],
        *,
        clock: Callable[[], float] = time.monotonic,
        first_backoff: float = FIRST_BACKOFF_SECONDS,
        max_backoff: float = MAX_BACKOFF_SECONDS,
    ) -> None:
        if not urls:
            raise ValueError("at least one Rasa replica URL is needed")
        if len(set(urls)) != len(urls):
            raise ValueError(f"a Rasa replica is listed twice: {list(urls)}")
        self.replicas = [Replica(url.rstrip("/")) for url in urls]
        self._clock = clock
        self._first_backoff = first_backoff
        self._max_backoff = max_backoff

    def order(self, conversation_id: str) -> list[Replica]:
        """Every replica, the conversation's own first."""
        return sorted(
            self.replicas, key=lambda replica: -rendezvous_score(replica.url, conversation_id)
        )

    def candidates(self, conversation_id: str) -> list[Replica]:
        """The replicas to try, in turn: those not in back-off in the conversation's order,
        then those in back-off, as a last resort rather than no answer at all."""
        now = self._clock()
        ordered = self.order(conversation_id)
        ready = [replica for replica in ordered if replica.down_until <= now]
        return ready + [replica for replica in ordered if replica.down_until > now]

    def mark_up(self, replica: Replica) -> None:
        replica.failures = 0
        replica.down_until = 0.0

    def mark_down(self, replica: Replica, error: str) -> None:
        replica.failures += 1
        backoff = min(self._max_backoff, self._first_backoff * 2 ** (replica.failures - 1))
        replica.down_until = self._clock() + backoff
        replica.last_error = error

    def report(self) -> list[dict[str, object]]:
        """Each replica's URL, state and last error, for /healthz."""
        now = self._clock()
        return [
            {
                "url": replica.url,
                "state": "up" if replica.up else "down",
                "last_error": replica.last_error or None,
                "retry_in_seconds": round(max(0.0, replica.down_until - now), 1)
                if not replica.up
                else None,
            }
            for replica in self.replicas
        ]
