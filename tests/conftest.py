"""Fixtures shared by every suite: the trained model and the live stacks on free ports."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
import yaml
from sqlalchemy.engine import URL

from harbor.settings import PROJECT_ROOT
from harbor.stack import Stack
from tests import stacks
from tests.postgres import throwaway_database
from tests.stacks import LiveCenter, StartingStack
from tests.web.conftest import redis_url  # noqa: F401  (Redis: local, or a throwaway one)

MODEL_PATH = PROJECT_ROOT / "models" / "harbor.tar.gz"

FAQ_RESPONSES_PATH = PROJECT_ROOT / "data" / "faq_responses.yml"
FAQ_RESPONSE_PREFIX = "utter_faq/"


def curated_answers() -> dict[str, dict]:
    """Each topic's curated answer (its first variation), keyed by topic.

    data/faq_responses.yml is the one list of topics: a trainer adds a topic there and
    every suite that walks the topics picks it up.
    """
    responses = yaml.safe_load(FAQ_RESPONSES_PATH.read_text())["responses"]
    return {
        name.removeprefix(FAQ_RESPONSE_PREFIX): variations[0]
        for name, variations in responses.items()
        if name.startswith(FAQ_RESPONSE_PREFIX)
    }


TOPICS = sorted(curated_answers())


def require_model() -> Path:
    if not MODEL_PATH.exists():
        pytest.fail(f"no trained model at {MODEL_PATH}: run `make train` first")
    return MODEL_PATH


# Started at the run's first test, in the order the tests need them (see tests/stacks.py).
EARLY_STACKS = ("live_stack_starting", "replicated_stack_starting")


def fixtures_of_this_run(request: pytest.FixtureRequest) -> set[str]:
    return {name for item in request.session.items for name in item.fixturenames}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Modules that need a live stack run after the others, whole and in their order, so
    the stacks load while the rest runs."""
    waiting = {item.path for item in items if set(EARLY_STACKS) & set(item.fixturenames)}
    items.sort(key=lambda item: item.path in waiting)


@pytest.fixture(scope="session", autouse=True)
def stacks_load_early(request: pytest.FixtureRequest) -> None:
    """Start loading the live stacks this run's tests need, while the first tests run."""
    needed = fixtures_of_this_run(request)
    for name in EARLY_STACKS:
        if name in needed:
            request.getfixturevalue(name)


@pytest.fixture(scope="session")
def live_stack_starting(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StartingStack]:
    starting = StartingStack(stacks.live_stack(tmp_path_factory.mktemp("stack"),
                                               require_model()))
    yield starting
    starting.stop()


@pytest.fixture(scope="session")
def live_stack(live_stack_starting: StartingStack) -> Stack:
    """Rasa, the action server and the gateway, as `make run` starts them, on free ports.

    The stack has `.settings.gateway_url` and `.settings.rasa_url`; each process logs to
    a file whose tail is shown if it fails to start. Rasa's HTTP API is on, behind a
    token made for this run (`.settings.rasa_api_token`). The center is never staffed
    unless a test changes that with `live_center` (see tests/stacks.py).
    """
    return live_stack_starting.ready()


@pytest.fixture(scope="session")
def live_center(live_stack: Stack) -> LiveCenter:
    """The live stack's center file, for a test that needs other hours or rules."""
    return LiveCenter(Path(live_stack.env["HARBOR_CENTER_FILE"]))


# --- two Rasa replicas on PostgreSQL and Redis (tests/integration/test_replica_failover.py)

@pytest.fixture(scope="session")
def replica_tracker_database() -> Iterator[URL]:
    """A PostgreSQL database of this run's own, dropped after it."""
    with throwaway_database("harbor_test") as url:
        yield url


@pytest.fixture(scope="session")
def replica_lock_prefix(redis_url: str) -> Iterator[str]:  # noqa: F811
    """A Redis key prefix of this run's own (Rasa allows letters and digits only)."""
    prefix = f"harbortest{uuid.uuid4().hex[:12]}"
    yield prefix
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


@pytest.fixture(scope="session")
def replicated_stack_starting(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    replica_tracker_database: URL,
    redis_url: str,  # noqa: F811
    replica_lock_prefix: str,
) -> Iterator[StartingStack]:
    """Loads after the live stack when the run has one: that one is needed sooner."""
    first = None
    if "live_stack_starting" in fixtures_of_this_run(request):
        first = request.getfixturevalue("live_stack_starting")
    stack = stacks.replicated_stack(tmp_path_factory.mktemp("replicas"), require_model(),
                                    replica_tracker_database, redis_url, replica_lock_prefix)
    starting = StartingStack(stack, after=first)
    yield starting
    starting.stop()


@pytest.fixture(scope="session")
def toy_corpus() -> tuple[list[str], list[int]]:
    """Texts and labels written for the tests, to train a small real learned reader.

    The made-up word "zorbly" is its only risk sign, so what the reader learns is plain
    to see and no lexicon entry can ever match it.
    """
    risk = [f"zorbly {w} tonight" for w in ("again", "now", "soon", "maybe", "really")] * 4
    other = [f"what is {w} and how does it work" for w in ("detox", "cbt", "dbt", "emdr")] * 5
    return risk + other, [1] * len(risk) + [0] * len(other)
