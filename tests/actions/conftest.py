"""Fixtures for the action tests: the real domain, a dispatcher and tracker builders."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from harbor.settings import PROJECT_ROOT


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    """The domain as the action server receives it, FAQ responses from data/ merged in."""
    from rasa.shared.importers.importer import TrainingDataImporter

    importer = TrainingDataImporter.load_from_config(
        config_path=str(PROJECT_ROOT / "config.yml"),
        domain_path=str(PROJECT_ROOT / "domain.yml"),
        training_data_paths=[str(PROJECT_ROOT / "data")],
    )
    return importer.get_domain().as_dict()


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


def user_event(parse_data: dict[str, Any]) -> dict[str, Any]:
    return {"event": "user", "text": parse_data.get("text", ""), "parse_data": parse_data}


def faq_parse(topic: str, ranking: list[str] | None = None) -> dict[str, Any]:
    """Parse data shaped like Rasa's for a question the response selector answered."""
    ranked = ranking or [topic]
    return {
        "text": f"a question about {topic}",
        "intent": {"name": "faq", "confidence": 0.9},
        "entities": [],
        "response_selector": {
            "faq": {
                "response": {"intent_response_key": f"faq/{topic}"},
                "ranking": [
                    {"intent_response_key": f"faq/{key}", "confidence": 0.5} for key in ranked
                ],
            }
        },
    }


def intent_parse(intent: str, entities: list[dict[str, Any]] | None = None,
                 **extra: Any) -> dict[str, Any]:
    return {"text": f"/{intent}", "intent": {"name": intent, "confidence": 1.0},
            "entities": entities or [], **extra}


@pytest.fixture
def make_tracker() -> Callable[..., Tracker]:
    """Builds a tracker whose latest message is the last of `turns` (parse data dicts)."""

    def build(*turns: dict[str, Any], slots: dict[str, Any] | None = None) -> Tracker:
        return Tracker.from_dict({
            "sender_id": "test-conversation",
            "slots": slots or {},
            "latest_message": turns[-1] if turns else {},
            "events": [user_event(turn) for turn in turns],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        })

    return build
