"""The no-promise rule with the real assistant: a center that reads no call-back list and
has no webhook gets no request taken; the visitor gets the contact and the lines."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest

from harbor.stack import Stack
from tests.integration.conftest import reply_text
from tests.stacks import LiveCenter

pytestmark = pytest.mark.integration


@pytest.fixture
def unseen_stack(live_stack: Stack, live_center: LiveCenter) -> Iterator[Stack]:
    """The live stack (no webhook, never staffed: asking for a person gets the contact,
    whatever the clock) with a center file that takes no call-back requests."""
    with live_center.handoff(take_callback_requests=False):
        yield live_stack


def say(stack: Stack, sender: str, message: str) -> list[dict]:
    response = httpx.post(f"{stack.settings.rasa_url}/webhooks/rest/webhook",
                          json={"sender": sender, "message": message}, timeout=60)
    response.raise_for_status()
    return response.json()


def test_with_nobody_to_see_it_asking_for_a_person_offers_no_call_back(unseen_stack: Stack):
    replies = say(unseen_stack, f"test-{uuid.uuid4().hex}", "can I talk to a real person")
    buttons = [button["title"] for reply in replies for button in reply.get("buttons") or []]
    assert "Request a call back" not in buttons
    assert "988" in reply_text(replies)


def test_with_nobody_to_see_it_no_request_is_taken(unseen_stack: Stack):
    sender = f"test-{uuid.uuid4().hex}"
    response = httpx.post(f"{unseen_stack.settings.rasa_url}/webhooks/rest/webhook",
                          json={"sender": sender, "message": "please call me back"},
                          timeout=60)
    reply = reply_text(response.json())

    assert "can't take a call-back request" in reply and "988" in reply
    tracker = httpx.get(f"{unseen_stack.settings.rasa_url}/conversations/{sender}/tracker",
                        params={"token": unseen_stack.settings.rasa_api_token}, timeout=30).json()
    assert tracker["active_loop"] in ({}, None) or not tracker["active_loop"].get("name")
    assert tracker["slots"]["callback_request"] is None
