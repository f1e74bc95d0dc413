"""Fixtures for the gateway and widget tests.

Rasa's place is taken by small real HTTP servers on loopback (`StubRasa` in servers.py)
that answer the REST channel's way, slowly, with an error, or with garbage; "Rasa is
down" is a closed port. Tests that need the real assistant use the `live_stack` fixture from
tests/conftest.py and are marked `integration`.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from harbor.settings import PROJECT_ROOT
from harbor.stack import free_port
from tests.web.servers import (
    UNLIMITED,
    ServedApp,
    StubRasa,
    ThrowawayRedis,
    redis_answers,
    settings_for,
)
from tests.web.visitor import Visitor
from tests.web.widget_page import DESKTOP, PHONE
from web.app import create_app
from web.rate_limit import RateLimits

ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"


@pytest.fixture
def stub_rasa() -> Iterator[StubRasa]:
    with StubRasa("echo") as stub:
        yield stub


# --- Redis, for what gateway replicas share ----------------------------------------------

LOCAL_REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A Redis that answers: HARBOR_TEST_REDIS_URL, the local one, or a throwaway server.

    Never a skip: without Redis the shared-counter tests fail and say how to get one.
    Each test keeps its keys apart with its own namespace (see `namespace`).
    """
    configured = os.environ.get("HARBOR_TEST_REDIS_URL")
    if configured or redis_answers(LOCAL_REDIS):
        yield configured or LOCAL_REDIS
        return
    if shutil.which("redis-server") is None:
        pytest.fail("no Redis answers and redis-server is missing: run `make redis-deps`")
    with ThrowawayRedis() as server:
        yield server.url


@pytest.fixture
def namespace() -> str:
    """A key prefix of this test's own in Redis."""
    return f"harbor-test-{uuid.uuid4().hex}"


# --- the gateway in-process -------------------------------------------------------------

@pytest.fixture
def make_client() -> Iterator[Callable[..., TestClient]]:
    """Build a TestClient for a gateway talking to Rasa on `rasa_port`; closed at teardown."""
    clients: list[TestClient] = []

    def make(
        rasa_port: int,
        rate_limits: RateLimits = UNLIMITED,
        namespace: str = "harbor-test",
        **settings: object,
    ) -> TestClient:
        app = create_app(
            settings_for(rasa_port, **settings), rate_limits=rate_limits, namespace=namespace
        )
        client = TestClient(app, raise_server_exceptions=False)
        client.__enter__()  # runs the lifespan, which opens the Rasa client
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: Callable[..., TestClient], stub_rasa: StubRasa) -> TestClient:
    return make_client(stub_rasa.port)


@pytest.fixture
def visitor(client: TestClient) -> Visitor:
    return Visitor(client)


# --- the gateway on a real port, for the browser ---------------------------------------

@pytest.fixture(scope="session")
def session_stub_rasa() -> Iterator[StubRasa]:
    with StubRasa("echo") as stub:
        yield stub


@pytest.fixture(scope="session")
def gateway_url(session_stub_rasa: StubRasa) -> Iterator[str]:
    """The gateway, served on a free port, in front of the echoing stand-in for Rasa."""
    app = create_app(settings_for(session_stub_rasa.port), rate_limits=UNLIMITED)
    with ServedApp(app) as served:
        yield served.url


@pytest.fixture(scope="session")
def gateway_without_rasa_url() -> Iterator[str]:
    """The gateway, served on a free port, with nothing listening where Rasa should be."""
    app = create_app(settings_for(free_port()), rate_limits=UNLIMITED)
    with ServedApp(app) as served:
        yield served.url


# --- the browser ----------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]


# One browser per module, not per session: Playwright's sync API keeps its event loop
# running in the main thread while it is open, and tests in later modules (the console's,
# the integration suite's) call asyncio.run().
@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (make browser-deps)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageWatch:
    """Console errors and requests that left loopback, collected while a page runs."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        self.outside_requests: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on(
            "request",
            lambda r: r.url.startswith(("http://127.0.0.1", "data:"))
            or self.outside_requests.append(r.url),
        )


def _new_page(browser, viewport: dict):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.watch = PageWatch(page)
    return context, page


@pytest.fixture
def page(browser):
    """A desktop-sized page in a fresh context (so sessionStorage starts empty)."""
    context, page = _new_page(browser, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context, page = _new_page(browser, PHONE)
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS

