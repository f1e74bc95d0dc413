"""Starts Harbor's processes in the foreground and stops them together.

    python -m harbor.stack run     # Rasa, action server, web gateway
                                   # (Rasa's HTTP API only with HARBOR_RASA_API=true,
                                   # which `make run` sets for the live hand-off)
    python -m harbor.stack shell   # action server + Rasa's terminal chat

Every address comes from harbor.settings; the processes, and Rasa's endpoints.yml,
read them from the environment this launcher sets. Ctrl-C (or SIGTERM) stops all
processes, and when one dies the others are stopped too, so nothing is left running
half-broken. The integration tests start the same `Stack` on free ports.

HARBOR_RASA_REPLICAS=N starts N Rasa processes on consecutive ports, together (each
takes 30-60 s to load the model), behind the gateway. They share one tracker store and
one lock store, so N > 1 needs PostgreSQL and Redis: an SQLite file is written by one
process at a time and an in-memory lock is seen by one process only.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from harbor.private_files import private_file
from harbor.settings import PROJECT_ROOT, Settings

BIN = Path(sys.executable).parent
STOP_GRACE_SECONDS = 10
READY_TIMEOUT_SECONDS = 180


class StackError(RuntimeError):
    """A process of the stack failed to start."""


@dataclass(frozen=True)
class Process:
    name: str
    command: list[str]
    ready_url: str | None = None
    env: dict[str, str] = field(default_factory=dict)  # over the stack's environment


# A stage: one process, or several started together and awaited together.
Stage = Process | Sequence[Process]


def free_port() -> int:
    """A loopback port nothing listens on now, for a stack beside a running one."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def free_consecutive_ports(count: int, attempts: int = 50) -> int:
    """The first of `count` consecutive free loopback ports, for local Rasa replicas."""
    for _ in range(attempts):
        first = free_port()
        if all(_port_is_free(first + offset) for offset in range(1, count)):
            return first
    raise StackError(f"found no {count} consecutive free ports")


def _port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def check_replicas(settings: Settings) -> None:
    """Refuse several replicas on stores that only one process can share."""
    if settings.rasa_replicas == 1:
        return
    if settings.tracker_dialect == "sqlite":
        raise StackError(
            f"HARBOR_RASA_REPLICAS={settings.rasa_replicas} needs PostgreSQL: an SQLite "
            "tracker store is one machine and one writer. Set HARBOR_TRACKER_DIALECT="
            "postgresql and HARBOR_LOCK_STORE=redis (see the README, Scaling out)."
        )
    if settings.lock_store != "redis":
        raise StackError(
            f"HARBOR_RASA_REPLICAS={settings.rasa_replicas} needs HARBOR_LOCK_STORE=redis: "
            "an in-memory lock is seen by one process only."
        )


def action_server(settings: Settings) -> Process:
    return Process(
        "actions",
        [str(BIN / "rasa"), "run", "actions", "--actions", "actions",
         "--port", str(settings.actions_port)],
        ready_url=f"http://{settings.actions_host}:{settings.actions_port}/health",
    )


def rasa_server(settings: Settings, port: int | None = None, name: str = "rasa") -> Process:
    """Rasa's REST channel; its HTTP API only when the settings turn it on, with a token.

    harbor.rasa_server builds the arguments from the environment, so the token never
    appears on a command line. Readiness is the root page: the API's /status may be off.
    """
    port = port or settings.rasa_port
    return Process(name, [sys.executable, "-m", "harbor.rasa_server"],
                   ready_url=f"http://{settings.rasa_host}:{port}/",
                   env={"HARBOR_RASA_PORT": str(port)})


def rasa_servers(settings: Settings) -> list[Process]:
    """The local replicas: `rasa` alone, or `rasa-1` .. `rasa-N` on consecutive ports."""
    check_replicas(settings)
    if settings.rasa_replicas == 1:
        return [rasa_server(settings)]
    return [rasa_server(settings, port, f"rasa-{index}")
            for index, port in enumerate(settings.rasa_ports, start=1)]


def gateway(settings: Settings) -> Process:
    return Process("gateway", [sys.executable, "-m", "web"],
                   ready_url=f"{settings.gateway_url}/healthz")


def rasa_shell(settings: Settings) -> Process:
    # Rasa's shell also serves HTTP (on 0.0.0.0 by default): keep it where Rasa binds.
    return Process("shell", [str(BIN / "rasa"), "shell", "--model", str(settings.model_path),
                             "--interface", settings.rasa_bind_host,
                             "--port", str(settings.rasa_port),
                             "--endpoints", "endpoints.yml"])


def stack_environment(settings: Settings) -> dict[str, str]:
    """The environment every process of the stack runs with."""
    # Rasa's tracker store makes its database private too; this also covers its folder
    # before any process writes there.
    if settings.tracker_dialect == "sqlite":
        private_file(settings.tracker_db_path)
    python_path = [str(PROJECT_ROOT), os.environ.get("PYTHONPATH", "")]
    return {
        **os.environ,
        **settings.rasa_env(),
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "SANIC_HOST": settings.actions_host,  # rasa-sdk's only way to choose its interface
        "PYTHONPATH": os.pathsep.join(filter(None, python_path)),
    }


def is_ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


class Stack:
    """Stages started in order (each once the one before answers) and stopped together.

    A stage is one process, or a list of processes (Rasa replicas) started at once.
    """

    def __init__(self, settings: Settings, processes: Sequence[Stage],
                 log_dir: Path | None = None) -> None:
        self.settings = settings
        self.stages = [[stage] if isinstance(stage, Process) else list(stage)
                       for stage in processes]
        self.log_dir = log_dir  # None: the processes share this terminal
        self.env = stack_environment(settings)
        self._running: list[tuple[Process, subprocess.Popen]] = []

    def __enter__(self) -> Stack:
        try:
            for stage in self.stages:
                started = [(process, self._start(process)) for process in stage]
                for process, popen in started:
                    self._wait_until_ready(process, popen)
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _start(self, process: Process) -> subprocess.Popen:
        output: IO | None = None
        if self.log_dir is not None:
            output = open(self.log_dir / f"{process.name}.log", "wb")  # noqa: SIM115
        # A session of its own: Ctrl-C reaches only this launcher, which then stops
        # each process in order with SIGTERM, rather than all of them at once.
        # umask 077: whatever a process writes (database journals, logs) is the owner's only.
        popen = subprocess.Popen(process.command, cwd=PROJECT_ROOT,
                                 env={**self.env, **process.env},
                                 stdout=output, stderr=subprocess.STDOUT if output else None,
                                 start_new_session=True, umask=0o077)
        self._running.append((process, popen))
        return popen

    def _wait_until_ready(self, process: Process, popen: subprocess.Popen) -> None:
        if process.ready_url is None:
            return
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while not is_ready(process.ready_url):
            if popen.poll() is not None or time.monotonic() > deadline:
                raise StackError(f"{process.name} did not start{self._log_hint(process)}")
            time.sleep(0.5)

    def _log_hint(self, process: Process) -> str:
        if self.log_dir is None:
            return "; see its output above"
        log = (self.log_dir / f"{process.name}.log").read_text(errors="replace")
        return ":\n" + "\n".join(log.splitlines()[-30:])

    def pids(self) -> dict[str, int]:
        """The process id of each process started, by name."""
        return {process.name: popen.pid for process, popen in self._running}

    def stopped(self) -> list[str]:
        """Names of the processes that have exited."""
        return [process.name for process, popen in self._running if popen.poll() is not None]

    def stop(self) -> None:
        for _, popen in self._running:
            if popen.poll() is None:
                popen.terminate()
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for _, popen in self._running:
            try:
                popen.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                popen.kill()
                popen.wait()
        self._running.clear()


def _interrupt(signum: int, frame: object) -> None:
    """Ctrl-C, SIGTERM from a service manager, or a closed terminal: stop cleanly."""
    raise KeyboardInterrupt


def run(settings: Settings) -> int:
    processes = [action_server(settings), rasa_servers(settings), gateway(settings)]
    with Stack(settings, processes) as stack:
        print(f"\nHarbor is ready: open {settings.gateway_url} (Ctrl-C stops everything)\n",
              flush=True)
        while not stack.stopped():
            time.sleep(0.5)
        print(f"harbor: {', '.join(stack.stopped())} stopped; stopping the rest.",
              file=sys.stderr)
    return 1


def shell(settings: Settings) -> int:
    with Stack(settings, [action_server(settings)]) as stack:
        return subprocess.call(rasa_shell(settings).command, cwd=PROJECT_ROOT, env=stack.env)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "run"
    commands = {"run": run, "shell": shell}
    if command not in commands:
        print("usage: python -m harbor.stack [run|shell]", file=sys.stderr)
        return 2
    try:
        settings = Settings.from_env()
    except ValueError as error:  # a HARBOR_* variable that cannot be read
        print(f"harbor: {error}", file=sys.stderr)
        return 2
    if not settings.model_path.exists():
        print(f"harbor: no trained model at {settings.model_path}; run `make train`.",
              file=sys.stderr)
        return 2
    # Set explicitly: a shell that starts us in the background ignores SIGINT, and
    # Python then never turns it into KeyboardInterrupt. SIGHUP: the terminal closed.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _interrupt)
    try:
        return commands[command](settings)
    except StackError as error:
        print(f"harbor: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nharbor: stopped.", file=sys.stderr)
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
