"""The replica set: each conversation's own order of replicas, and back-off when one fails.

Pure bookkeeping, with a clock the tests move by hand; the HTTP side is specified in
test_replica_routing.py.
"""

from __future__ import annotations

import pytest

from web.replicas import ReplicaSet

URLS = ("http://rasa-1:5005", "http://rasa-2:5005", "http://rasa-3:5005")
CONVERSATIONS = [f"conversation-{n}" for n in range(300)]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def replicas(clock: Clock) -> ReplicaSet:
    return ReplicaSet(URLS, clock=clock, first_backoff=2, max_backoff=30)


def first_urls(replica_set: ReplicaSet) -> list[str]:
    return [replica_set.order(cid)[0].url for cid in CONVERSATIONS]


def test_a_conversation_always_gets_the_same_order(replicas):
    assert [r.url for r in replicas.order("abc")] == [r.url for r in replicas.order("abc")]


def test_every_gateway_process_computes_the_same_order():
    assert first_urls(ReplicaSet(URLS)) == first_urls(ReplicaSet(tuple(reversed(URLS))))


def test_conversations_spread_over_every_replica(replicas):
    counts = {url: first_urls(replicas).count(url) for url in URLS}
    assert min(counts.values()) > len(CONVERSATIONS) / len(URLS) / 2, counts


def test_removing_a_replica_moves_only_its_own_conversations(replicas):
    before = first_urls(replicas)
    after = first_urls(ReplicaSet(URLS[:2]))
    moved = [(b, a) for b, a in zip(before, after, strict=True) if b != a]
    assert moved and all(b == URLS[2] for b, _ in moved)


def test_a_failed_replica_goes_to_the_end_of_every_order(replicas):
    first = replicas.order("abc")[0]
    replicas.mark_down(first, "ConnectError")
    assert replicas.candidates("abc")[-1] is first
    assert replicas.candidates("abc")[0] is replicas.order("abc")[1]


def test_a_failed_replica_is_tried_first_again_after_its_back_off(replicas, clock):
    first = replicas.order("abc")[0]
    replicas.mark_down(first, "ConnectError")
    clock.now += 2
    assert replicas.candidates("abc")[0] is first


@pytest.mark.parametrize(("failures", "backoff"), [(1, 2), (2, 4), (3, 8), (5, 30), (9, 30)])
def test_the_back_off_doubles_per_failure_up_to_its_ceiling(replicas, clock, failures, backoff):
    replica = replicas.replicas[0]
    for _ in range(failures):
        replicas.mark_down(replica, "ConnectError")
    assert replica.down_until - clock.now == backoff


def test_success_clears_the_back_off(replicas):
    replica = replicas.replicas[0]
    replicas.mark_down(replica, "ConnectError")
    replicas.mark_up(replica)
    assert replica.up and replica.down_until == 0


def test_the_report_names_each_replica_with_its_state_and_last_error(replicas, clock):
    replicas.mark_down(replicas.replicas[1], "ConnectError")
    clock.now += 0.5
    assert replicas.report() == [
        {"url": URLS[0], "state": "up", "last_error": None, "retry_in_seconds": None},
        {"url": URLS[1], "state": "down", "last_error": "ConnectError", "retry_in_seconds": 1.5},
        {"url": URLS[2], "state": "up", "last_error": None, "retry_in_seconds": None},
    ]


@pytest.mark.parametrize("urls", [(), ("http://a:1", "http://a:1")], ids=["none", "twice"])
def test_a_replica_list_that_cannot_route_is_refused(urls):
    with pytest.raises(ValueError):
        ReplicaSet(urls)
