"""The token bucket: a burst at once, then a steady refill."""

from __future__ import annotations

import pytest

from web.rate_limit import RateLimit, TokenBucketLimiter


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def limiter(clock: Clock, burst: int = 3, per_minute: float = 60, **kw) -> TokenBucketLimiter:
    return TokenBucketLimiter(RateLimit(burst=burst, per_minute=per_minute), clock=clock, **kw)


def test_a_burst_is_allowed_then_refused(clock):
    bucket = limiter(clock, burst=3)
    assert [bucket.acquire("a") for _ in range(3)] == [0, 0, 0]
    assert bucket.acquire("a") == pytest.approx(1.0)


def test_tokens_come_back_with_time(clock):
    bucket = limiter(clock, burst=1, per_minute=60)
    bucket.acquire("a")
    clock.now += 1.0
    assert bucket.acquire("a") == 0


def test_the_wait_shrinks_as_time_passes(clock):
    bucket = limiter(clock, burst=1, per_minute=6)  # one token every 10 s
    bucket.acquire("a")
    clock.now += 4.0
    assert bucket.acquire("a") == pytest.approx(6.0)


def test_clients_have_separate_buckets(clock):
    bucket = limiter(clock, burst=1)
    bucket.acquire("a")
    assert bucket.acquire("b") == 0


def test_memory_stays_bounded_by_forgetting_the_least_recent_clients(clock):
    bucket = limiter(clock, burst=1, max_clients=2)
    for client in ("a", "b", "c"):
        bucket.acquire(client)
    assert bucket.acquire("a") == 0  # forgotten, so it starts with a full bucket
    assert bucket.acquire("c") > 0


@pytest.mark.parametrize("limit", [RateLimit(burst=0), RateLimit(per_minute=0)])
def test_a_limit_that_allows_nothing_is_a_configuration_error(clock, limit):
    with pytest.raises(ValueError):
        TokenBucketLimiter(limit, clock=clock)
