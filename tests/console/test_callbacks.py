"""The call-back list: a request the visitor submitted to the running assistant becomes
one row, which staff see and move from new to contacted to closed, with notes; crisis
escalations and requests become webhook notices, once, without the visitor's words."""

from __future__ import annotations

import json
import re

import pytest
import sqlalchemy as sa

from web.conversations import callbacks, outbox
from web.conversations.index import refresh_index
from web.conversations.retention import purge
from web.conversations.tables import callbacks as callbacks_table
from web.conversations.tables import outbox as outbox_table
from web.conversations.transcripts import read_transcript

pytestmark = pytest.mark.integration


def listed(engine, sender_id, status=None):
    """The requests of one recorded conversation (the live store holds other tests' too)."""
    with engine.begin() as connection:
        refresh_index(connection)
        return [r for r in callbacks.list_callbacks(connection, status)
                if r.sender_id == sender_id]


def only_request(engine, ids):
    [request] = listed(engine, ids["callback"])
    return request


# --- from the tracker store to the list --------------------------------------------------

def test_a_submitted_request_becomes_a_row_with_what_staff_need(engine, ids):
    request = only_request(engine, ids)

    assert (request.sender_id, request.name, request.contact, request.contact_kind,
            request.best_time, request.status) == (
        ids["callback"], "Jane", "555-123-4567", "phone", "evening", "new")
    assert request.requested_at > 0


def test_a_request_is_read_once_however_often_the_index_refreshes(engine, ids):
    listed(engine, ids["callback"])
    with engine.begin() as connection:
        # As if the index had to read every event again (a rebuilt index).
        connection.execute(sa.text("DELETE FROM console_index_state"))
        refresh_index(connection)
        assert connection.execute(
            sa.select(sa.func.count()).select_from(callbacks_table)
            .where(callbacks_table.c.sender_id == ids["callback"])).scalar() == 1


def test_a_request_is_read_from_its_slot_not_from_the_form_answers(engine, ids):
    with engine.begin() as connection:
        transcript = read_transcript(connection, ids["callback"])
    assert transcript.slots["callback_request"]["name"] == "Jane"


@pytest.mark.parametrize(
    ("status", "expected"), [("new", 1), ("contacted", 0), ("closed", 0)])
def test_the_list_filters_by_status(engine, ids, status, expected):
    assert len(listed(engine, ids["callback"], status)) == expected


def test_a_status_moves_forward_and_says_who_moved_it(engine, ids):
    request = only_request(engine, ids)
    with engine.begin() as connection:
        changed = callbacks.set_status(connection, request.id, "contacted", "rey")
    assert (changed.status, changed.status_changed_by) == ("contacted", "rey")
    assert listed(engine, ids["callback"], "new") == []


@pytest.mark.parametrize("status", ["done", "", "NEW"])
def test_an_unknown_status_is_refused(engine, ids, status):
    request = only_request(engine, ids)
    with engine.begin() as connection, pytest.raises(callbacks.CallbackError):
        callbacks.set_status(connection, request.id, status, "rey")


def test_purging_a_conversation_removes_its_request(engine, ids):
    listed(engine, ids["callback"])
    with engine.begin() as connection:
        purge(connection, days=0, now=10**10)
        assert callbacks.list_callbacks(connection) == []


# --- notices -------------------------------------------------------------------------------

def queued(engine) -> list[tuple[str, str, dict]]:
    with engine.begin() as connection:
        rows = connection.execute(sa.select(
            outbox_table.c.kind, outbox_table.c.sender_id, outbox_table.c.details))
        return sorted((kind, sender, json.loads(details)) for kind, sender, details in rows)


def test_without_a_webhook_nothing_is_queued(engine, ids):
    read_afresh(engine)
    listed(engine, ids["callback"])
    assert queued(engine) == []


def read_afresh(engine) -> None:
    """As if the console had not read these conversations yet (the live stack's gateway
    indexed its SQLite store as the visitors talked)."""
    with engine.begin() as connection:
        for table in ("console_index_state", "console_callbacks", "console_outbox"):
            connection.execute(sa.text(f"DELETE FROM {table}"))


def test_each_request_and_crisis_escalation_is_queued_once(engine, ids):
    read_afresh(engine)
    with engine.begin() as connection:
        refresh_index(connection, notify=True)
        connection.execute(sa.text("DELETE FROM console_index_state"))
        refresh_index(connection, notify=True)

    notices = queued(engine)
    assert ("callback_requested", ids["callback"], {"contact_kind": "phone"}) in notices
    crises = {sender for kind, sender, _ in notices if kind == "crisis_escalation"}
    assert {ids["crisis"], ids["overdose"], ids["new_session"]} <= crises
    assert len(notices) == len(set(json.dumps(n) for n in notices))


def test_a_crisis_notice_says_what_kind_of_crisis(engine, ids):
    read_afresh(engine)
    with engine.begin() as connection:
        refresh_index(connection, notify=True)
    [details] = [d for kind, sender, d in queued(engine)
                 if kind == "crisis_escalation" and sender == ids["overdose"]]
    assert details["category"] == "overdose" and details["level"] == "crisis"


def test_no_notice_carries_what_the_visitor_wrote_or_their_contact(engine, ids):
    from tests.console.conftest import VISITS

    read_afresh(engine)
    with engine.begin() as connection:
        refresh_index(connection, notify=True)
        due = outbox.claim_due(connection, now=10**10, limit=100)
    sent = json.dumps([n.notice.details for n in due])
    for messages in VISITS.values():
        for text in messages:
            if len(text) > 4 and not text.startswith("/"):
                assert text.lower() not in sent.lower()
    assert "Jane" not in sent and "555" not in sent


# --- the page -------------------------------------------------------------------------------

def test_the_page_lists_the_request_with_its_conversation(admin, ids):
    page = admin.get("/staff/callbacks").text
    assert "Jane" in page and "555-123-4567" in page and "evening" in page
    assert f"/staff/conversations/{ids['callback']}" in page


def test_the_nav_links_to_the_call_back_list(admin):
    assert '/staff/callbacks">Call-backs</a>' in admin.get("/staff/").text


def request_id_on(staff, sender_id: str) -> str:
    """The id of the recorded conversation's request, as its row on the page shows it."""
    page = staff.get("/staff/callbacks").text
    row = re.search(r'data-callback="(\d+)">(?:(?!data-callback).)*?/staff/conversations/'
                    + re.escape(sender_id), page, re.DOTALL)
    assert row, f"no call-back row for {sender_id}"
    return row.group(1)


def test_staff_mark_a_request_contacted_then_closed(reviewer, ids):
    callback_id = request_id_on(reviewer, ids["callback"])
    for status in ("contacted", "closed"):
        response = reviewer.post(f"/staff/callbacks/{callback_id}/status", {"status": status})
        assert response.status_code == 303
        page = reviewer.get("/staff/callbacks").text
        assert f'class="callback status-{status}" data-callback="{callback_id}"' in page


def test_a_status_change_is_in_the_audit_log(admin, ids):
    callback_id = request_id_on(admin, ids["callback"])
    admin.post(f"/staff/callbacks/{callback_id}/status", {"status": "contacted"})
    assert f"call-back {callback_id} -&gt; contacted" in admin.get("/staff/audit").text


def test_an_unknown_status_is_a_clear_message_not_a_stack_trace(admin, ids):
    callback_id = request_id_on(admin, ids["callback"])
    response = admin.post(f"/staff/callbacks/{callback_id}/status", {"status": "done"})
    page = admin.client.get(response.headers["location"]).text
    assert "Unknown status" in page and "Traceback" not in page


def test_a_status_change_without_the_form_token_is_refused(admin, ids):
    callback_id = request_id_on(admin, ids["callback"])
    response = admin.client.post(f"/staff/callbacks/{callback_id}/status",
                                 data={"status": "closed"}, follow_redirects=False)
    assert response.status_code == 403
    page = admin.get("/staff/callbacks").text
    assert f'class="callback status-new" data-callback="{callback_id}"' in page


def test_a_note_on_a_request_is_a_note_on_its_conversation(admin, ids):
    callback_id = request_id_on(admin, ids["callback"])
    admin.post(f"/staff/callbacks/{callback_id}/notes", {"text": "Left a voicemail"})
    assert "Left a voicemail" in admin.get("/staff/callbacks").text
    assert "Left a voicemail" in admin.get(f"/staff/conversations/{ids['callback']}").text


def test_the_page_says_when_no_webhook_is_configured(admin):
    assert "No webhook is configured" in admin.get("/staff/callbacks").text


def test_the_list_needs_a_logged_in_staff_member(anonymous):
    response = anonymous.get("/staff/callbacks")
    assert response.status_code == 303 and response.headers["location"].endswith("/staff/login")
