"""The Rasa hot spots the profile found, timed alone: Rasa as released beside Harbor's fix.

In this process, CPU-bound and short, so a busy machine blurs them less than the load
runs: the action server's reply checked against its schema (harbor/rasa_patches.py),
looking up an event class by its type name, and saving one turn to the SQLite tracker
store with a rollback journal (Rasa's default) and with the write-ahead log
(harbor/tracker_store.py).
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# A typical reply of Harbor's action server: a slot, a bot message with buttons.
ACTION_REPLY = {
    "events": [
        {"event": "slot", "name": "topic", "value": "dual_diagnosis", "timestamp": None},
        {"event": "slot", "name": "risk_level", "value": None, "timestamp": None},
    ],
    "responses": [{"text": "A dual diagnosis means ...",
                   "buttons": [{"title": "DBT", "payload": '/choose_topic{"topic": "dbt"}'}]}],
}


def _microseconds(call: Callable[[], object], repeat: int) -> float:
    call()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1e6)
    return round(statistics.median(samples), 1)


def schema_check_us(repeat: int) -> dict[str, float]:
    from rasa.core.actions.action import RemoteAction

    from harbor import rasa_patches

    action = RemoteAction("action_answer_question", None)
    return {
        "rasa": _microseconds(
            lambda: rasa_patches.RASA_VALIDATE_ACTION_RESULT(action, ACTION_REPLY), repeat),
        "harbor": _microseconds(
            lambda: rasa_patches.validate_action_result(action, ACTION_REPLY), repeat),
    }


def event_lookup_us(repeat: int) -> dict[str, float]:
    """One `Event.resolve_by_type` (done for every stored event, on every message)."""
    import rasa.shared.utils.common as rasa_common
    from rasa.shared.core.events import Event

    from harbor import rasa_patches

    def lookup(all_subclasses: Callable) -> Callable[[], object]:
        def run() -> object:
            saved = rasa_common.all_subclasses
            rasa_common.all_subclasses = all_subclasses
            try:
                return Event.resolve_by_type("bot")
            finally:
                rasa_common.all_subclasses = saved
        return run

    return {"rasa": _microseconds(lookup(rasa_patches.RASA_ALL_SUBCLASSES), repeat),
            "harbor": _microseconds(lookup(rasa_patches.cached_all_subclasses), repeat)}


def tracker_save_ms(turns: int) -> dict[str, float]:
    """Median ms to save one turn (a user message, an action, a bot reply)."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

    from harbor.tracker_store import PrivateSQLTrackerStore

    async def save_turns(store: SQLTrackerStore) -> float:
        tracker = await store.get_or_create_tracker("bench")
        samples = []
        for number in range(turns):
            for event in (UserUttered(f"question {number}", {"name": "faq"}),
                          ActionExecuted("utter_faq"), BotUttered("an answer")):
                tracker.update(event)
            start = time.perf_counter()
            await store.save(tracker)
            samples.append((time.perf_counter() - start) * 1000)
        return round(statistics.median(samples), 2)

    with tempfile.TemporaryDirectory(prefix="harbor-bench-sqlite-") as work:
        domain = Domain.empty()
        stores = {
            "rasa": SQLTrackerStore(domain=domain, dialect="sqlite",
                                    db=str(Path(work) / "journal.db")),
            "harbor": PrivateSQLTrackerStore(domain=domain, dialect="sqlite",
                                             db=str(Path(work) / "wal.db")),
        }
        return {name: asyncio.run(save_turns(store)) for name, store in stores.items()}


def hot_spot_timings(repeat: int) -> dict[str, dict[str, float]]:
    return {
        "action_reply_schema_check_us": schema_check_us(repeat),
        "event_class_lookup_us": event_lookup_us(repeat * 10),
        "tracker_save_one_turn_ms": tracker_save_ms(repeat),
    }


if __name__ == "__main__":
    import json

    print(json.dumps(hot_spot_timings(50), indent=2))
