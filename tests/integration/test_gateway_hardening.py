"""Issue 9, through the gateway as a visitor's browser would send it, against the real stack.

Nothing a visitor types switches the risk check off; built-in intents never come from a
visitor; Rasa's API needs its token; the conversation database is private; a new
session carries no personal data. Crisis numbers are read from the safety resources.
"""

from __future__ import annotations

import stat

import httpx
import pytest

from harbor.stack import Stack
from tests.integration.conftest import reply_text, stored_events, tracker_of
from web.visitor.quick_replies import ESCAPED_PREFIX
from web.visitor.widget_config import crisis_link

pytestmark = pytest.mark.integration

CRISIS_TEXT = "I want to kill myself"
CONCERN_TEXT = "i feel so hopeless, what's the point"


class GatewayVisitor:
    """One conversation opened through the gateway's public API."""

    def __init__(self, gateway_url: str) -> None:
        self.http = httpx.Client(base_url=gateway_url, timeout=30, trust_env=False)
        body = self.http.post("/api/conversations").raise_for_status().json()
        self.id = body["conversation_id"]
        self.auth = {"Authorization": f"Bearer {body['token']}"}

    def say(self, text: str) -> list[dict]:
        response = self.http.post(
            f"/api/conversations/{self.id}/messages", json={"text": text}, headers=self.auth
        )
        assert response.status_code == 200, response.text
        return response.json()["messages"]


@pytest.fixture
def visitor(live_stack: Stack):
    visitor = GatewayVisitor(live_stack.settings.gateway_url)
    yield visitor
    visitor.http.close()


def crisis_number() -> str:
    return crisis_link().href.removeprefix("tel:")


def user_turns(live_stack: Stack, conversation_id: str) -> list[dict]:
    return [e for e in stored_events(live_stack, conversation_id) if e["event"] == "user"]


def payloads(messages: list[dict]) -> list[str]:
    return [b["payload"] for m in messages for b in m.get("buttons", [])]


# --- the risk check survives every parse path -----------------------------------------------

RISKY_PAYLOADS = [
    CRISIS_TEXT,
    f"/greet@1 {CRISIS_TEXT}",
    f"/deny@1.0 {CRISIS_TEXT}",
    f'/choose_topic{{"topic":"cbt"}} {CRISIS_TEXT}',
    f"/restart {CRISIS_TEXT}",
    f"//affirm {CRISIS_TEXT}",
    f"/{CRISIS_TEXT}",
]


@pytest.mark.parametrize("text", RISKY_PAYLOADS)
def test_a_payload_prefixed_crisis_message_escalates_and_is_stored_with_its_risk(
    visitor, live_stack, rasa_api, text
):
    reply = reply_text(visitor.say(text))

    assert crisis_number() in reply
    [turn] = user_turns(live_stack, visitor.id)
    assert turn["parse_data"]["intent"]["name"] == "crisis"
    assert turn["parse_data"]["risk"]["level"] == "crisis"
    slots = tracker_of(rasa_api, visitor.id)["slots"]
    assert slots["risk_level"] == "crisis"
    assert slots["escalation"]["level"] == "crisis"


@pytest.mark.parametrize("opening", ["hi", "what is dual diagnosis"])
def test_an_offered_button_then_a_crisis_message_escalates(visitor, live_stack, opening):
    offered = payloads(visitor.say(opening))
    assert offered, "the opening should offer buttons"
    visitor.say(offered[0])

    assert crisis_number() in reply_text(visitor.say(CRISIS_TEXT))
    assert user_turns(live_stack, visitor.id)[-1]["parse_data"]["risk"]["level"] == "crisis"


def test_an_offered_button_reaches_rasa_as_its_intent(visitor, live_stack):
    offered = payloads(visitor.say("hi"))
    topic_button = next(p for p in offered if p.startswith("/choose_topic"))
    visitor.say(topic_button)

    assert user_turns(live_stack, visitor.id)[-1]["parse_data"]["intent"]["name"] == "choose_topic"


def test_yes_to_the_check_in_escalates_and_is_recorded(visitor, rasa_api):
    check_in = visitor.say(CONCERN_TEXT)
    assert "/affirm" in payloads(check_in)

    assert crisis_number() in reply_text(visitor.say("/affirm"))
    record = tracker_of(rasa_api, visitor.id)["slots"]["escalation"]
    assert record["level"] == "crisis"
    assert record["source"] == "check_in_answer"


def test_a_payload_not_offered_is_read_by_the_nlu_pipeline(visitor, live_stack):
    visitor.say("/affirm")

    [turn] = user_turns(live_stack, visitor.id)
    assert turn["text"] == ESCAPED_PREFIX + "affirm"
    # The pipeline ranked intents (Rasa's payload parser gives exactly one).
    assert len(turn["parse_data"]["intent_ranking"]) > 1


# --- built-in intents never come from a visitor ---------------------------------------------


@pytest.mark.parametrize("command", ["/restart", "/back", "/session_start", "/out_of_scope"])
def test_a_built_in_intent_after_an_escalation_changes_nothing(
    visitor, live_stack, rasa_api, command
):
    visitor.say(CRISIS_TEXT)
    before = tracker_of(rasa_api, visitor.id)["slots"]

    visitor.say(command)

    after = tracker_of(rasa_api, visitor.id)
    for slot in ("risk_level", "risk_category", "escalation"):
        assert after["slots"][slot] == before[slot]
    kinds = [e["event"] for e in stored_events(live_stack, visitor.id)]
    assert not {"restart", "rewind", "undo"} & set(kinds)
    assert kinds.count("session_started") == 1
    assert user_turns(live_stack, visitor.id)[-1]["parse_data"]["intent"]["name"] not in (
        "restart",
        "back",
        "session_start",
        "out_of_scope",
    )


def test_a_topic_payload_with_a_number_is_words_and_the_topics_still_work(visitor):
    visitor.say('/choose_topic{"topic": 5}')
    reply = visitor.say("what is cbt")

    assert reply and "CBT" in reply_text(reply) + " ".join(
        b["title"] for m in reply for b in m.get("buttons", [])
    )


# --- Rasa's API -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/conversations/someone/tracker"),
        ("POST", "/conversations/someone/tracker/events"),
        ("GET", "/status"),
        ("POST", "/model/parse"),
        ("DELETE", "/model"),
    ],
)
@pytest.mark.parametrize("token", [None, "", "a-guess"], ids=["no token", "empty", "wrong"])
def test_rasas_api_refuses_without_the_token(live_stack, method, path, token):
    params = {} if token is None else {"token": token}
    response = httpx.request(
        method, f"{live_stack.settings.rasa_url}{path}", params=params, json={}, timeout=30
    )
    assert response.status_code == 401


def test_rasas_api_answers_with_the_token(rasa_api):
    assert rasa_api.get("/status").status_code == 200


def test_the_token_is_not_on_any_command_line(live_stack):
    token = live_stack.settings.rasa_api_token.encode()
    for name, pid in live_stack.pids().items():
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            assert token not in cmdline.read(), name


# --- stored conversations -------------------------------------------------------------------


def test_the_conversation_database_is_private(live_stack, visitor):
    visitor.say("hello")
    database = live_stack.settings.tracker_db_path
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    assert stat.S_IMODE(database.parent.stat().st_mode) == 0o700


def test_a_new_session_carries_no_personal_data(visitor, rasa_api):
    visitor.say("please have someone call me back")
    visitor.say("Sam")
    visitor.say("555 010 4477")
    visitor.say(CRISIS_TEXT)
    slots = tracker_of(rasa_api, visitor.id)["slots"]
    assert slots["callback_contact"] and slots["risk_level"] == "crisis"

    # What Rasa runs when the session has expired and the visitor writes again.
    rasa_api.post(
        f"/conversations/{visitor.id}/execute", json={"name": "action_session_start"}
    ).raise_for_status()

    slots = tracker_of(rasa_api, visitor.id)["slots"]
    personal = ("callback_name", "callback_contact", "risk_level", "risk_category", "escalation")
    assert {name: slots[name] for name in personal} == dict.fromkeys(personal)
    assert slots["crisis_line"] and crisis_number() in slots["crisis_line"]


def test_the_goodbye_names_the_crisis_line_from_the_resources(visitor):
    assert crisis_number() in reply_text(visitor.say("goodbye"))
