"""The gateway in front of several Rasa replicas: each conversation stays on one, moves
to the next when its replica fails, and /healthz says which replicas are down.

Each replica is a `StubRasa` (a real HTTP server on loopback); a dead replica is a
closed port. The whole path runs: the visitor API, the routing, HTTP to the replicas.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from harbor.stack import free_port
from tests.web.servers import StubRasa
from tests.web.visitor import Visitor
from web.replicas import ReplicaSet


@pytest.fixture
def two_replicas() -> Iterator[tuple[StubRasa, StubRasa]]:
    with StubRasa("echo") as first, StubRasa("echo") as second:
        yield first, second


def url(stub_or_port: StubRasa | int) -> str:
    port = stub_or_port if isinstance(stub_or_port, int) else stub_or_port.port
    return f"http://127.0.0.1:{port}"


def gateway(make_client, *replicas: StubRasa | int):
    urls = tuple(url(replica) for replica in replicas)
    return make_client(free_port(), rasa_urls_configured=urls)


def owner(visitor: Visitor, *replicas: StubRasa | int) -> str:
    """The replica the routing gives this conversation first."""
    return ReplicaSet([url(replica) for replica in replicas]).order(visitor.id)[0].url


def senders(stub: StubRasa) -> set[str]:
    return {message["sender"] for message in stub.received}


def test_each_conversation_stays_on_one_replica(make_client, two_replicas):
    client = gateway(make_client, *two_replicas)
    visitors = [Visitor(client) for _ in range(12)]
    for _ in range(3):
        for visitor in visitors:
            assert visitor.say("hello").status_code == 200
    first, second = two_replicas
    assert senders(first).isdisjoint(senders(second))
    for visitor in visitors:
        served_by = first if visitor.id in senders(first) else second
        assert owner(visitor, *two_replicas) == url(served_by)


def test_conversations_spread_over_the_replicas(make_client, two_replicas):
    client = gateway(make_client, *two_replicas)
    for _ in range(12):
        Visitor(client).say("hello")
    assert all(stub.received for stub in two_replicas)


def test_a_conversation_whose_replica_is_down_is_answered_by_the_next(make_client):
    dead = free_port()
    with StubRasa("echo") as alive:
        client = gateway(make_client, dead, alive)
        visitors = [Visitor(client) for _ in range(8)]
        on_dead = [v for v in visitors if owner(v, dead, alive) == url(dead)]
        assert on_dead, "no conversation was routed to the dead replica"
        for visitor in on_dead:
            response = visitor.say("are you there")
            assert response.status_code == 200
            assert response.json()["messages"][0]["text"] == "You said: are you there"


def test_a_replica_answering_5xx_is_passed_over(make_client):
    with StubRasa("error") as failing, StubRasa("echo") as alive:
        client = gateway(make_client, failing, alive)
        for _ in range(6):
            assert Visitor(client).say("hello").status_code == 200
    assert {m["sender"] for m in failing.received} <= {m["sender"] for m in alive.received}


def test_a_slow_replica_is_not_sent_the_message_again(make_client):
    with StubRasa("slow") as slow, StubRasa("echo") as other:
        client = gateway(make_client, slow, other)
        visitor = next(v for v in (Visitor(client) for _ in range(20))
                       if owner(v, slow, other) == url(slow))
        response = visitor.say("hello")
    assert response.status_code == 503
    assert response.json()["error"] == "assistant_unavailable"
    assert visitor.id not in senders(other)


def test_after_a_timeout_the_conversation_moves_to_the_next_replica(make_client):
    with StubRasa("slow") as slow, StubRasa("echo") as other:
        client = gateway(make_client, slow, other)
        visitor = next(v for v in (Visitor(client) for _ in range(20))
                       if owner(v, slow, other) == url(slow))
        visitor.say("hello")
        assert visitor.say("hello again").status_code == 200
    assert [m["message"] for m in other.received if m["sender"] == visitor.id] == ["hello again"]


def test_with_every_replica_down_the_visitor_gets_the_service_message(make_client):
    client = gateway(make_client, free_port(), free_port())
    response = Visitor(client).say("hello")
    assert response.status_code == 503
    assert response.json()["messages"], "the safety reply is missing"


def test_healthz_reports_each_replica_and_the_last_error(make_client):
    dead = free_port()
    with StubRasa("echo") as alive:
        client = gateway(make_client, dead, alive)
        visitor = next(v for v in (Visitor(client) for _ in range(20))
                       if owner(v, dead, alive) == url(dead))
        visitor.say("hello")
        report = {entry["url"]: entry for entry in client.get("/healthz").json()["rasa"]}
    assert report[url(dead)]["state"] == "down"
    assert report[url(dead)]["last_error"] == "ConnectError"
    assert report[url(alive)]["state"] == "up"


def test_readyz_is_ok_while_one_replica_answers(make_client):
    with StubRasa("echo") as alive:
        client = gateway(make_client, free_port(), alive)
        response = client.get("/readyz")
        health = client.get("/healthz").json()["rasa"]
    assert response.status_code == 200
    assert [entry["state"] for entry in health] == ["down", "up"]
