"""The tracker store: a private SQLite file, and call-back details out of stored texts.

A real Rasa SQLTrackerStore on a temporary SQLite file; conversations are built from
Rasa's own events, saved, and read back as stored.
"""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from harbor.tracker_store import PrivateSQLTrackerStore

SENDER = "visitor-1"


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "conversations" / "tracker.db"


@pytest.fixture
def store(database: Path) -> PrivateSQLTrackerStore:
    slots = {
        name: {"type": "text", "mappings": [{"type": "from_text"}]}
        for name in ("callback_name", "callback_contact")
    }
    domain = Domain.from_dict({"slots": slots})
    return PrivateSQLTrackerStore(domain=domain, dialect="sqlite", db=str(database))


def stored_texts(database: Path) -> list[str]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT data FROM events ORDER BY id").fetchall()
    return [json.loads(data).get("text") or "" for (data,) in rows]


def stored_slots(database: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT data FROM events WHERE type_name = 'slot'").fetchall()
    return [(json.loads(d)["name"], json.loads(d)["value"]) for (d,) in rows]


async def save_turns(store, *turns: list) -> DialogueStateTracker:
    """Saves each turn (a list of events) the way Rasa does: once per message."""
    tracker = await store.get_or_create_tracker(SENDER)
    for events in turns:
        for event in events:
            tracker.update(event)
        await store.save(tracker)
    return tracker


def form_answer(text: str, slot: str, validated: str | None) -> list:
    """A message the form took a value from: as typed, then as validated."""
    return [
        UserUttered(text, {"name": "inform", "confidence": 1.0}),
        ActionExecuted("action_extract_slots"),
        SlotSet(slot, text),
        ActionExecuted("callback_form"),
        SlotSet(slot, validated),
    ]


def test_the_database_is_created_private(store, database):
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    assert stat.S_IMODE(database.parent.stat().st_mode) == 0o700


def test_a_world_readable_database_is_made_private(tmp_path):
    database = tmp_path / "old.db"
    database.touch(mode=0o644)
    database.chmod(0o644)
    PrivateSQLTrackerStore(dialect="sqlite", db=str(database))
    assert stat.S_IMODE(database.stat().st_mode) == 0o600


async def test_the_texts_a_form_took_values_from_are_stored_redacted(store, database):
    await save_turns(
        store,
        form_answer("Sam", "callback_name", "Sam"),
        form_answer("555 010 4477", "callback_contact", "555 010 4477")
        + [BotUttered("Thank you, Sam. Someone will call you at 555 010 4477.")],
    )

    texts = stored_texts(database)
    assert "Sam" not in " ".join(texts) and "555 010 4477" not in " ".join(texts)
    assert "[callback_name]" in texts and "[callback_contact]" in texts
    assert "Thank you, [callback_name]. Someone will call you at [callback_contact]." in texts


async def test_the_slots_keep_the_values_for_staff(store, database):
    await save_turns(store, form_answer("Sam", "callback_name", "Sam"))

    assert ("callback_name", "Sam") in stored_slots(database)


async def test_an_answer_the_form_refused_is_redacted_too(store, database):
    await save_turns(store, form_answer("call 555 01", "callback_contact", None))

    assert "call 555 01" not in stored_texts(database)


async def test_later_mentions_of_a_value_are_redacted(store, database):
    await save_turns(
        store,
        form_answer("Sam", "callback_name", "Sam"),
        [UserUttered("sam here again, did you get it?", {"name": "inform"})],
    )

    assert "[callback_name] here again, did you get it?" in stored_texts(database)


async def test_a_message_the_form_did_not_take_is_kept_whole(store, database):
    await save_turns(
        store,
        [UserUttered("I want to die", {"name": "crisis"}), ActionExecuted("action_escalate")],
    )

    assert "I want to die" in stored_texts(database)


async def test_the_running_conversation_keeps_what_was_said(store):
    tracker = await save_turns(store, form_answer("Sam", "callback_name", "Sam"))

    assert tracker.latest_message.text == "Sam"
    assert tracker.get_slot("callback_name") == "Sam"


async def test_a_stored_conversation_reads_back_with_its_slots(store):
    await save_turns(store, form_answer("Sam", "callback_name", "Sam"))

    tracker = await store.retrieve(SENDER)
    assert tracker.get_slot("callback_name") == "Sam"
    assert tracker.latest_message.text == "[callback_name]"


async def test_sqlite_writes_through_a_write_ahead_log(store, database):
    await save_turns(store, form_answer("Sam", "callback_name", "Sam"))

    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


async def test_the_write_ahead_log_is_private_too(store, database):
    await save_turns(store, form_answer("Sam", "callback_name", "Sam"))

    # SQLite removes the log when its last connection closes: look while one is open.
    with store.engine.connect() as connection:
        connection.exec_driver_sql("SELECT count(*) FROM events").scalar()
        for suffix in ("-wal", "-shm"):
            log = database.with_name(database.name + suffix)
            assert stat.S_IMODE(log.stat().st_mode) == 0o600


async def test_each_connection_syncs_normally(store):
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
