"""A live hand-off through the gateway: the visitor's API and the console's claim, reply
and end, in front of the stand-in for Rasa (which speaks Rasa's HTTP API, pause included).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from starlette.testclient import TestClient

from harbor.center import CENTER_FILE
from harbor.staffed_hours import DAYS, HandoffSettings, StaffedHours
from safety.replies import service_unavailable_message
from tests.console.conftest import PASSWORD, copy_sqlite
from tests.console.staff_client import StaffClient
from tests.web.servers import ASK_FOR_PERSON, UNLIMITED, StubRasa, settings_for
from tests.web.visitor import Visitor
from web.app import create_app
from web.console.accounts import create_account, set_display_name
from web.conversations.database import create_db_engine, migrate, sqlite_url
from web.handoff.visitor_texts import load_handoff_texts
from web.notifications import Notice
from web.visitor.widget_config import crisis_link

MINUTES = 60
TEXTS = load_handoff_texts()  # what the visitor is told, from domain.yml


class CollectingNotifier:
    """The notifier contract, keeping what was published for the test to read."""

    def __init__(self) -> None:
        self.notices: list[Notice] = []

    async def publish(self, notice: Notice) -> None:
        self.notices.append(notice)


@pytest.fixture
def notifier() -> CollectingNotifier:
    return CollectingNotifier()


@pytest.fixture(scope="module")
def staffed_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A console database with two reviewers, made once; each test gets a copy of it
    (an account's Argon2 hash takes a good part of a second, on purpose)."""
    database = tmp_path_factory.mktemp("handoff-api") / "staffed.db"
    engine = create_db_engine(sqlite_url(database))
    migrate(engine)
    with engine.begin() as connection:
        for name in ("ada", "bo"):
            create_account(connection, name, PASSWORD, "reviewer")
    engine.dispose()
    return database


@pytest.fixture
def make_gateway(stub_rasa: StubRasa, tmp_path: Path, notifier: CollectingNotifier,
                 staffed_database: Path) -> Iterator[Callable[..., TestClient]]:
    """A gateway whose center is staffed now, with `join_wait` seconds before a call back
    (taken in the console's list unless `take_callback_requests` is false)."""
    clients: list[TestClient] = []

    def make(join_wait: int = 10 * MINUTES, take_callback_requests: bool = True,
             center_file: Path | None = None, **settings: object) -> TestClient:
        database = tmp_path / "tracker.db"
        copy_sqlite(staffed_database, database)
        # A center file, when given, is read as the gateway reads center.yml.
        handoff = None if center_file else HandoffSettings(
            StaffedHours(ZoneInfo("UTC")), join_wait_seconds=join_wait,
            take_callback_requests=take_callback_requests)
        # A timeout a busy machine meets only when something is wrong.
        settings = {"tracker_db_path": database, "rasa_timeout_seconds": 5.0, **settings}
        app = create_app(settings_for(stub_rasa.port, **settings),
                         rate_limits=UNLIMITED, handoff_settings=handoff, notifier=notifier,
                         center_file=center_file or CENTER_FILE)
        client = TestClient(app, raise_server_exceptions=False)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def gateway(make_gateway) -> TestClient:
    return make_gateway()


def staff_member(gateway: TestClient, name: str) -> StaffClient:
    # Each staff member has cookies of their own: a client of their own on the same app.
    client = TestClient(gateway.app, raise_server_exceptions=False)
    staff = StaffClient(client)
    assert staff.log_in(name, PASSWORD).status_code == 303
    return staff


def waiting_visitor(gateway: TestClient) -> tuple[Visitor, dict]:
    visitor = Visitor(gateway)
    body = visitor.say(ASK_FOR_PERSON).json()
    return visitor, body


def events(visitor: Visitor, after: int = 0) -> dict:
    response = visitor.client.get(f"/api/conversations/{visitor.id}/events",
                                  params={"after": after}, headers=visitor.auth)
    assert response.status_code == 200, response.text
    return response.json()


def handoff_id(staff: StaffClient) -> str:
    match = re.search(r'/staff/handoffs/(\d+)"', staff.get("/staff/handoffs").text)
    assert match, "nobody is in the queue"
    return match.group(1)


def claim(staff: StaffClient, number: str):
    return staff.post(f"/staff/handoffs/{number}/claim")


# --- the visitor asks -----------------------------------------------------------------

def test_asking_for_a_person_queues_the_visitor_and_tells_the_widget_to_poll(gateway):
    _, body = waiting_visitor(gateway)
    assert body["handoff"]["status"] == "waiting"
    assert isinstance(body["handoff"]["after"], int)
    assert [m["text"] for m in body["messages"]] == ["I'm asking a member of our team to join."]


def test_when_the_queue_cannot_be_reached_no_person_is_promised(make_gateway, tmp_path):
    gateway = make_gateway(tracker_db_path=tmp_path / "no such folder" / "tracker.db")
    _, body = waiting_visitor(gateway)
    assert body["handoff"] == {"status": None}
    assert [m["text"] for m in body["messages"]] == [TEXTS.queue_failed]


def test_the_queue_is_announced_with_its_reason(gateway, notifier):
    visitor, _ = waiting_visitor(gateway)
    assert notifier.notices == [Notice("handoff_waiting", visitor.id, {"reason": "asked"})]


def test_asking_again_while_waiting_queues_once(gateway, notifier):
    visitor, _ = waiting_visitor(gateway)
    visitor.say(ASK_FOR_PERSON)
    assert len(notifier.notices) == 1


def test_staff_see_the_waiting_visitor_with_the_reason(gateway):
    waiting_visitor(gateway)
    page = staff_member(gateway, "ada").get("/staff/handoffs").text
    assert "reason-asked" in page and "waiting" in page


# --- a person joins, talks, leaves -----------------------------------------------------

def test_a_claim_pauses_the_assistant_and_the_visitor_is_told(gateway, stub_rasa):
    visitor, body = waiting_visitor(gateway)
    ada = staff_member(gateway, "ada")
    assert claim(ada, handoff_id(ada)).status_code == 303
    assert stub_rasa.appended[visitor.id] == [{"event": "pause"}]
    feed = events(visitor, body["handoff"]["after"])
    assert feed["handoff"]["status"] == "claimed"
    assert [(e["kind"], e["text"]) for e in feed["events"]] == [("joined", TEXTS.joined)]


def test_a_second_claim_is_refused_and_names_who_joined(gateway):
    waiting_visitor(gateway)
    ada, bo = staff_member(gateway, "ada"), staff_member(gateway, "bo")
    number = handoff_id(ada)
    claim(ada, number)
    refused = claim(bo, number)
    assert "ada+has+already+joined" in refused.headers["location"]


def test_a_staff_reply_reaches_the_visitor_and_the_tracker(gateway, stub_rasa):
    visitor, body = waiting_visitor(gateway)
    ada = staff_member(gateway, "ada")
    number = handoff_id(ada)
    claim(ada, number)
    ada.post(f"/staff/handoffs/{number}/reply", {"text": "Hi, I'm Ada from the team."})
    staff_entries = [e for e in events(visitor, body["handoff"]["after"])["events"]
                     if e["kind"] == "staff"]
    assert [(e["text"], e["author"]) for e in staff_entries] == [
        ("Hi, I'm Ada from the team.", "Team member")]
    assert stub_rasa.appended[visitor.id][-1] == {
        "event": "bot", "text": "Hi, I'm Ada from the team.",
        "metadata": {"handoff": "staff", "staff": "ada"}}


def give_display_name(database: Path, username: str, display_name: str) -> None:
    engine = create_db_engine(sqlite_url(database))
    with engine.begin() as connection:
        set_display_name(connection, username, display_name)
    engine.dispose()


def test_a_team_member_with_a_display_name_is_shown_by_it(gateway, stub_rasa, tmp_path):
    give_display_name(tmp_path / "tracker.db", "ada", "Ada")
    visitor, body = waiting_visitor(gateway)
    ada = staff_member(gateway, "ada")
    number = handoff_id(ada)
    claim(ada, number)
    ada.post(f"/staff/handoffs/{number}/reply", {"text": "Hi, I'm here."})
    feed = events(visitor, body["handoff"]["after"])["events"]
    assert [(e["kind"], e["author"]) for e in feed] == [
        ("joined", "Ada (team member)"), ("staff", "Ada (team member)")]
    # The console's record keeps who it was.
    assert stub_rasa.appended[visitor.id][-1]["metadata"] == {"handoff": "staff", "staff": "ada"}


def test_only_the_staff_member_who_joined_may_reply(gateway):
    visitor, body = waiting_visitor(gateway)
    ada, bo = staff_member(gateway, "ada"), staff_member(gateway, "bo")
    number = handoff_id(ada)
    claim(ada, number)
    refused = bo.post(f"/staff/handoffs/{number}/reply", {"text": "me too"})
    assert "error=" in refused.headers["location"]
    assert [e["kind"] for e in events(visitor)["events"]] == ["joined"]


def test_while_a_person_is_there_the_assistant_answers_nothing(gateway, stub_rasa):
    visitor, _ = waiting_visitor(gateway)
    ada = staff_member(gateway, "ada")
    claim(ada, handoff_id(ada))
    response = visitor.say("thank you for joining")
    assert response.json() == {"messages": [], "handoff": {"status": "claimed"}}
    assert stub_rasa.received[-1]["message"] == "thank you for joining"  # kept by Rasa


def test_ending_resumes_the_assistant_and_tells_the_visitor(gateway, stub_rasa):
    visitor, body = waiting_visitor(gateway)
    ada = staff_member(gateway, "ada")
    number = handoff_id(ada)
    claim(ada, number)
    ada.post(f"/staff/handoffs/{number}/end")
    assert stub_rasa.appended[visitor.id][-2] == {"event": "resume"}
    feed = events(visitor, body["handoff"]["after"])
    assert feed["handoff"]["status"] == "ended"
    assert feed["events"][-1]["text"] == TEXTS.back
    assert visitor.say("what is detox").json()["messages"][0]["text"] == "You said: what is detox"


def test_a_claim_rasa_cannot_pause_is_undone(make_gateway):
    gateway = make_gateway(rasa_api_token="not-the-token")
    waiting_visitor(gateway)
    ada = staff_member(gateway, "ada")
    number = handoff_id(ada)
    refused = claim(ada, number)
    assert "could+not+be+reached" in refused.headers["location"]
    assert "Claim and join" in ada.get(f"/staff/handoffs/{number}").text


# --- risk during the live chat ----------------------------------------------------------

def crisis_number() -> str:
    return crisis_link().href.removeprefix("tel:")


def test_a_crisis_during_the_live_chat_gets_the_crisis_line_at_once(gateway):
    visitor, _ = waiting_visitor(gateway)
    ada = staff_member(gateway, "ada")
    claim(ada, handoff_id(ada))
    replies = visitor.say("CRISIS I can't go on").json()["messages"]
    assert crisis_number() in replies[0]["text"]


def test_a_crisis_during_the_live_chat_is_flagged_to_the_staff_member(gateway):
    visitor, _ = waiting_visitor(gateway)
    ada = staff_member(gateway, "ada")
    number = handoff_id(ada)
    claim(ada, number)
    visitor.say("CRISIS I can't go on")
    # The stand-in keeps no transcript; the flag comes from the hand-off itself.
    assert 'id="crisis-flag" class="alert" role="alert">' in ada.get(
        f"/staff/handoffs/{number}").text


def test_a_crisis_during_the_live_chat_is_announced(gateway, notifier):
    visitor, _ = waiting_visitor(gateway)
    ada = staff_member(gateway, "ada")
    claim(ada, handoff_id(ada))
    visitor.say("CRISIS I can't go on")
    assert notifier.notices[-1] == Notice(
        "crisis_escalation", visitor.id, {"category": "suicide", "during": "handoff"})


def test_the_crisis_reply_is_kept_in_the_tracker_with_the_escalation(gateway, stub_rasa):
    visitor, _ = waiting_visitor(gateway)
    ada = staff_member(gateway, "ada")
    claim(ada, handoff_id(ada))
    visitor.say("CRISIS I can't go on")
    kinds = [(e["event"], e.get("name")) for e in stub_rasa.appended[visitor.id]]
    assert kinds[-3:] == [("bot", None), ("slot", "risk_level"), ("slot", "risk_category")]


def test_when_the_risk_check_cannot_run_the_visitor_still_gets_the_lines(gateway, stub_rasa):
    visitor, _ = waiting_visitor(gateway)
    ada = staff_member(gateway, "ada")
    claim(ada, handoff_id(ada))
    stub_rasa.api_failing = True
    replies = visitor.say("I can't go on").json()["messages"]
    assert replies == [{"text": service_unavailable_message(), "buttons": [],
                        "timestamp": replies[0]["timestamp"]}]


# --- risk while waiting for a person ----------------------------------------------------

def queue_rows(staff: StaffClient) -> list[str]:
    """The queue page's open rows, as they are listed: each row's tag and the link in it."""
    page = staff.get("/staff/handoffs").text
    return re.findall(r'<tr class="handoff [^"]*">.*?/staff/handoffs/\d+"', page, re.DOTALL)


def test_a_crisis_while_waiting_is_flagged_on_the_queue_row(gateway):
    visitor, _ = waiting_visitor(gateway)
    visitor.say("CRISIS I can't go on")
    [row] = queue_rows(staff_member(gateway, "ada"))
    assert "risk-crisis" in row and "crisis suicide" in row


def test_a_visitor_in_crisis_while_waiting_is_listed_first(gateway):
    waiting_visitor(gateway)
    later, _ = waiting_visitor(gateway)
    later.say("CRISIS I can't go on")
    rows = queue_rows(staff_member(gateway, "ada"))
    assert ["risk-crisis" in row for row in rows] == [True, False]


def test_a_message_without_risk_while_waiting_flags_nothing(gateway):
    visitor, _ = waiting_visitor(gateway)
    visitor.say("are you still there?")
    [row] = queue_rows(staff_member(gateway, "ada"))
    assert "risk-crisis" not in row


def test_a_crisis_while_waiting_is_answered_by_the_assistant(gateway, stub_rasa):
    visitor, _ = waiting_visitor(gateway)
    replies = visitor.say("CRISIS I can't go on").json()["messages"]
    # The stand-in echoes; the real assistant gives the crisis lines (tests/safety).
    assert [m["text"] for m in replies] == ["You said: CRISIS I can't go on"]


def test_when_the_risk_check_fails_while_waiting_the_reply_still_arrives(gateway, stub_rasa):
    visitor, _ = waiting_visitor(gateway)
    stub_rasa.api_failing = True
    response = visitor.say("CRISIS I can't go on")
    assert response.status_code == 200
    assert [m["text"] for m in response.json()["messages"]] == ["You said: CRISIS I can't go on"]


# --- nobody joins -----------------------------------------------------------------------

def test_nobody_joining_in_time_moves_the_visitor_to_the_call_back_path(make_gateway, stub_rasa):
    gateway = make_gateway(join_wait=0)
    visitor, body = waiting_visitor(gateway)
    feed = events(visitor, body["handoff"]["after"])
    assert feed["handoff"]["status"] == "expired"
    assert [(e["kind"], e["text"]) for e in feed["events"]] == [
        ("expired", TEXTS.expired), ("bot", "What first name should our team ask for?")]
    assert stub_rasa.received[-1]["message"] == "/request_callback"


def test_an_expired_wait_points_to_no_call_back_nobody_would_see(make_gateway, stub_rasa):
    gateway = make_gateway(join_wait=0, take_callback_requests=False)
    visitor, body = waiting_visitor(gateway)
    feed = events(visitor, body["handoff"]["after"])
    assert feed["events"][0] == {**feed["events"][0], "kind": "expired",
                                 "text": TEXTS.expired_no_callback}
    assert "call back" not in TEXTS.expired_no_callback


def test_a_center_that_stops_taking_call_backs_is_obeyed_without_a_restart(
        make_gateway, tmp_path):
    center = tmp_path / "center.yml"
    hours = "".join(f"    {day}: '00:00-24:00'\n" for day in DAYS)
    center.write_text("name: H\nhandoff:\n  time_zone: UTC\n  staffed_hours:\n" + hours
                      + "  join_wait_minutes: 10\n  take_callback_requests: true\n")
    gateway = make_gateway(center_file=center)

    # While the gateway runs, the center shortens the wait and stops reading call-backs.
    edited = (center.read_text()
              .replace("join_wait_minutes: 10", "join_wait_minutes: 0.001")
              .replace("take_callback_requests: true", "take_callback_requests: false"))
    center.write_text(edited)
    visitor, body = waiting_visitor(gateway)

    feed = events(visitor, body["handoff"]["after"])
    assert feed["handoff"]["status"] == "expired"
    assert feed["events"][0]["text"] == TEXTS.expired_no_callback


def test_an_expired_wait_is_acted_on_once(make_gateway, stub_rasa):
    gateway = make_gateway(join_wait=0)
    visitor, body = waiting_visitor(gateway)
    events(visitor, body["handoff"]["after"])
    assert events(visitor, body["handoff"]["after"])["events"][-1]["kind"] == "bot"
    assert [m["message"] for m in stub_rasa.received].count("/request_callback") == 1


def test_a_visitor_who_left_is_moved_to_the_call_back_path_without_polling(
        make_gateway, stub_rasa, monkeypatch):
    monkeypatch.setenv("HARBOR_CONSOLE_REFRESH_SECONDS", "0.2")
    gateway = make_gateway(join_wait=0)
    waiting_visitor(gateway)  # and never polls again

    deadline = time.monotonic() + 15
    while "/request_callback" not in [m["message"] for m in stub_rasa.received]:
        assert time.monotonic() < deadline, "the background round never expired the wait"
        time.sleep(0.1)


# --- the events endpoint's guard ---------------------------------------------------------

def test_the_events_need_the_conversation_token(gateway):
    visitor, _ = waiting_visitor(gateway)
    other = Visitor(gateway)
    response = gateway.get(f"/api/conversations/{visitor.id}/events", headers=other.auth)
    assert response.status_code == 403


@pytest.mark.parametrize("after", ["-1", "abc", "1e3", "9" * 20])
def test_a_cursor_that_is_not_a_whole_number_is_a_clear_error(gateway, after):
    visitor = Visitor(gateway)
    response = gateway.get(f"/api/conversations/{visitor.id}/events", params={"after": after},
                           headers=visitor.auth)
    assert (response.status_code, response.json()["error"]) == (400, "invalid_cursor")


def test_a_conversation_without_a_handoff_has_no_events(gateway):
    visitor = Visitor(gateway)
    assert events(visitor) == {"handoff": None, "events": []}
