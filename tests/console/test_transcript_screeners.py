"""A finished self-screen's result, as the console's transcript reads it from its slot."""

from __future__ import annotations

import json

import pytest

from web.conversations.transcripts import EventRow, build_transcript

AUDIT_C = {"instrument": "AUDIT-C", "score": 7, "max_score": 12, "band": None,
           "positive": True, "risk_item_positive": False, "date": "2026-12-07"}
PHQ_9 = {"instrument": "PHQ-9", "score": 16, "max_score": 27, "band": "moderately severe",
         "positive": True, "risk_item_positive": True, "date": "2026-12-07"}


def slot_row(event_id: int, value: object) -> EventRow:
    return EventRow(event_id, "visitor-1", "slot", 1_000.0 + event_id, None,
                    json.dumps({"event": "slot", "name": "screener_results", "value": value}))


def test_every_finished_screen_is_listed_oldest_first():
    transcript = build_transcript("visitor-1", [slot_row(1, [AUDIT_C]),
                                                slot_row(2, [AUDIT_C, PHQ_9])])

    assert transcript.screener_results == [AUDIT_C, PHQ_9]


def test_a_conversation_without_a_screen_has_no_results():
    assert build_transcript("visitor-1", []).screener_results == []


@pytest.mark.parametrize("value", ["AUDIT-C 7", [None, "7 of 12"], {"score": 7}, None],
                         ids=["text", "no records", "one record, not a list", "reset"])
def test_a_slot_value_that_is_no_list_of_records_shows_nothing_and_breaks_nothing(value):
    assert build_transcript("visitor-1", [slot_row(1, value)]).screener_results == []
