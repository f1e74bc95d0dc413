"""Fixtures for tests that talk to the running stack: Rasa's REST channel, its API (with
the run's token) and the conversations as stored in the tracker database."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable, Iterator

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


@pytest.fixture
def rasa_api(live_stack: Stack) -> Iterator[httpx.Client]:
    """Rasa's HTTP API as the staff console would call it: with the token (a query
    parameter, Rasa's way)."""
    with httpx.Client(
        base_url=live_stack.settings.rasa_url,
        params={"token": live_stack.settings.rasa_api_token},
        timeout=30,
        trust_env=False,
    ) as client:
        yield client


def tracker_of(rasa_api: httpx.Client, conversation_id: str) -> dict:
    response = rasa_api.get(f"/conversations/{conversation_id}/tracker")
    response.raise_for_status()
    return response.json()


def stored_events(live_stack: Stack, conversation_id: str) -> list[dict]:
    """The conversation's events exactly as the tracker store wrote them, oldest first."""
    uri = f"file:{live_stack.settings.tracker_db_path}?mode=ro"
    with sqlite3.connect(uri, uri=True) as database:
        rows = database.execute(
            "SELECT data FROM events WHERE sender_id = ? ORDER BY id", (conversation_id,)
        ).fetchall()
    return [json.loads(data) for (data,) in rows]


def reply_text(messages: list[dict]) -> str:
    return "\n".join(message.get("text", "") for message in messages)
