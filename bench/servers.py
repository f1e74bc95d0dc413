"""The servers under test, started on free ports with harbor.stack's pieces.

Harbor: the action server, N Rasa replicas (`harbor.rasa_server`, each its own SQLite
tracker file, as a conversation stays on one replica) and the gateway (`python -m web`)
told about every replica through HARBOR_RASA_URLS. The stock assistant: `rasa run` on
its model with its own (in-memory) stores, as `rasa init` made it.

Start-up is measured from launching a Rasa process to its first answer on the REST
channel (model loading included), polling every 0.2 s.
"""

from __future__ import annotations

import time
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path

import httpx

from bench.load_client import WEBHOOK_PATH
from harbor.settings import Settings
from harbor.stack import (
    BIN,
    Process,
    Stack,
    StackError,
    action_server,
    free_port,
    gateway,
    rasa_server,
)

POLL_SECONDS = 0.2
STARTUP_TIMEOUT_SECONDS = 600
# The benchmark is its own single client: the per-address limit would stop it at once.
NO_LIMIT = "100000/second"


@dataclass(frozen=True)
class Server:
    """One process under test."""

    name: str
    pid: int
    url: str
    startup_seconds: float | None = None  # launch to first answer, for Rasa processes


@dataclass(frozen=True)
class Assistant:
    """An assistant's processes: its Rasa replicas, and the gateway and actions if any."""

    name: str
    rasa: list[Server]
    others: list[Server]

    @property
    def rasa_urls(self) -> list[str]:
        return [server.url for server in self.rasa]

    @property
    def servers(self) -> list[Server]:
        return [*self.rasa, *self.others]

    def server(self, name: str) -> Server:
        """The process called `name` (the gateway, the action server)."""
        for server in self.others:
            if server.name == name:
                return server
        raise LookupError(f"{self.name} has no {name} process")


def first_answer_seconds(url: str, launched_at: float, stack: Stack) -> float:
    """Seconds from `launched_at` until Rasa at `url` answers a message."""
    deadline = launched_at + STARTUP_TIMEOUT_SECONDS
    with httpx.Client(timeout=30, trust_env=False) as http:
        while time.monotonic() < deadline:
            if stack.stopped():
                raise StackError(f"{url} exited while starting; see its log")
            try:
                response = http.post(f"{url}{WEBHOOK_PATH}",
                                     json={"sender": "bench-startup", "message": "hello"})
                if response.status_code == 200 and response.json():
                    return time.monotonic() - launched_at
            except httpx.HTTPError:
                pass
            time.sleep(POLL_SECONDS)
    raise StackError(f"{url} gave no answer within {STARTUP_TIMEOUT_SECONDS} s")


def _start_rasa(running: ExitStack, settings: Settings, process: Process,
                log_dir: Path) -> Server:
    stack = Stack(settings, [process], log_dir=log_dir)
    launched_at = time.monotonic()
    running.enter_context(stack)
    url = f"http://127.0.0.1:{settings.rasa_port}"
    seconds = first_answer_seconds(url, launched_at, stack)
    return Server(process.name, stack.pids()[process.name], url, round(seconds, 1))


def bench_settings(work: Path, model: Path) -> Settings:
    return Settings(
        rasa_port=free_port(), actions_port=free_port(), gateway_port=free_port(),
        secret_key="bench", model_path=model, tracker_db_path=work / "tracker-0.db",
        rate_limit_per_address=NO_LIMIT, rate_limit_per_conversation=NO_LIMIT,
    )


def start_harbor(running: ExitStack, work: Path, model: Path, replicas: int) -> Assistant:
    """Harbor's action server, `replicas` Rasa processes and the gateway, on free ports.

    The replicas start one after another, so each start-up is measured on its own.
    """
    settings = bench_settings(work, model)
    actions = running.enter_context(Stack(settings, [action_server(settings)], log_dir=work))
    rasa = []
    for number in range(replicas):
        replica = settings if number == 0 else replace(
            settings, rasa_port=free_port(), tracker_db_path=work / f"tracker-{number}.db")
        process = replace(rasa_server(replica), name=f"rasa-{number}", ready_url=None)
        rasa.append(_start_rasa(running, replica, process, work))
    front = Stack(settings, [gateway(settings)], log_dir=work)
    # The replicas branch's gateway spreads conversations over these; before it, the
    # gateway uses HARBOR_RASA_PORT, the first replica.
    front.env["HARBOR_RASA_URLS"] = ",".join(server.url for server in rasa)
    running.enter_context(front)
    others = [
        Server("actions", actions.pids()["actions"], settings.actions_url),
        Server("gateway", front.pids()["gateway"], settings.gateway_url),
    ]
    return Assistant("harbor", rasa, others)


def start_stock(running: ExitStack, work: Path, model: Path, folder: Path) -> Assistant:
    """The stock assistant's `rasa run`, with the endpoints and credentials it came with."""
    settings = replace(bench_settings(work, model), tracker_db_path=work / "stock.db")
    process = Process("stock", [
        str(BIN / "rasa"), "run", "--model", str(model),
        "--interface", "127.0.0.1", "--port", str(settings.rasa_port),
        "--endpoints", str(folder / "endpoints.yml"),
        "--credentials", str(folder / "credentials.yml"),
    ])  # fmt: skip
    return Assistant("stock", [_start_rasa(running, settings, process, work)], [])

