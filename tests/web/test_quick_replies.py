"""A "/..." text reaches Rasa as a payload only when the last bot turn offered it.

Anything else starting with "/" reaches Rasa escaped (a fullwidth solidus), so Rasa
reads words, not an intent, and the risk check reads all of it. Specified through the
gateway with Rasa played by `StubRasa`, which offers `/pick{"topic": "dbt"}` and
`/pick_yes` after "buttons please".
"""

from __future__ import annotations

import pytest

from harbor.stack import free_port
from tests.web.visitor import Visitor
from web.rasa_client import BotMessage, Button
from web.visitor.quick_replies import (
    ESCAPED_PREFIX,
    offered_payloads,
    payload_intent,
    text_for_rasa,
)

PICK_DBT = '/pick{"topic": "dbt"}'
CRISIS_TEXT = "I want to kill myself"


def escaped(text: str) -> str:
    return ESCAPED_PREFIX + text[1:]


@pytest.mark.parametrize("payload", [PICK_DBT, "/pick_yes"])
def test_an_offered_payload_reaches_rasa_as_sent(visitor, stub_rasa, payload):
    visitor.say("buttons please")
    assert visitor.say(payload).status_code == 200
    assert stub_rasa.received[-1]["message"] == payload


@pytest.mark.parametrize(
    "text",
    [
        f"/greet@1 {CRISIS_TEXT}",
        f"/deny@1.0 {CRISIS_TEXT}",
        f'/choose_topic{{"topic":"cbt"}} {CRISIS_TEXT}',
        f"{PICK_DBT} {CRISIS_TEXT}",
        f"/{PICK_DBT}",
        '/choose_topic{"topic": 5}',
        "/restart",
        "/back",
        "/session_start",
        "/out_of_scope",
        "/crisis",
    ],
)
def test_a_payload_the_last_turn_did_not_offer_reaches_rasa_as_words(visitor, stub_rasa, text):
    visitor.say("buttons please")
    assert visitor.say(text).status_code == 200
    assert stub_rasa.received[-1]["message"] == escaped(text)


def test_a_payload_offered_one_turn_ago_is_words_now(visitor, stub_rasa):
    visitor.say("buttons please")
    visitor.say("something else")
    visitor.say(PICK_DBT)
    assert stub_rasa.received[-1]["message"] == escaped(PICK_DBT)


def test_a_payload_offered_to_one_conversation_is_words_in_another(client, stub_rasa):
    offered_to, other = Visitor(client), Visitor(client)
    offered_to.say("buttons please")
    other.say(PICK_DBT)
    assert stub_rasa.received[-1]["message"] == escaped(PICK_DBT)


def test_a_built_in_intent_is_never_passed_even_when_a_button_offers_it(visitor, stub_rasa):
    [reply] = visitor.say("built-in buttons").json()["messages"]
    assert reply["buttons"] == [{"title": "Start over", "payload": "/restart"}]
    visitor.say("/restart")
    assert stub_rasa.received[-1]["message"] == escaped("/restart")


def test_text_with_a_slash_inside_is_untouched(visitor, stub_rasa):
    visitor.say("is it 50/50 that it helps?")
    assert stub_rasa.received[-1]["message"] == "is it 50/50 that it helps?"


def test_replicas_sharing_redis_accept_each_others_offered_buttons(
    make_client, stub_rasa, redis_url, namespace
):
    shared = {"redis_url": redis_url, "namespace": namespace}
    replica_a = make_client(stub_rasa.port, **shared)
    replica_b = make_client(stub_rasa.port, **shared)
    visitor = Visitor(replica_a)
    visitor.say("buttons please")
    replica_b.post(visitor.url, json={"text": PICK_DBT}, headers=visitor.auth)
    assert stub_rasa.received[-1]["message"] == PICK_DBT


# --- the rules themselves ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "intent"),
    [
        ("/affirm", "affirm"),
        ('/choose_topic{"topic": "cbt"}', "choose_topic"),
        ("/greet@0.9", "greet"),
        ("/restart{}", "restart"),
    ],
)
def test_the_intent_of_a_payload_is_read_as_rasa_reads_it(payload, intent):
    assert payload_intent(payload) == intent


def test_only_slash_payloads_outside_the_built_ins_are_offered():
    turn = [
        BotMessage("a", (Button("Yes", "/affirm"), Button("Again", "/restart"))),
        BotMessage("b", (Button("Site", "https://example.org"), Button("Back", "/back@1"))),
    ]
    assert offered_payloads(turn) == {"/affirm"}


@pytest.mark.parametrize(
    ("text", "offered", "rasa_reads"),
    [
        ("hello", frozenset(), "hello"),
        ("/affirm", frozenset({"/affirm"}), "/affirm"),
        ("/affirm", frozenset(), escaped("/affirm")),
        ("/affirm ", frozenset({"/affirm"}), escaped("/affirm ")),
        ("/Affirm", frozenset({"/affirm"}), escaped("/Affirm")),
    ],
)
def test_text_for_rasa_passes_exact_offered_payloads_only(text, offered, rasa_reads):
    assert text_for_rasa(text, offered) == rasa_reads


def test_with_redis_down_replies_still_come_and_every_payload_is_words(make_client, stub_rasa):
    client = make_client(stub_rasa.port, redis_url=f"redis://127.0.0.1:{free_port()}")
    visitor = Visitor(client)
    assert visitor.say("buttons please").status_code == 200
    assert visitor.say(PICK_DBT).status_code == 200
    assert stub_rasa.received[-1]["message"] == escaped(PICK_DBT)
