"""Fixtures for the benchmark's own tests: Rasa played by a real stub server, and the gateway."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.web.servers import UNLIMITED, ServedApp, StubRasa, settings_for
from web.app import create_app


@pytest.fixture
def stub_rasa() -> Iterator[StubRasa]:
    with StubRasa("echo") as stub:
        yield stub


@pytest.fixture
def gateway_url(stub_rasa: StubRasa) -> Iterator[str]:
    # A busy machine may take longer than the gateway tests' short Rasa timeout.
    settings = settings_for(stub_rasa.port, rasa_timeout_seconds=10.0)
    app = create_app(settings, rate_limits=UNLIMITED)
    with ServedApp(app) as served:
        yield served.url
