"""The gateway's one way to talk to Rasa: its REST channel, and (for live hand-offs) its HTTP
API with the token, over a shared httpx client.

Every call names a conversation and goes to that conversation's replica
(web/replicas.py says which, and why a conversation stays on one). When the replica
fails before or while answering, the call moves to the next replica in the
conversation's order and the failed one is set aside for a back-off:

- not delivered (connection refused, connect timeout): safe to send again;
- the connection broke mid-answer (the replica died): sent again; Rasa writes a turn's
  events only at its end, so the message is very rarely stored twice, and a visitor
  in distress gets an answer rather than an error. The lock the dead replica held on
  the conversation is released first (web/conversation_locks.py), or the next replica
  would wait for it longer than the visitor waits;
- an error status (5xx): the replica failed the turn; sent again;
- no answer within the timeout: the replica is alive but slow and may still store the
  turn, so the message is not sent again (that would run it twice, at once, in two
  processes); the replica is marked down, the visitor gets the service message, and the
  conversation's next message goes to the next replica.

New calls (Rasa's HTTP API: events, pause, resume) go through `_routed` so they reach the
replica that holds the conversation.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import anyio
import httpx

from web.conversation_locks import ConversationLocks, NoSharedLocks
from web.replicas import Replica, ReplicaSet

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/webhooks/rest/webhook"
# A replica on the same network accepts a connection in milliseconds; one that has not
# within this is down, and the next replica can still answer within the visitor's wait.
CONNECT_TIMEOUT_SECONDS = 2.0
# Sending again is safe (not delivered) or worth it (the replica died mid-answer).
FAILOVER_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout,
                   httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)
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
        self,
        http: httpx.AsyncClient,
        timeout_seconds: float,
        *,
        replicas: ReplicaSet,
        locks: ConversationLocks | None = None,
        api_token: str = "",
    ) -> None:
        """`http` needs no base URL (each call names its replica); the app's lifespan owns
        it. `locks`: the replicas' shared lock store, to release a dead replica's locks.
        `api_token` opens Rasa's HTTP API (pausing, resuming, staff messages); without it
        those calls raise RasaUnavailable."""
        self._http = http
        self.replicas = replicas
        self._locks = locks or NoSharedLocks()
        self._timeout_seconds = timeout_seconds
        self._api_token = api_token

    async def send(self, sender_id: str, text: str) -> list[BotMessage]:
        """Hand one visitor message to Rasa and return the bot's replies in order."""
        response = await self._routed(
            sender_id, "POST", WEBHOOK_PATH, json={"sender": sender_id, "message": text}
        )
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
        response = await self._routed(
            sender_id, method, path.format(sender_id=sender_id), params=params, **kwargs
        )
        if response.status_code != 200:
            raise RasaUnavailable(f"status {response.status_code} from the API")
        try:
            return response.json()
        except ValueError as exc:
            raise RasaUnavailable(f"malformed reply: {exc}") from exc

    async def is_ready(self) -> bool:
        """True when any replica's root answers; each replica's state is updated. /readyz."""
        results: list[bool] = []

        async def probe(replica: Replica) -> None:
            results.append(await self._probe(replica))

        async with anyio.create_task_group() as group:
            for replica in self.replicas.replicas:
                group.start_soon(probe, replica)
        return any(results)

    async def _probe(self, replica: Replica) -> bool:
        try:
            with anyio.fail_after(self._timeout_seconds):
                response = await self._http.get(f"{replica.url}/")
        except (TimeoutError, httpx.HTTPError) as exc:
            self.replicas.mark_down(replica, describe(exc))
            return False
        if response.status_code != 200:
            self.replicas.mark_down(replica, f"status {response.status_code}")
            return False
        self.replicas.mark_up(replica)
        return True

    async def _routed(
        self, conversation_id: str, method: str, path: str, **request: Any
    ) -> httpx.Response:
        """The conversation's replica's answer to one request, failing over as above.

        A 4xx answer is returned as it is: the request was wrong, not the replica.
        """
        failures: list[str] = []
        for replica in self.replicas.candidates(conversation_id):
            try:
                # httpx's timeout bounds each phase (connect, write, read) separately;
                # the visitor waits for all of them, so the deadline covers the exchange.
                with anyio.fail_after(self._timeout_seconds):
                    response = await self._http.request(
                        method, f"{replica.url}{path}", **request
                    )
            except FAILOVER_ERRORS as exc:
                self._failed(replica, describe(exc), failures)
                await self._locks.release(conversation_id)
                continue
            except (TimeoutError, httpx.TimeoutException) as exc:
                self._failed(replica, "timed out", failures)
                raise RasaUnavailable(f"{replica.url} timed out; not sent again") from exc
            except httpx.HTTPError as exc:
                raise RasaUnavailable(f"request failed: {describe(exc)}") from exc
            if response.status_code >= 500:
                self._failed(replica, f"status {response.status_code}", failures)
                continue
            self.replicas.mark_up(replica)
            return response
        raise RasaUnavailable("every replica failed: " + "; ".join(failures))

    def _failed(self, replica: Replica, error: str, failures: list[str]) -> None:
        log.warning("Rasa replica %s failed (%s); marked down", replica.url, error)
        self.replicas.mark_down(replica, error)
        failures.append(f"{replica.url}: {error}")


def describe(error: BaseException) -> str:
    """An exception's kind, for logs and /healthz: never a visitor's words."""
    if isinstance(error, TimeoutError):
        return "timed out"
    return type(error).__name__


def http_client(timeout_seconds: float) -> httpx.AsyncClient:
    """The pooled client to every replica. trust_env=False: Rasa is on loopback or a
    private network, and a stray HTTP_PROXY must not reroute visitors' messages."""
    timeout = httpx.Timeout(timeout_seconds, connect=min(CONNECT_TIMEOUT_SECONDS, timeout_seconds))
    return httpx.AsyncClient(timeout=timeout, trust_env=False)


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
