"""A real webhook receiver on a free port, and an outbox in a migrated SQLite database."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from harbor.settings import WebhookSettings
from harbor.stack import free_port
from web.conversations.database import create_db_engine, migrate, sqlite_url

SECRET = "a shared secret for the tests"


@dataclass
class Receiver:
    """Records every post; answers 500 to the first `fail_first` of them, then 204."""

    url: str
    fail_first: int = 0
    posts: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    answered: int = 0


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            receiver.answered += 1
            if receiver.answered <= receiver.fail_first:
                self.send_response(500)
            else:
                receiver.posts.append((dict(self.headers.items()), body))
                self.send_response(204)
            self.end_headers()

        def log_message(self, *args) -> None:  # keep the test output clean
            pass

    return Handler


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    port = free_port()
    found = Receiver(url=f"http://127.0.0.1:{port}/hooks/harbor")
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(found))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield found
    server.shutdown()
    server.server_close()


@pytest.fixture
def webhook(receiver: Receiver) -> WebhookSettings:
    return WebhookSettings(url=receiver.url, secret=SECRET, public_url="https://harbor.example.org",
                           max_attempts=4)


@pytest.fixture
def database_path(tmp_path: Path) -> Path:
    return tmp_path / "console.db"


@pytest.fixture
def engine(database_path: Path) -> Iterator[Engine]:
    engine = create_db_engine(sqlite_url(database_path))
    migrate(engine)
    yield engine
    engine.dispose()
