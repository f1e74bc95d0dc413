"""How long a staff member's reply takes to appear in the visitor's widget.

    python -m tests.web.bench_handoff                       # 20 replies
    python -m tests.web.bench_handoff --replies 40 --json var/results/handoff-bench.json

The real gateway (in this process, SQLite in a temporary folder) in front of the
stand-in for Rasa (tests/web/servers.py, which speaks Rasa's HTTP API), and the real
widget in Debian's Chromium. A staff member logged in to the console claims the visitor
and sends replies over HTTP; each is timed from the moment the reply is posted until
its bubble is in the widget's page. Between replies the bench waits a random part of
the widget's poll interval, so the replies land at every phase of its polling.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx

from bench.gateway_overhead import summary
from harbor.staffed_hours import HandoffSettings, StaffedHours
from tests.console.conftest import PASSWORD
from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.web.servers import ASK_FOR_PERSON, UNLIMITED, ServedApp, StubRasa, settings_for
from web.app import create_app
from web.console.accounts import create_account
from web.conversations.database import create_db_engine, migrate, sqlite_url

POLL_SECONDS = 1.0  # HANDOFF_POLL_MS in web/visitor/static/widget.js
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replies", type=int, default=20)
    parser.add_argument("--json", type=Path, help="also write the results here")
    return parser.parse_args(argv)


class Staff:
    """A staff member at the console over HTTP, with a session cookie and its CSRF token."""

    def __init__(self, base_url: str, username: str) -> None:
        self.http = httpx.Client(base_url=base_url, trust_env=False, timeout=30)
        token = self._csrf("/staff/login")
        self.http.post("/staff/login", data={"csrf_token": token, "username": username,
                                             "password": PASSWORD})
        self.csrf = self._csrf("/staff/handoffs")

    def _csrf(self, path: str) -> str:
        match = CSRF.search(self.http.get(path).text)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def first_waiting(self) -> str:
        match = re.search(r'/staff/handoffs/(\d+)"', self.http.get("/staff/handoffs").text)
        assert match, "nobody is waiting"
        return match.group(1)

    def post(self, path: str, **data: str) -> None:
        response = self.http.post(path, data={"csrf_token": self.csrf, **data})
        assert response.status_code == 303 and "error=" not in response.headers["location"], (
            response.headers.get("location"))


def measure(gateway_url: str, replies: int, page) -> list[float]:
    page.goto(gateway_url)
    page.get_by_role("button", name="Chat with Harbor").click()
    page.get_by_label("Your message").fill(ASK_FOR_PERSON)
    page.get_by_role("button", name="Send").click()
    page.wait_for_selector(".harbor-msg--bot")
    staff = Staff(gateway_url, "bench")
    handoff = staff.first_waiting()
    staff.post(f"/staff/handoffs/{handoff}/claim")
    page.wait_for_selector(".harbor-msg--system")
    jitter = random.Random(13)
    samples = []
    for number in range(1, replies + 1):
        time.sleep(jitter.uniform(0, POLL_SECONDS))
        started = time.perf_counter()
        staff.post(f"/staff/handoffs/{handoff}/reply", text=f"reply {number}")
        page.wait_for_function(
            "n => document.querySelectorAll('.harbor-msg--staff').length >= n", arg=number)
        samples.append((time.perf_counter() - started) * 1000)
    staff.post(f"/staff/handoffs/{handoff}/end")
    return samples


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: install Debian's chromium (make browser-deps)",
              file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, StubRasa("echo") as stub:
        database = Path(folder) / "tracker.db"
        engine = create_db_engine(sqlite_url(database))
        migrate(engine)
        with engine.begin() as connection:
            create_account(connection, "bench", PASSWORD, "reviewer")
        engine.dispose()
        staffed = HandoffSettings(StaffedHours(ZoneInfo("UTC")), join_wait_seconds=3600)
        app = create_app(settings_for(stub.port, tracker_db_path=database),
                         rate_limits=UNLIMITED, handoff_settings=staffed)
        with ServedApp(app) as served, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                 args=CHROMIUM_ARGS)
            samples = measure(served.url, args.replies, browser.new_page())
            browser.close()
    results = {"staff_reply_to_widget": {**summary(samples), "replies": len(samples),
                                         "widget_poll_ms": POLL_SECONDS * 1000,
                                         "max_ms": round(max(samples), 1)}}
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
