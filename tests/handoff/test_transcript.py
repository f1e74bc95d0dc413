"""A hand-off in the console's transcript: the team member's replies are theirs, and the
request's custom payload for the gateway is not a message."""

from __future__ import annotations

import json

from web.conversations.transcripts import EventRow, build_transcript


def bot_row(event_id: int, data: dict) -> EventRow:
    return EventRow(event_id, "visitor-1", "bot", 1_000.0 + event_id, None,
                    json.dumps({"event": "bot", **data}))


def test_a_staff_reply_is_shown_as_the_team_member_who_wrote_it():
    transcript = build_transcript("visitor-1", [bot_row(1, {
        "text": "Hi, Jo here.", "metadata": {"handoff": "staff", "staff": "jo"}})])
    message = transcript.messages[0]
    assert (message.speaker, message.staff, message.text) == ("staff", "jo", "Hi, Jo here.")


def test_the_assistant_s_own_messages_stay_the_assistant_s():
    transcript = build_transcript("visitor-1", [bot_row(1, {
        "text": "You're back with the assistant.", "metadata": {"handoff": "ended"}})])
    assert (transcript.messages[0].speaker, transcript.messages[0].staff) == ("bot", None)


def test_a_custom_payload_without_text_is_not_a_message():
    transcript = build_transcript("visitor-1", [
        bot_row(1, {"text": "I'm asking a member of our team to join."}),
        bot_row(2, {"text": None, "data": {"custom": {"handoff": {"reason": "asked"}}}}),
    ])
    assert [m.text for m in transcript.messages] == ["I'm asking a member of our team to join."]
