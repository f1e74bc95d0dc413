"""Fixtures shared by every suite: the trained model and a live stack on free ports."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from harbor.center import CENTER_FILE
from harbor.settings import PROJECT_ROOT, Settings
from harbor.stack import Stack, action_server, free_port, gateway, rasa_server

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


@pytest.fixture(scope="session")
def live_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """Rasa, the action server and the gateway, as `make run` starts them, on free ports.

    The stack has `.settings.gateway_url` and `.settings.rasa_url`; each process logs to
    a file whose tail is shown if it fails to start. Rasa's HTTP API is on, as `make run`
    has it for live hand-offs, behind a token made for this run (`.settings.rasa_api_token`).
    The center is never staffed here (see `center_file`).
    """
    work = tmp_path_factory.mktemp("stack")
    settings = Settings(
        rasa_port=free_port(),
        actions_port=free_port(),
        gateway_port=free_port(),
        secret_key="integration-test-secret",
        rasa_api_enabled=True,
        rasa_api_token=secrets.token_urlsafe(32),
        # Every test visitor shares 127.0.0.1; the limits have tests of their own.
        rate_limit_per_address="100000/minute",
        rate_limit_per_conversation="100000/minute",
        model_path=require_model(),
        tracker_db_path=work / "tracker.db",
    )
    processes = [action_server(settings), rasa_server(settings), gateway(settings)]
    stack = Stack(settings, processes, log_dir=work)
    stack.env["HARBOR_CENTER_FILE"] = str(center_file(work, staffed_hours=None))
    with stack:
        yield stack


def center_file(folder: Path, staffed_hours: dict[str, str] | None) -> Path:
    """center.yml with other staffed hours, so no test depends on the clock.

    The shared live stack is never staffed (asking for a person takes the call-back
    path); tests/web/test_handoff_live.py runs a stack staffed at every hour.
    """
    center = yaml.safe_load(CENTER_FILE.read_text())
    center["handoff"]["staffed_hours"] = staffed_hours
    path = folder / "center.yml"
    path.write_text(yaml.safe_dump(center))
    return path


@pytest.fixture(scope="session")
def toy_corpus() -> tuple[list[str], list[int]]:
    """Texts and labels written for the tests, to train a small real learned reader.

    The made-up word "zorbly" is its only risk sign, so what the reader learns is plain
    to see and no lexicon entry can ever match it.
    """
    risk = [f"zorbly {w} tonight" for w in ("again", "now", "soon", "maybe", "really")] * 4
    other = [f"what is {w} and how does it work" for w in ("detox", "cbt", "dbt", "emdr")] * 5
    return risk + other, [1] * len(risk) + [0] * len(other)
