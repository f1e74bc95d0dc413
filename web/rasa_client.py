"""The gateway's one way to talk to Rasa: its REST channel, and (for live hand-offs) its HTTP
API with the token, over a shared httpx client."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import anyio
import httpx

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/webhooks/rest/webhook"
TRACKER_PATH = "/conversations/{sender_id}/tracker"


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
    # A custom payload (an action's `json_message`), for the gateway, never shown as is.
    custom: dict | None = None

    @property
    def is_shown(self) -> bool:
        return bool(self.text or self.buttons)


class RasaClient:
    def __init__(
        self, http: httpx.AsyncClient, timeout_seconds: float, api_token: str = ""
    ) -> None:
        """`http` has Rasa's URL as base_url; the app's lifespan owns and closes it.

        `api_token` opens Rasa's HTTP API (pausing, resuming, staff messages); without
        it those calls raise RasaUnavailable.
        """
        self._http = http
        self._timeout_seconds = timeout_seconds
        self._api_token = api_token

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

    async def append_events(self, sender_id: str, events: list[dict]) -> None:
        """Add events to the conversation's tracker: `pause`, `resume`, a staff `bot` message.

        Nothing reaches the visitor through Rasa (no output channel, no side effects).
        """
        await self._api("POST", f"{TRACKER_PATH}/events", sender_id, json=events)

    async def latest_message(self, sender_id: str) -> dict:
        """The parse data of the visitor's latest message (intent, `risk`), as Rasa stored it."""
        body = await self._api("GET", TRACKER_PATH, sender_id)
        latest = body.get("latest_message") if isinstance(body, dict) else None
        return latest if isinstance(latest, dict) else {}

    async def _api(self, method: str, path: str, sender_id: str, **kwargs: object) -> object:
        if not self._api_token:
            raise RasaUnavailable("Rasa's HTTP API is off (set HARBOR_RASA_API=true)")
        # The token goes as Rasa's API expects it, in the query; web/__main__.py keeps
        # httpx's request log quiet so it never lands in a log file.
        params = {"token": self._api_token, "include_events": "NONE"}
        try:
            with anyio.fail_after(self._timeout_seconds):
                response = await self._http.request(
                    method, path.format(sender_id=sender_id), params=params, **kwargs
                )
        except TimeoutError as exc:
            raise RasaUnavailable("timed out") from exc
        except httpx.HTTPError as exc:
            raise RasaUnavailable(f"request failed: {type(exc).__name__}") from exc
        if response.status_code != 200:
            raise RasaUnavailable(f"status {response.status_code} from the API")
        try:
            return response.json()
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
    """Keep the text, buttons and custom payload of each reply; drop the rest (images...)."""
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
        custom = item.get("custom") if isinstance(item.get("custom"), dict) else None
        if text or buttons or custom:
            messages.append(BotMessage(text=text, buttons=buttons, custom=custom))
        else:
            log.info("dropped a Rasa reply with neither text nor buttons: keys %s", sorted(item))
    return messages
