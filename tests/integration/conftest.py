"""Fixtures for tests that talk to the running stack through Rasa's REST channel."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import httpx
import pytest

from harbor.stack import Stack

Say = Callable[[str], list[dict]]


@pytest.fixture
def conversation_id() -> str:
    return f"test-{uuid.uuid4().hex}"


@pytest.fixture
def say(live_stack: Stack, conversation_id: str) -> Say:
    """Sends a message as one visitor to Rasa's REST channel; returns the bot's messages."""

    def send(text: str) -> list[dict]:
        response = httpx.post(
            f"{live_stack.settings.rasa_url}/webhooks/rest/webhook",
            json={"sender": conversation_id, "message": text},
            timeout=30,
        )
        response.raise_for_status()
        return response.json()

    return send


def reply_text(messages: list[dict]) -> str:
    return "\n".join(message.get("text", "") for message in messages)
