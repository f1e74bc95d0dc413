"""Two Rasa replicas on PostgreSQL and Redis behind the gateway: one is killed in the
middle of every conversation, and every conversation goes on on the other, with each
visitor message stored exactly once, in order.

The stack is `make run`'s (harbor.stack with HARBOR_RASA_REPLICAS=2): the action server,
both replicas and the gateway, on free ports (tests/stacks.py, started in the background
from the run's first test). The tracker store is a
PostgreSQL database made for this run and dropped after it; the lock store is Redis,
under a key prefix of this run. PostgreSQL is HARBOR_TEST_POSTGRES_URL or the machine's
own (`make test` runs pytest through scripts/with-postgres.sh), Redis the machine's own
or a throwaway redis-server; with neither, the test fails and says why.

The replica is killed (SIGKILL) between two turns, while no message is on its way to
it: what a message in flight at that moment becomes is said in web/rasa_client.py.
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import URL

from harbor.stack import Stack
from tests.stacks import StartingStack
from web.replicas import ReplicaSet

pytestmark = pytest.mark.integration

CONVERSATIONS = 10
# Each conversation's visitor messages, in order; the replica dies after BEFORE_KILL turns.
SCRIPT = ["hi", "what is dual diagnosis", "tell me more", "what is cbt", "thank you"]
BEFORE_KILL = 2
KILLED = "rasa-1"


@pytest.fixture(scope="module")
def replicated_stack(replicated_stack_starting: StartingStack) -> Iterator[Stack]:
    """Started in the background at the run's first test (tests/conftest.py), stopped
    when this module is done."""
    yield replicated_stack_starting.ready()
    replicated_stack_starting.stop()


class Conversation:
    """A visitor of the gateway's API: its conversation id and token."""

    def __init__(self, http: httpx.Client) -> None:
        response = http.post("/api/conversations")
        response.raise_for_status()
        body = response.json()
        self.http = http
        self.id: str = body["conversation_id"]
        self.auth = {"Authorization": f"Bearer {body['token']}"}

    def say(self, text: str) -> httpx.Response:
        return self.http.post(
            f"/api/conversations/{self.id}/messages", json={"text": text}, headers=self.auth
        )


def take_turn(conversations: list[Conversation], text: str) -> None:
    """Every conversation says `text` at once; each must get a reply from the assistant."""
    with ThreadPoolExecutor(max_workers=len(conversations)) as pool:
        responses = list(pool.map(lambda c: c.say(text), conversations))
    for conversation, response in zip(conversations, responses, strict=True):
        assert response.status_code == 200, (conversation.id, text, response.text)
        assert response.json()["messages"], f"no reply to {text!r} in {conversation.id}"


def kill(stack: Stack, name: str) -> None:
    os.kill(stack.pids()[name], signal.SIGKILL)
    deadline = time.monotonic() + 30
    while name not in stack.stopped():
        assert time.monotonic() < deadline, f"{name} outlived SIGKILL"
        time.sleep(0.1)


def stored_user_texts(database: URL) -> dict[str, list[str]]:
    """Each conversation's visitor messages as the tracker store holds them, in order."""
    engine = sa.create_engine(database)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT sender_id, data FROM events WHERE type_name = 'user' ORDER BY id")
            ).fetchall()
    finally:
        engine.dispose()
    texts: dict[str, list[str]] = {}
    for sender_id, data in rows:
        texts.setdefault(sender_id, []).append(json.loads(data)["text"])
    return texts


@pytest.fixture(scope="module")
def failover_run(replicated_stack: Stack, replica_tracker_database: URL) -> dict:
    """Ten conversations over both replicas; one replica killed halfway through."""
    settings = replicated_stack.settings
    with httpx.Client(base_url=settings.gateway_url, timeout=60, trust_env=False) as http:
        conversations = [Conversation(http) for _ in range(CONVERSATIONS)]
        for text in SCRIPT[:BEFORE_KILL]:
            take_turn(conversations, text)
        kill(replicated_stack, KILLED)
        for text in SCRIPT[BEFORE_KILL:]:
            take_turn(conversations, text)
        health = http.get("/healthz").json()
    routing = ReplicaSet(settings.rasa_urls)
    return {
        "owners": {c.id: routing.order(c.id)[0].url for c in conversations},
        "killed_url": settings.rasa_urls[0],
        "health": {entry["url"]: entry for entry in health["rasa"]},
        "stored": stored_user_texts(replica_tracker_database),
    }


def test_the_conversations_were_spread_over_both_replicas(failover_run, replicated_stack):
    assert set(failover_run["owners"].values()) == set(replicated_stack.settings.rasa_urls)


def test_every_conversation_went_on_after_its_replica_was_killed(failover_run):
    # take_turn asserted every reply; here, that the killed replica had conversations.
    killed = failover_run["killed_url"]
    assert [cid for cid, url in failover_run["owners"].items() if url == killed]


def test_each_message_is_stored_once_in_order(failover_run):
    assert len(failover_run["stored"]) == CONVERSATIONS
    for conversation_id, texts in failover_run["stored"].items():
        assert texts == SCRIPT, conversation_id


def test_healthz_reports_the_killed_replica_down(failover_run):
    health = failover_run["health"]
    killed = health.pop(failover_run["killed_url"])
    assert killed["state"] == "down"
    assert killed["last_error"] == "ConnectError"
    assert [entry["state"] for entry in health.values()] == ["up"]
