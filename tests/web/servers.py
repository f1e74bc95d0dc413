"""Real servers on loopback for the gateway tests: stand-ins for Rasa, and the gateway.

`StubRasa` answers the way Rasa's REST channel does (or slowly, or wrongly); it is a real
HTTP server, so the gateway's whole path to Rasa runs. `ServedApp` serves an ASGI app
with uvicorn in a background thread, for the browser tests and the benchmark.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import uvicorn
from starlette.applications import Starlette

from harbor.settings import Settings
from harbor.stack import free_port
from web.rate_limit import RateLimits

EMBEDDING_ORIGIN = "https://embedding-site.example"
TIMEOUT_SECONDS = 0.5
# Generous enough that only the rate-limit tests ever meet a limit.
UNLIMITED = RateLimits(per_address="10000/second", per_conversation="10000/second")
STUB_API_TOKEN = "stub-rasa-api-token"
# The stand-in's hand-off: these words ask for a person, and a message starting with
# "CRISIS" carries a crisis risk, as the NLU pipeline would attach one.
ASK_FOR_PERSON = "can I talk to a person"
CRISIS_PREFIX = "CRISIS"
# The gateway's tests keep the console's tables out of the project's var/ folder.
_DATABASES = tempfile.TemporaryDirectory(prefix="harbor-gateway-tests-")


class StubRasa:
    """A real HTTP server on loopback that answers like Rasa's REST channel.

    behaviour "echo" replies "You said: <text>"; a message starting "buttons" also gets
    two quick replies ("built-in buttons": one that would restart the conversation), and
    "/pick..." payloads are acknowledged. "slow" answers after
    the gateway's timeout, "error" with status 500, "garbage" with a body that is not
    JSON. Every message received is kept in `received`, in order.

    Its HTTP API (with STUB_API_TOKEN) takes appended events, kept in `appended` by
    conversation, and honours `pause` and `resume` as Rasa does: a paused conversation
    gets no reply. ASK_FOR_PERSON is answered like action_offer_person in staffed hours.
    """

    def __init__(self, behaviour: str = "echo") -> None:
        self.behaviour = behaviour
        self.received: list[dict] = []
        self.appended: dict[str, list[dict]] = {}
        self.paused: set[str] = set()
        self.api_failing = False  # its HTTP API answers 500, as when Rasa breaks inside
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path.startswith("/conversations/"):
                    self._api()
                    return
                self._reply(200, b"Hello from Rasa: 3.6.21", "text/plain")

            def do_POST(self) -> None:
                if self.path.startswith("/conversations/"):
                    self._api()
                    return
                length = int(self.headers.get("content-length", 0))
                message = json.loads(self.rfile.read(length))
                stub.received.append(message)
                if message["sender"] in stub.paused:
                    self._reply(200, b"[]")
                    return
                if stub.behaviour == "slow":
                    time.sleep(TIMEOUT_SECONDS * 4)
                if stub.behaviour == "error":
                    self._reply(500, b'{"error": "boom"}')
                elif stub.behaviour == "garbage":
                    self._reply(200, b"<html>not json</html>", "text/html")
                else:
                    self._reply(200, json.dumps(stub.replies_to(message)).encode())

            def _api(self) -> None:
                url = urlsplit(self.path)
                if stub.api_failing:
                    self._reply(500, b'{"reason": "ConversationError"}')
                    return
                if parse_qs(url.query).get("token") != [STUB_API_TOKEN]:
                    self._reply(401, b'{"reason": "NotAuthenticated"}')
                    return
                sender = url.path.split("/")[2]
                if self.command == "GET":
                    latest = next((m for m in reversed(stub.received) if m["sender"] == sender),
                                  {"message": ""})
                    self._reply(200, json.dumps({"latest_message": stub.parse(latest["message"])})
                                .encode())
                    return
                length = int(self.headers.get("content-length", 0))
                events = json.loads(self.rfile.read(length))
                stub.appended.setdefault(sender, []).extend(events)
                for event in events:
                    if event["event"] == "pause":
                        stub.paused.add(sender)
                    elif event["event"] == "resume":
                        stub.paused.discard(sender)
                self._reply(200, b"{}")

            def _reply(self, status: int, body: bytes, kind: str = "application/json") -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the gateway gave up waiting, as it should

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @staticmethod
    def parse(text: str) -> dict:
        """Parse data as the tracker's latest_message has it, with the risk."""
        if text.startswith(CRISIS_PREFIX):
            return {"text": text, "intent": {"name": "crisis"},
                    "risk": {"level": "crisis", "category": "suicide", "subject": "self"}}
        return {"text": text, "intent": {"name": "faq"}}

    @staticmethod
    def replies_to(message: dict) -> list[dict]:
        sender, text = message["sender"], message["message"]
        if text == ASK_FOR_PERSON:
            return [{"recipient_id": sender, "text": "I'm asking a member of our team to join."},
                    {"recipient_id": sender, "custom": {"handoff": {"reason": "asked"}}}]
        if text == "/request_callback":
            return [{"recipient_id": sender, "text": "What first name should our team ask for?"}]
        if text.startswith("/pick"):
            return [{"recipient_id": sender, "text": f"Picked {text}"}]
        reply: dict = {"recipient_id": sender, "text": f"You said: {text}"}
        if text.startswith("built-in buttons"):
            reply["buttons"] = [{"title": "Start over", "payload": "/restart"}]
        if text.startswith("buttons"):
            reply["buttons"] = [
                {"title": "Tell me about DBT", "payload": '/pick{"topic": "dbt"}'},
                {"title": "Yes", "payload": "/pick_yes"},
            ]
        return [reply]

    def __enter__(self) -> StubRasa:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def settings_for(rasa_port: int, **overrides: object) -> Settings:
    defaults: dict[str, object] = {
        "rasa_port": rasa_port,
        "secret_key": "gateway-test-secret",
        "rasa_timeout_seconds": TIMEOUT_SECONDS,
        "allowed_origins": (EMBEDDING_ORIGIN,),
        "rasa_api_enabled": True,
        "rasa_api_token": STUB_API_TOKEN,
        "tracker_db_path": Path(_DATABASES.name) / f"tracker-{rasa_port}.db",
    }
    return Settings(**{**defaults, **overrides})


class ServedApp:
    """An ASGI app served by uvicorn in a background thread on a free loopback port."""

    def __init__(self, app: Starlette) -> None:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", ws="none")
        )
        self._thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> ServedApp:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError(f"the gateway did not start on {self.url}")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.should_exit = True
        self._thread.join(timeout=10)


class ThrowawayRedis:
    """A redis-server of our own on a free loopback port, without persistence."""

    def __init__(self, binary: str = "redis-server") -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._command = [
            binary, "--port", str(self.port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no",
        ]  # fmt: skip
        self._process: subprocess.Popen | None = None

    def __enter__(self) -> ThrowawayRedis:
        self._process = subprocess.Popen(
            self._command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 10
        while not redis_answers(self.url):
            if time.monotonic() > deadline or self._process.poll() is not None:
                self.__exit__()
                raise RuntimeError(f"redis-server did not start on port {self.port}")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            self._process.wait(timeout=10)


def redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_timeout=0.5).ping())
    except redis.RedisError:
        return False
