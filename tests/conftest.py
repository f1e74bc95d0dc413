"""Fixtures shared by every suite: the trained model and a live stack on free ports."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from harbor.settings import PROJECT_ROOT, Settings
from harbor.stack import Stack, action_server, free_port, gateway, rasa_server

MODEL_PATH = PROJECT_ROOT / "models" / "harbor.tar.gz"

# The FAQ topic keys the foundation issue fixed; checks and reports refer to them.
TOPICS = [
    "addiction_mental_health_link", "self_medication", "substances_cause_mental_illness",
    "risk_factors", "genetics", "childhood_trauma", "stress_environment", "brain_chemistry",
    "depression", "anxiety", "bipolar", "ptsd", "dual_diagnosis", "integrated_treatment",
    "cbt", "dbt", "emdr", "medication", "detox", "after_detox", "support_groups",
    "recovery_possible", "personalized_care", "family_support", "stigma", "prevention",
    "societal_impact", "advocacy",
]


def require_model() -> Path:
    if not MODEL_PATH.exists():
        pytest.fail(f"no trained model at {MODEL_PATH}: run `make train` first")
    return MODEL_PATH


@pytest.fixture(scope="session")
def live_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """Rasa, the action server and the gateway, as `make run` starts them, on free ports.

    The stack has `.settings.gateway_url` and `.settings.rasa_url`; each process logs to
    a file whose tail is shown if it fails to start. Rasa's HTTP API is on, as the staff
    console will need it, behind a token made for this run (`.settings.rasa_api_token`).
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
    with Stack(settings, processes, log_dir=work) as stack:
        yield stack
