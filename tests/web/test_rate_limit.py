"""Rate limits: per client address and per conversation, in memory or shared in Redis.

Specified through the gateway's HTTP API with Rasa played by `StubRasa`. The client
address is the connection's peer ("testclient" for the TestClient); X-Forwarded-For
counts only from a configured proxy.
"""

from __future__ import annotations

import pytest

from harbor.stack import free_port
from tests.web.servers import ThrowawayRedis, redis_answers
from tests.web.visitor import Visitor
from web.rate_limit import RateLimiter, RateLimits

TIGHT_ADDRESS = RateLimits(per_address="3/minute", per_conversation="100/minute")
TIGHT_CONVERSATION = RateLimits(per_address="100/minute", per_conversation="2/minute")


@pytest.fixture(params=["memory", "redis"])
def counters(request) -> dict[str, object]:
    """Where the counters live: this process, or a Redis every replica shares."""
    if request.param == "memory":
        return {}
    return {
        "redis_url": request.getfixturevalue("redis_url"),
        "namespace": request.getfixturevalue("namespace"),
    }


def forwarded(address: str) -> dict[str, str]:
    return {"X-Forwarded-For": address}


def test_an_address_over_its_limit_gets_429_with_retry_after(make_client, stub_rasa, counters):
    visitor = Visitor(make_client(stub_rasa.port, TIGHT_ADDRESS, **counters))  # 1 of 3
    assert [visitor.say("hi").status_code for _ in range(2)] == [200, 200]
    response = visitor.say("one too many")
    assert response.status_code == 429
    assert response.json()["error"] == "rate_limited"
    assert int(response.headers["Retry-After"]) == response.json()["retry_after_seconds"] >= 1


def test_a_conversation_over_its_limit_gets_429(make_client, stub_rasa, counters):
    visitor = Visitor(make_client(stub_rasa.port, TIGHT_CONVERSATION, **counters))
    assert [visitor.say("hi").status_code for _ in range(3)] == [200, 200, 429]


def test_another_conversation_from_the_same_address_keeps_its_own_budget(make_client, stub_rasa):
    client = make_client(stub_rasa.port, TIGHT_CONVERSATION)
    first, second = Visitor(client), Visitor(client)
    for _ in range(3):
        first.say("hi")
    assert second.say("hi").status_code == 200


def test_a_wrong_token_does_not_use_up_the_conversations_budget(make_client, stub_rasa):
    client = make_client(stub_rasa.port, TIGHT_CONVERSATION)
    visitor, stranger = Visitor(client), Visitor(client)
    for _ in range(3):
        client.post(visitor.url, json={"text": "hi"}, headers=stranger.auth)
    assert visitor.say("hi").status_code == 200


def test_reads_are_not_counted(make_client, stub_rasa):
    client = make_client(stub_rasa.port, RateLimits(per_address="1/minute"))
    assert {client.get("/api/config").status_code for _ in range(5)} == {200}
    assert client.post("/api/conversations").status_code == 201


@pytest.mark.parametrize(
    "spoofed",
    [
        lambda i: forwarded(f"203.0.113.{i}"),
        lambda i: forwarded(f"203.0.113.{i}, 198.51.100.{i}"),
        lambda i: {"X-Real-IP": f"203.0.113.{i}"},
        lambda i: {"Forwarded": f"for=203.0.113.{i}"},
    ],
    ids=["X-Forwarded-For", "a forwarded chain", "X-Real-IP", "Forwarded"],
)
def test_spoofed_forwarded_headers_do_not_reset_the_limit(make_client, stub_rasa, spoofed):
    client = make_client(stub_rasa.port, TIGHT_ADDRESS)
    statuses = [
        client.post("/api/conversations", headers=spoofed(i)).status_code for i in range(6)
    ]
    assert statuses == [201, 201, 201, 429, 429, 429]


def test_a_trusted_proxy_names_each_client(make_client, stub_rasa):
    client = make_client(stub_rasa.port, TIGHT_ADDRESS, trusted_proxies=("testclient",))
    statuses = [
        client.post("/api/conversations", headers=forwarded(f"203.0.113.{i}")).status_code
        for i in range(6)
    ]
    assert statuses == [201] * 6


def test_behind_a_trusted_proxy_a_visitor_cannot_prepend_fresh_addresses(make_client, stub_rasa):
    """The proxy appends the address it saw; only that, the rightmost, is believed."""
    client = make_client(stub_rasa.port, TIGHT_ADDRESS, trusted_proxies=("testclient",))
    statuses = [
        client.post(
            "/api/conversations", headers=forwarded(f"10.9.9.{i}, 203.0.113.7")
        ).status_code
        for i in range(4)
    ]
    assert statuses == [201, 201, 201, 429]


def test_gateway_replicas_sharing_redis_share_the_limit(
    make_client, stub_rasa, redis_url, namespace
):
    shared = {"redis_url": redis_url, "namespace": namespace}
    replica_a = make_client(stub_rasa.port, TIGHT_CONVERSATION, **shared)
    replica_b = make_client(stub_rasa.port, TIGHT_CONVERSATION, **shared)
    visitor = Visitor(replica_a)
    assert visitor.say("hi").status_code == 200
    assert replica_b.post(visitor.url, json={"text": "hi"}, headers=visitor.auth).status_code == 200
    assert visitor.say("hi").status_code == 429


def test_with_redis_down_messages_still_go_through(make_client, stub_rasa):
    client = make_client(stub_rasa.port, TIGHT_ADDRESS, redis_url=f"redis://127.0.0.1:{free_port()}")
    visitor = Visitor(client)
    assert [visitor.say("hi").status_code for _ in range(4)] == [200] * 4


def test_a_throwaway_redis_server_starts_where_none_answers():
    with ThrowawayRedis() as server:
        assert redis_answers(server.url)
    assert not redis_answers(server.url)


@pytest.mark.parametrize(
    "limits",
    [
        RateLimits(per_address="0/minute"),
        RateLimits(per_conversation="0/minute"),
        RateLimits(per_address="lots"),
    ],
    ids=["address allows nothing", "conversation allows nothing", "not a limit"],
)
def test_a_limit_that_is_not_a_limit_is_a_configuration_error(limits):
    with pytest.raises(ValueError):
        RateLimiter(limits)
