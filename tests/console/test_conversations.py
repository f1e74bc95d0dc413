"""The conversations library on real tracker stores (SQLite and PostgreSQL) that the
running assistant filled: index, filters with counts, transcripts, tags, export,
purge."""

from __future__ import annotations

import csv
import io
import json
import time

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from web.conversations import annotations
from web.conversations.export import export_csv, export_json
from web.conversations.filters import ConversationFilter, FilterError, parse_filter
from web.conversations.index import refresh_index
from web.conversations.listing import facet_counts, known_topics, list_conversations
from web.conversations.retention import DAY, purge
from web.conversations.tables import conversations, events, tags
from web.conversations.transcripts import read_transcript, read_transcripts

pytestmark = pytest.mark.integration


def matching(engine: Engine, flt: ConversationFilter) -> set[str]:
    with engine.begin() as connection:
        refresh_index(connection)
        page = list_conversations(connection, flt, page_size=1000)
    return {row.sender_id for row in page.rows}


# --- the index and the filters --------------------------------------------------------

FILTERS = [
    # (filter, visits that must match, visits that must not)
    ({"risk_level": "crisis"}, {"crisis", "overdose"}, {"faq", "callback", "person"}),
    ({"risk_level": "concern"}, {"concern"}, {"crisis", "faq"}),
    ({"risk_level": "any"}, {"crisis", "overdose", "concern"}, {"faq"}),
    ({"risk_level": "none"}, {"faq", "callback", "person"}, {"crisis", "overdose"}),
    ({"risk_category": "suicide"}, {"crisis"}, {"overdose", "faq"}),
    ({"risk_category": "overdose"}, {"overdose"}, {"crisis", "faq"}),
    ({"escalated": "yes"}, {"crisis", "overdose"}, {"faq", "person"}),
    ({"handoff": "yes"}, {"callback", "person"}, {"faq", "crisis"}),
    ({"topic": "dual_diagnosis"}, {"faq"}, {"crisis", "person"}),
    ({"text": "KILL MYSELF"}, {"crisis"}, {"faq", "overdose"}),
    ({"text": "100%_"}, set(), {"faq", "crisis"}),
    ({"reviewed": "no"}, {"crisis", "faq", "callback"}, set()),
]


@pytest.mark.parametrize(("params", "included", "excluded"), FILTERS,
                         ids=[str(f[0]) for f in FILTERS])
def test_a_filter_finds_the_conversations_it_names(engine, ids, params, included, excluded):
    found = matching(engine, parse_filter(params))
    assert {ids[k] for k in included} <= found
    assert not {ids[k] for k in excluded} & found


def test_unsure_messages_count_as_fallback_or_low_confidence(engine, ids):
    assert ids["unsure"] in matching(engine, parse_filter({"fallback": "yes"}))


def test_the_date_range_includes_today_and_excludes_tomorrow(engine, ids):
    today = time.strftime("%Y-%m-%d", time.gmtime())
    tomorrow = time.strftime("%Y-%m-%d", time.gmtime(time.time() + DAY))
    assert ids["crisis"] in matching(engine, parse_filter({"date_from": today, "date_to": today}))
    assert ids["crisis"] not in matching(engine, parse_filter({"date_from": tomorrow}))


@pytest.mark.parametrize("params", [
    {"risk_level": "extreme"}, {"date_from": "yesterday"}, {"reviewed": "maybe"},
    {"tag": "<script>"},
])
def test_a_nonsense_filter_is_refused_with_a_reason(params):
    with pytest.raises(FilterError, match=next(iter(params))):
        parse_filter(params)


def test_the_list_is_newest_first(engine):
    with engine.begin() as connection:
        refresh_index(connection)
        rows = list_conversations(connection, ConversationFilter(), page_size=1000).rows
    times = [row.last_event_at for row in rows]
    assert times == sorted(times, reverse=True)


def test_each_filter_count_equals_what_the_filter_lists(engine):
    with engine.begin() as connection:
        refresh_index(connection)
        counts = facet_counts(connection, ConversationFilter(), known_topics(connection))
    checks = [("risk_level", "crisis"), ("risk_category", "suicide"), ("escalated", "yes"),
              ("handoff", "yes"), ("fallback", "yes"), ("topic", "dual_diagnosis"),
              ("reviewed", "no")]
    for facet, value in checks:
        listed = matching(engine, parse_filter({facet: value}))
        assert counts[facet][value] == len(listed), (facet, value)


def test_the_index_reads_only_new_events_on_refresh(engine):
    with engine.begin() as connection:
        refresh_index(connection)
        assert refresh_index(connection) == 0


def test_the_index_never_writes_rasas_table(engine):
    with engine.begin() as connection:
        before = connection.execute(sa.select(sa.func.count()).select_from(events)).scalar()
        refresh_index(connection)
        after = connection.execute(sa.select(sa.func.count()).select_from(events)).scalar()
    assert before == after


# --- transcripts ----------------------------------------------------------------------

def test_a_transcript_has_both_sides_with_intents_confidence_and_risk(engine, ids):
    with engine.begin() as connection:
        transcript = read_transcript(connection, ids["crisis"])
    visitor = transcript.visitor_messages
    assert [m.text for m in visitor] == ["hi", "I want to kill myself"]
    assert visitor[0].intent == "greet" and visitor[0].confidence > 0.5
    assert visitor[1].risk_level == "crisis" and "suicide" in visitor[1].risk_categories
    assert any(m.speaker == "bot" and "988" in m.text for m in transcript.messages)
    assert transcript.escalations == [("crisis", "suicide")]


def test_slots_carried_into_a_new_session_are_not_a_second_escalation(engine, ids):
    with engine.begin() as connection:
        transcript = read_transcript(connection, ids["new_session"])
    assert "action_session_start" in transcript.actions[1:]  # a second session began
    assert transcript.escalations == [("crisis", "suicide")]


def test_a_transcript_keeps_the_buttons_the_bot_showed(engine, ids):
    with engine.begin() as connection:
        transcript = read_transcript(connection, ids["faq"])
    buttons = [b for m in transcript.messages for b in m.buttons]
    assert buttons and all(b.title and b.payload.startswith("/") for b in buttons)


def test_a_faq_question_shows_its_topic(engine, ids):
    with engine.begin() as connection:
        transcript = read_transcript(connection, ids["faq"])
    assert transcript.visitor_messages[0].topic == "dual_diagnosis"


def test_what_the_call_back_form_took_is_an_answer_not_a_question(engine, ids):
    with engine.begin() as connection:
        refresh_index(connection)
        transcript = read_transcript(connection, ids["callback"])
        topics = connection.execute(
            sa.select(conversations.c.topics).where(conversations.c.sender_id == ids["callback"])
        ).scalar_one()
    first, *answers = transcript.visitor_messages
    assert not first.form_answer and first.intent == "request_callback"
    assert len(answers) == 4 and all(m.form_answer and m.topic is None for m in answers)
    assert topics == ""


def test_an_unknown_conversation_reads_as_none(engine):
    with engine.begin() as connection:
        assert read_transcript(connection, "no-such-visitor") is None


# --- tags, notes, review --------------------------------------------------------------

def test_a_tag_filters_and_counts(engine, ids):
    with engine.begin() as connection:
        annotations.add_tag(connection, ids["crisis"], "Follow up", "ada")
        annotations.add_tag(connection, ids["crisis"], "follow-up", "ada")  # same tag again
        assert annotations.tags_for(connection, ids["crisis"]) == ["follow-up"]
    assert matching(engine, parse_filter({"tag": "follow-up"})) == {ids["crisis"]}
    with engine.begin() as connection:
        counts = facet_counts(connection, ConversationFilter(), [])
    assert counts["tag"] == {"follow-up": 1}


def test_a_reviewed_conversation_leaves_the_not_reviewed_filter(engine, ids):
    with engine.begin() as connection:
        annotations.set_reviewed(connection, ids["faq"], "rey", True)
    assert ids["faq"] in matching(engine, parse_filter({"reviewed": "yes"}))
    assert ids["faq"] not in matching(engine, parse_filter({"reviewed": "no"}))


@pytest.mark.parametrize("bad", ["", "  ", "no spaces?!", "x" * 40])
def test_a_bad_tag_is_refused(engine, ids, bad):
    with engine.begin() as connection, pytest.raises(annotations.AnnotationError):
        annotations.add_tag(connection, ids["faq"], bad, "ada")


# --- export ---------------------------------------------------------------------------

def test_the_export_redacts_what_the_callback_form_collected(engine, ids):
    with engine.begin() as connection:
        transcripts = read_transcripts(connection, [ids["callback"]])
    exported = export_json(transcripts)
    assert "555-123-4567" not in exported and "Jane" not in exported
    assert len(json.loads(exported)["conversations"][0]["messages"]) == len(
        transcripts[0].messages
    )  # redacted, not dropped


def test_the_export_redacts_email_and_street_address(engine, ids):
    with engine.begin() as connection:
        transcripts = read_transcripts(connection, [ids["personal"]])
    exported = "".join(export_csv(transcripts))
    assert "jane.doe@example.org" not in exported and "12 Oak Street" not in exported
    assert "[email]" in exported and "[address]" in exported


def test_the_unredacted_export_keeps_the_words(engine, ids):
    with engine.begin() as connection:
        transcripts = read_transcripts(connection, [ids["personal"]])
    assert "jane.doe@example.org" in export_json(transcripts, redacted=False)


def test_the_csv_has_one_row_per_message_with_intent_and_risk(engine, ids):
    with engine.begin() as connection:
        transcripts = read_transcripts(connection, [ids["crisis"]])
    rows = list(csv.DictReader(io.StringIO("".join(export_csv(transcripts)))))
    crisis = [r for r in rows if r["text"] == "I want to kill myself"]
    assert crisis and crisis[0]["risk_level"] == "crisis" and crisis[0]["intent"] == "crisis"
    assert len(rows) == len(transcripts[0].messages)


def test_the_json_export_names_each_conversation_and_its_escalations(engine, ids):
    with engine.begin() as connection:
        transcripts = read_transcripts(connection, [ids["overdose"]])
    record = json.loads(export_json(transcripts))["conversations"][0]
    assert record["conversation"] == ids["overdose"]
    assert record["escalations"][0]["category"] == "overdose"


def test_the_json_export_carries_a_finished_screens_score_and_cut_off(engine, ids):
    with engine.begin() as connection:
        transcripts = read_transcripts(connection, [ids["screener"]])
    [result] = json.loads(export_json(transcripts))["conversations"][0]["screener_results"]
    assert (result["instrument"], result["score"], result["max_score"], result["positive"]) \
        == ("AUDIT-C", 7, 12, True)


# --- retention ------------------------------------------------------------------------

def test_purge_keeps_recent_conversations(engine, ids):
    with engine.begin() as connection:
        result = purge(connection, days=30)
        assert result.conversations == 0
        assert read_transcript(connection, ids["crisis"]) is not None


def test_purge_deletes_old_conversations_everywhere_and_counts_them(engine, ids):
    with engine.begin() as connection:
        refresh_index(connection)
        annotations.add_tag(connection, ids["crisis"], "old", "ada")
        total = connection.execute(
            sa.select(sa.func.count(sa.distinct(events.c.sender_id)))
        ).scalar()
        result = purge(connection, days=30, now=time.time() + 31 * DAY)
        assert result.conversations == total and result.events > 0
        for table in (events, conversations, tags):
            assert connection.execute(sa.select(sa.func.count()).select_from(table)).scalar() == 0
