"""How fast the console's list page is with 10,000 conversations in the tracker store.

    python -m tests.console.bench_console                       # SQLite in a temp dir
    python -m tests.console.bench_console --json var/results/console-bench.json
    python -m tests.console.bench_console --database-url postgresql://postgres@127.0.0.1/bench

The conversations are written as Rasa's SQLTrackerStore writes them (one row per
event in `events`, the same JSON shapes: user messages with parse_data and risk, bot
messages with buttons, slots), mixed like a real week: most are FAQ questions, some
ask for a person, a few escalate. Then it times: the first index build, an incremental
refresh after 20 new conversations, and the list page (logged in, through the whole
gateway app in-process) unfiltered, filtered to crisis, and with a text search.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from starlette.testclient import TestClient

from harbor.settings import Settings
from tests.console.staff_client import StaffClient
from web.app import create_app
from web.console.accounts import create_account
from web.conversations.database import create_db_engine, migrate, sqlite_url
from web.conversations.index import refresh_index
from web.conversations.tables import events, rasa_metadata

TOPICS = ["dual_diagnosis", "detox", "cbt", "depression", "anxiety", "support_groups"]
PASSWORD = "benchmark password"
REQUESTS = 30


def _user(sender: str, at: float, text: str, intent: str, confidence: float,
          topic: str | None = None, risk: dict | None = None) -> dict:
    parse = {"intent": {"name": intent, "confidence": confidence}, "entities": [], "text": text,
             "intent_ranking": [{"name": intent, "confidence": confidence}]}
    if topic:
        parse["intent"]["full_retrieval_intent_name"] = f"faq/{topic}"
    if risk:
        parse["risk"] = risk
    return {"sender_id": sender, "type_name": "user", "timestamp": at, "intent_name": intent,
            "action_name": None, "data": json.dumps(
                {"event": "user", "timestamp": at, "text": text, "parse_data": parse})}


def _bot(sender: str, at: float, text: str) -> dict:
    buttons = [{"title": "Talk to a person", "payload": "/request_human"}]
    return {"sender_id": sender, "type_name": "bot", "timestamp": at, "intent_name": None,
            "action_name": None, "data": json.dumps(
                {"event": "bot", "timestamp": at, "text": text, "data": {"buttons": buttons}})}


def _slot(sender: str, at: float, name: str, value: str) -> dict:
    return {"sender_id": sender, "type_name": "slot", "timestamp": at, "intent_name": None,
            "action_name": name, "data": json.dumps(
                {"event": "slot", "timestamp": at, "name": name, "value": value})}


def conversation_events(rng: random.Random, now: float) -> list[dict]:
    sender = uuid.uuid4().hex
    at = now - rng.uniform(0, 30 * 86_400)
    rows = []
    for _ in range(rng.randint(2, 6)):
        topic = rng.choice(TOPICS)
        at += rng.uniform(5, 60)
        rows.append(_user(sender, at, f"tell me about {topic.replace('_', ' ')}", "faq",
                          rng.uniform(0.4, 1.0), topic))
        rows.append(_bot(sender, at + 0.2, "A curated answer of about ninety words."))
    roll = rng.random()
    if roll < 0.03:
        risk = {"level": "crisis", "category": "suicide", "categories": ["suicide"]}
        rows.append(_user(sender, at + 30, "i want to end it", "crisis", 1.0, risk=risk))
        rows += [_slot(sender, at + 31, "risk_level", "crisis"),
                 _slot(sender, at + 31, "risk_category", "suicide")]
        rows.append(_bot(sender, at + 31, "Call or text 988."))
    elif roll < 0.10:
        rows.append(_user(sender, at + 30, "can i talk to a person", "request_human", 0.95))
    return rows


def fill(engine, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    now = time.time()
    rasa_metadata.create_all(engine)  # a bench database: Rasa's table as Rasa declares it
    with engine.begin() as connection:
        batch: list[dict] = []
        for _ in range(count):
            batch += conversation_events(rng, now)
            if len(batch) > 5000:
                connection.execute(events.insert(), batch)
                batch = []
        if batch:
            connection.execute(events.insert(), batch)


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def page_times(staff: StaffClient, params: dict[str, str]) -> dict[str, float]:
    samples = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = staff.get("/staff/", **params)
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200, response.text[:500]
    return {"median_ms": statistics.median(samples) * 1000,
            "p95_ms": statistics.quantiles(samples, n=20)[-1] * 1000}


def run(database_url: str, count: int) -> dict:
    engine = create_db_engine(database_url)
    migrate(engine)
    fill(engine, count)
    with engine.begin() as connection:
        build = timed(lambda: refresh_index(connection))
        create_account(connection, "bench", PASSWORD, "admin")
    fill(engine, 20, seed=8)
    with engine.begin() as connection:
        refresh = timed(lambda: refresh_index(connection))
    engine.dispose()

    os.environ["HARBOR_TRACKER_DB_URL"] = database_url
    with TestClient(create_app(Settings(secret_key="bench"))) as client:
        staff = StaffClient(client)
        assert staff.log_in("bench", PASSWORD).status_code == 303
        pages = {name: page_times(staff, params) for name, params in {
            "unfiltered": {}, "crisis": {"risk_level": "crisis"}, "text search": {"text": "detox"},
            "page 50": {"page": "50"},
        }.items()}
    return {"conversations": count, "index_build_s": build,
            "incremental_refresh_20_ms": refresh * 1000, "list_page": pages}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=10_000)
    parser.add_argument("--database-url", help="an empty database to fill (default: SQLite)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or sqlite_url(Path(tmp) / "bench.db")
        figures = run(url, args.conversations)
    print(f"{figures['conversations']} conversations: index built in "
          f"{figures['index_build_s']:.1f} s; refresh after 20 new ones "
          f"{figures['incremental_refresh_20_ms']:.0f} ms")
    for name, times in figures["list_page"].items():
        print(f"  list page, {name:<12} median {times['median_ms']:6.1f} ms, "
              f"p95 {times['p95_ms']:6.1f} ms")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
