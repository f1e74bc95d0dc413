"""The gateway's one way to talk to Rasa: its REST channel, over a shared httpx client."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import anyio
import httpx

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/webhooks/rest/webhook"


class RasaUnavailable(Exception):
    """Rasa did not answer usefully: down, too slow, an error status or a malformed reply."""


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class BotMessage:
    text: str
    buttons: tuple[Button, ...] = ()


class RasaClient:
    def __init__(self, http: httpx.AsyncClient, timeout_seconds: float) -> None:
        """`http` has Rasa's URL as base_url; the app's lifespan owns and closes it."""
        self._http = http
        self._timeout_seconds = timeout_seconds

    async def send(self, sender_id: str, text: str) -> list[BotMessage]:
        """Hand one visitor message to Rasa and return the bot's replies in order."""
        # httpx's timeout bounds each phase (connect, write, read) separately; the
        # visitor waits for all of them, so the deadline covers the whole exchange.
        try:
            with anyio.fail_after(self._timeout_seconds):
                response = await self._http.post(
                    WEBHOOK_PATH, json={"sender": sender_id, "message": text}
                )
        except TimeoutError as exc:
            raise RasaUnavailable("timed out") from exc
        except httpx.HTTPError as exc:
            raise RasaUnavailable(f"request failed: {type(exc).__name__}") from exc
        if response.status_code != 200:
            raise RasaUnavailable(f"status {response.status_code}")
        try:
            return parse_replies(response.json())
        except ValueError as exc:
            raise RasaUnavailable(f"malformed reply: {exc}") from exc

    async def is_ready(self) -> bool:
        """True when Rasa's root answers; used by /readyz."""
        try:
            with anyio.fail_after(self._timeout_seconds):
                response = await self._http.get("/")
        except (TimeoutError, httpx.HTTPError):
            return False
        return response.status_code == 200


def parse_replies(body: object) -> list[BotMessage]:
    """Keep the text and buttons of each reply; drop what the widget cannot show."""
    if not isinstance(body, list):
        raise ValueError("expected a list of messages")
    messages = []
    for item in body:
        if not isinstance(item, dict):
            raise ValueError("expected each message to be an object")
        text = item.get("text") if isinstance(item.get("text"), str) else ""
        buttons = tuple(
            Button(title=button["title"], payload=button["payload"])
            for button in item.get("buttons") or ()
            if isinstance(button, dict)
            and isinstance(button.get("title"), str)
            and isinstance(button.get("payload"), str)
        )
        if text or buttons:
            messages.append(BotMessage(text=text, buttons=buttons))
        else:
            log.info("dropped a Rasa reply with neither text nor buttons: keys %s", sorted(item))
    return messages
