"""The NLU inbox: unsure messages grouped by guess, trainers' picks as nlu.yml."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
import yaml

from harbor.settings import PROJECT_ROOT
from scripts.validate_data import unexpected_warnings
from web.conversations import inbox
from web.conversations.index import refresh_index

pytestmark = pytest.mark.integration

RASA = PROJECT_ROOT / ".venv" / "bin" / "rasa"


def items_of(engine, sender_id: str) -> list[inbox.InboxItem]:
    with engine.begin() as connection:
        refresh_index(connection)
        groups = inbox.inbox_items(connection)
    return [item for group in groups.values() for item in group if item.sender_id == sender_id]


def test_the_inbox_holds_the_fallback_and_low_confidence_messages(engine, ids):
    texts = {item.text for item in items_of(engine, ids["unsure"])}
    assert {"hmm maybe", "what about my cousin", "is it the same for pills"} <= texts


def test_the_inbox_groups_by_the_models_guess(engine, ids):
    items = {item.text: item for item in items_of(engine, ids["unsure"])}
    assert items["is it the same for pills"].predicted.startswith("faq/")
    assert items["hmm maybe"].fallback and items["hmm maybe"].predicted != "nlu_fallback"


def test_answers_to_the_call_back_form_never_reach_the_inbox(engine, ids):
    assert items_of(engine, ids["callback"]) == []


def test_a_picked_message_leaves_the_inbox(engine, ids):
    item = items_of(engine, ids["unsure"])[0]
    with engine.begin() as connection:
        inbox.record_pick(connection, item.event_id, "out_of_scope", "ada",
                          inbox.trainable_intents(PROJECT_ROOT))
    assert item.event_id not in {i.event_id for i in items_of(engine, ids["unsure"])}


def test_a_pick_must_name_an_intent_of_the_assistant(engine, ids):
    item = items_of(engine, ids["unsure"])[0]
    with engine.begin() as connection, pytest.raises(inbox.PickError):
        inbox.record_pick(connection, item.event_id, "faq/astrology", "ada",
                          inbox.trainable_intents(PROJECT_ROOT))


def test_trainable_intents_spell_out_the_faq_topics():
    intents = inbox.trainable_intents(PROJECT_ROOT)
    assert "faq/dual_diagnosis" in intents and "out_of_scope" in intents
    assert "faq" not in intents and "nlu_fallback" not in intents


def test_the_fragment_is_nlu_yaml_with_one_block_per_intent():
    picks = [inbox.Pick(1, "is it the same for pills", "faq/dual_diagnosis"),
             inbox.Pick(2, "my number is 555-123-4567 [x](y)", "out_of_scope"),
             inbox.Pick(3, "is it the same for pills", "faq/dual_diagnosis")]
    data = yaml.safe_load(inbox.nlu_fragment(picks))
    blocks = {block["intent"]: block["examples"] for block in data["nlu"]}
    assert blocks["faq/dual_diagnosis"] == "- is it the same for pills\n"
    assert "555" not in blocks["out_of_scope"] and "](" not in blocks["out_of_scope"]


def test_rasa_data_validate_accepts_the_exported_picks(admin, engine, ids, tmp_path):
    page = admin.get("/staff/inbox").text
    assert "what about my cousin" in page
    for text, intent in (("what about my cousin", "out_of_scope"),
                         ("is it the same for pills", "faq/personalized_care")):
        event_id = next(i.event_id for i in items_of(engine, ids["unsure"]) if i.text == text)
        response = admin.post("/staff/inbox/pick", {"event_id": str(event_id), "intent": intent})
        assert response.status_code == 303 and "error" not in response.headers["location"]
    fragment = admin.get("/staff/inbox/nlu.yml").text
    data = tmp_path / "data"
    shutil.copytree(PROJECT_ROOT / "data", data)
    (data / "inbox.yml").write_text(fragment)
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}
    result = subprocess.run(
        [str(RASA), "data", "validate", "--data", str(data), "--domain",
         str(PROJECT_ROOT / "domain.yml"), "--config", str(PROJECT_ROOT / "config.yml"),
         "--fail-on-warnings"],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0 and not unexpected_warnings(output), output[-3000:]
