"""The waiting queue, on SQLite and PostgreSQL: one claim wins, waits expire once."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy.engine import Engine

from web.handoff import feed, queue
from web.handoff.queue import HandoffError

WAIT = 180.0
ASKED_AT = 1_000_000.0


def ask(engine: Engine, sender_id: str = "visitor-1", reason: str = "asked") -> queue.Handoff:
    with engine.begin() as connection:
        handoff, _ = queue.request(connection, sender_id, reason, ASKED_AT)
    return handoff


def test_asking_puts_the_conversation_in_the_queue_waiting(engine):
    handoff = ask(engine, reason="crisis")
    assert (handoff.status, handoff.reason, handoff.requested_at) == ("waiting", "crisis", ASKED_AT)


def test_asking_again_while_waiting_keeps_one_entry(engine):
    first = ask(engine)
    with engine.begin() as connection:
        again, created = queue.request(connection, "visitor-1", "asked", ASKED_AT + 5)
        open_handoffs, _ = queue.listing(connection)
    assert (again.id, created, len(open_handoffs)) == (first.id, False, 1)


def test_an_unknown_reason_is_refused(engine):
    with engine.begin() as connection, pytest.raises(ValueError, match="reason"):
        queue.request(connection, "visitor-1", "bored", ASKED_AT)


def test_two_staff_claiming_at_once_only_one_joins(engine):
    handoff = ask(engine)
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def claim_as(staff: str) -> None:
        start.wait()
        try:
            with engine.begin() as connection:
                queue.claim(connection, handoff.id, staff, ASKED_AT + 10)
            outcomes[staff] = "joined"
        except HandoffError:
            outcomes[staff] = "refused"

    threads = [threading.Thread(target=claim_as, args=(name,)) for name in ("ada", "bo")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes.values()) == ["joined", "refused"]
    with engine.begin() as connection:
        claimed = queue.find(connection, handoff.id)
    assert claimed.claimed_by == next(s for s, o in outcomes.items() if o == "joined")


def test_a_claim_on_a_claimed_handoff_names_who_joined(engine):
    handoff = ask(engine)
    with engine.begin() as connection:
        queue.claim(connection, handoff.id, "ada", ASKED_AT + 1)
    with engine.begin() as connection, pytest.raises(HandoffError, match="ada has already"):
        queue.claim(connection, handoff.id, "bo", ASKED_AT + 2)


def test_a_wait_is_overdue_only_after_the_join_wait(engine):
    ask(engine)
    with engine.begin() as connection:
        early = queue.overdue(connection, ASKED_AT + WAIT - 1, WAIT)
        late = queue.overdue(connection, ASKED_AT + WAIT, WAIT)
    assert (len(early), len(late)) == (0, 1)


def test_a_wait_expires_once_even_when_two_replicas_try(engine):
    handoff = ask(engine)
    with engine.begin() as connection:
        first = queue.expire(connection, handoff.id, ASKED_AT + WAIT)
        second = queue.expire(connection, handoff.id, ASKED_AT + WAIT + 1)
    assert (first, second) == (True, False)


def test_a_claimed_handoff_never_expires(engine):
    handoff = ask(engine)
    with engine.begin() as connection:
        queue.claim(connection, handoff.id, "ada", ASKED_AT + 1)
        assert queue.overdue(connection, ASKED_AT + 10 * WAIT, WAIT) == []
        assert queue.expire(connection, handoff.id, ASKED_AT + 10 * WAIT) is False


def test_only_a_claimed_handoff_can_end(engine):
    handoff = ask(engine)
    with engine.begin() as connection, pytest.raises(HandoffError):
        queue.end(connection, handoff.id, ASKED_AT + 5)


def test_an_ended_handoff_frees_the_conversation_to_ask_again(engine):
    handoff = ask(engine)
    with engine.begin() as connection:
        queue.claim(connection, handoff.id, "ada", ASKED_AT + 1)
        queue.end(connection, handoff.id, ASKED_AT + 2)
        again, created = queue.request(connection, "visitor-1", "asked", ASKED_AT + 3)
    assert created and again.id != handoff.id


def test_the_feed_gives_what_came_after_the_cursor_in_order(engine):
    with engine.begin() as connection:
        cursor = feed.last_id(connection, "visitor-1")
        feed.add(connection, "visitor-1", "joined", "A team member has joined.", ASKED_AT)
        feed.add(connection, "visitor-2", "staff", "someone else's", ASKED_AT)
        feed.add(connection, "visitor-1", "staff", "Hello, I'm here.", ASKED_AT + 1,
                 author="Team member")
        entries = feed.entries_after(connection, "visitor-1", cursor)
        later = feed.entries_after(connection, "visitor-1", entries[0].id)
    assert [e.kind for e in entries] == ["joined", "staff"]
    assert [e.text for e in later] == ["Hello, I'm here."]


def open_ids(engine: Engine) -> list[int]:
    with engine.begin() as connection:
        open_handoffs, _ = queue.listing(connection)
    return [handoff.id for handoff in open_handoffs]


def test_a_crisis_flagged_while_waiting_shows_on_the_queue_row(engine):
    handoff = ask(engine)
    with engine.begin() as connection:
        queue.flag_crisis(connection, handoff.id, "suicide", ASKED_AT + 30)
        flagged = queue.find(connection, handoff.id)
    assert (flagged.status, flagged.crisis_category, flagged.crisis_at) == (
        "waiting", "suicide", ASKED_AT + 30)


def test_without_risk_the_queue_lists_the_longest_waiting_first(engine):
    first, second = ask(engine, "visitor-1"), ask(engine, "visitor-2")
    assert open_ids(engine) == [first.id, second.id]


def test_a_visitor_flagged_in_crisis_is_listed_before_those_waiting_longer(engine):
    first, second, third = (ask(engine, f"visitor-{n}") for n in (1, 2, 3))
    with engine.begin() as connection:
        queue.flag_crisis(connection, third.id, "overdose", ASKED_AT + 30)
    assert open_ids(engine) == [third.id, first.id, second.id]


def test_a_visitor_who_asked_from_a_crisis_is_listed_first(engine):
    asked = ask(engine, "visitor-1")
    from_crisis = ask(engine, "visitor-2", reason="crisis")
    assert open_ids(engine) == [from_crisis.id, asked.id]
