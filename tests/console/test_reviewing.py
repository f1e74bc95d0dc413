"""Staff reviewing through the console's pages: the list, filters, transcript, tags,
notes, review mark, export, purge and the audit log."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.console.staff_client import StaffClient
from web.console.accounts import find_account

pytestmark = pytest.mark.integration


def test_the_list_shows_a_crisis_conversation_first_under_the_crisis_filter(admin, ids):
    page = admin.get("/staff/", risk_level="crisis").text
    assert ids["crisis"] in page and ids["overdose"] in page
    assert ids["faq"] not in page


def test_the_crisis_chip_shows_its_count(admin):
    page = admin.get("/staff/").text
    assert 'data-filter="risk_level=crisis"' in page


def test_a_bad_filter_is_a_clear_400(admin):
    response = admin.get("/staff/", risk_level="extreme")
    assert response.status_code == 400
    assert "risk_level must be one of" in response.text
    assert "Traceback" not in response.text


def test_the_transcript_shows_messages_intents_and_risk(admin, ids):
    page = admin.get(f"/staff/conversations/{ids['crisis']}").text
    assert "I want to kill myself" in page
    assert "badge crisis" in page and "suicide" in page
    assert "greet" in page


def test_the_transcript_shows_the_escalation_record(admin, ids):
    page = admin.get(f"/staff/conversations/{ids['crisis']}").text
    assert "Escalation record: crisis" in page and "about the visitor" in page


def test_the_transcript_shows_a_finished_self_screens_result(admin, ids):
    page = admin.get(f"/staff/conversations/{ids['screener']}").text
    assert "Self-screeners" in page
    assert "<strong>AUDIT-C</strong> 7 of 12" in page and "at or above the cut-off" in page


def test_a_conversation_without_a_screen_shows_no_screener_panel(admin, ids):
    assert "Self-screeners" not in admin.get(f"/staff/conversations/{ids['faq']}").text


def test_an_unknown_conversation_is_404(admin):
    assert admin.get("/staff/conversations/nobody-here").status_code == 404


def test_a_tag_added_on_the_transcript_filters_the_list(admin, ids):
    response = admin.post(f"/staff/conversations/{ids['crisis']}/tags", {"tag": "called-back"})
    assert response.status_code == 303
    assert "called-back" in admin.get(f"/staff/conversations/{ids['crisis']}").text
    listed = admin.get("/staff/", tag="called-back").text
    assert ids["crisis"] in listed and ids["faq"] not in listed


def test_a_bad_tag_comes_back_with_the_reason(admin, ids):
    response = admin.post(f"/staff/conversations/{ids['faq']}/tags", {"tag": "?!"})
    assert response.status_code == 303
    page = admin.client.get(response.headers["location"]).text
    assert "A tag is 1 to 32 letters" in page


def test_a_note_is_shown_with_its_author(admin, ids):
    admin.post(f"/staff/conversations/{ids['crisis']}/notes", {"text": "Called; safe now."})
    page = admin.get(f"/staff/conversations/{ids['crisis']}").text
    assert "Called; safe now." in page and "ada" in page


def test_a_reviewer_may_tag_note_and_mark_reviewed(reviewer: StaffClient, ids):
    sender = ids["faq"]
    assert reviewer.post(f"/staff/conversations/{sender}/tags", {"tag": "good"}).status_code == 303
    assert reviewer.post(f"/staff/conversations/{sender}/review",
                         {"reviewed": "yes"}).status_code == 303
    assert sender in reviewer.get("/staff/", reviewed="yes").text
    assert sender not in reviewer.get("/staff/", reviewed="no").text


def test_the_csv_export_is_redacted_and_filtered(admin, ids):
    response = admin.get("/staff/export.csv", handoff="yes")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {row["conversation"] for row in rows} >= {ids["callback"], ids["person"]}
    assert ids["crisis"] not in response.text
    assert "555-123-4567" not in response.text


def test_the_json_export_is_redacted_by_default(admin, ids):
    response = admin.get("/staff/export.json", text="email")
    data = json.loads(response.text)
    assert data["redacted"] is True
    assert [c["conversation"] for c in data["conversations"]] == [ids["personal"]]
    assert "jane.doe@example.org" not in response.text


def test_views_and_exports_are_in_the_audit_log(admin, ids):
    admin.get(f"/staff/conversations/{ids['crisis']}")
    admin.get("/staff/export.json", risk_level="crisis")
    log = admin.get("/staff/audit").text
    assert f"view</td><td class=\"target\">{ids['crisis']}" in log
    assert "export" in log and ids["overdose"] in log


def test_the_purge_form_says_how_many_it_deleted(admin, ids):
    response = admin.post("/staff/purge", {"days": "30"})
    assert "Deleted 0 conversations" in response.text
    assert admin.get(f"/staff/conversations/{ids['crisis']}").status_code == 200


def test_the_purge_form_refuses_a_non_number(admin):
    response = admin.post("/staff/purge", {"days": "soon"})
    assert response.status_code == 422 and "whole number" in response.text


def test_the_overview_draws_its_charts_without_scripts(admin):
    page = admin.get("/staff/overview").text
    assert page.count("<svg") == 3 and "<script" not in page
    assert "fallback rate" in page


def test_the_model_page_names_what_is_missing_or_shows_the_scores(admin):
    page = admin.get("/staff/model").text
    assert "make test-nlu" in page


def test_an_admin_creates_an_account_that_can_log_in(admin, anonymous_second):
    response = admin.post("/staff/accounts", {"action": "create", "username": "newbie",
                                              "role": "reviewer", "password": "p" * 14})
    assert response.status_code == 303
    assert "newbie" in admin.get("/staff/accounts").text
    assert anonymous_second.log_in("newbie", "p" * 14).status_code == 303


def test_an_admin_gives_an_account_the_display_name_visitors_see(admin, engine):
    response = admin.post("/staff/accounts", {"action": "display_name", "username": "ada",
                                              "display_name": "Ada L."})
    assert response.status_code == 303
    with engine.connect() as connection:
        assert find_account(connection, "ada").display_name == "Ada L."
    assert 'value="Ada L."' in admin.get("/staff/accounts").text


def test_an_account_is_created_with_a_display_name(admin, engine):
    admin.post("/staff/accounts", {"action": "create", "username": "newbie", "role": "reviewer",
                                   "password": "p" * 14, "display_name": "Sam"})
    with engine.connect() as connection:
        assert find_account(connection, "newbie").display_name == "Sam"


def test_a_display_name_with_a_number_is_refused_on_the_accounts_page(admin):
    response = admin.post("/staff/accounts", {"action": "display_name", "username": "ada",
                                              "display_name": "call 555 0100"})
    assert response.status_code == 422 and "A display name is" in response.text


def test_an_admin_cannot_delete_their_own_account(admin):
    response = admin.post("/staff/accounts", {"action": "delete", "username": "ada"})
    assert response.status_code == 422 and "your own account" in response.text


def test_a_weak_password_is_refused_on_the_accounts_page(admin):
    response = admin.post("/staff/accounts", {"action": "create", "username": "weak",
                                              "role": "reviewer", "password": "short"})
    assert response.status_code == 422 and "at least 12 characters" in response.text
