"""The self-screeners, walked through Rasa's REST channel as a visitor taps the buttons."""

from __future__ import annotations

import pytest

from tests.integration.conftest import reply_text, tracker_of

pytestmark = pytest.mark.integration


def buttons(messages: list[dict]) -> dict[str, str]:
    """The last message's buttons, title to payload."""
    with_buttons = [m for m in messages if m.get("buttons")]
    return {b["title"]: b["payload"] for b in with_buttons[-1]["buttons"]} if with_buttons else {}


def tap(say, messages: list[dict], title: str) -> list[dict]:
    return say(buttons(messages)[title])


def tracker_slots(rasa_api, conversation_id: str) -> dict:
    """The slots as staff see them through Rasa's API."""
    return tracker_of(rasa_api, conversation_id)["slots"]


def test_the_phq9_walked_end_to_end_gives_its_score_and_keeps_the_result(
        say, rasa_api, conversation_id):
    messages = say("am i depressed?")
    assert "not a diagnosis" in reply_text(messages)
    assert "didn't catch" not in reply_text(messages)
    assert "Little interest or pleasure in doing things" in reply_text(messages)

    answers = ["Nearly every day", "Nearly every day"] + ["Several days"] * 6 + ["Not at all"]
    for answer in answers:
        messages = tap(say, messages, answer)

    text = reply_text(messages)
    assert "Your PHQ-9 score is 12 out of 27" in text and '"moderate"' in text
    assert "not a diagnosis" in text
    assert "1-800-662-4357" in text  # the SAMHSA helpline, from safety/resources.yml
    result = tracker_slots(rasa_api, conversation_id)["screener_results"][-1]
    assert (result["instrument"], result["score"], result["band"]) == ("PHQ-9", 12, "moderate")


def test_phq9_item_9_above_not_at_all_escalates_at_once(say, rasa_api, conversation_id):
    messages = say("/screen_mood")
    for answer in ["More than half the days"] * 2 + ["Several days"] * 6 + ["Several days"]:
        messages = tap(say, messages, answer)

    text = reply_text(messages)
    assert "988" in text and "Your PHQ-9 score" not in text
    slots = tracker_slots(rasa_api, conversation_id)
    assert (slots["risk_level"], slots["risk_category"]) == ("crisis", "suicide")


def test_stop_leaves_a_screener_kindly(say, rasa_api, conversation_id):
    messages = say("is my drinking a problem?")
    messages = tap(say, messages, "Monthly or less")

    stopped = reply_text(say("stop"))

    assert "we'll stop here" in stopped
    assert tracker_slots(rasa_api, conversation_id)["screener_results"] in (None, [])


def test_an_answer_that_is_no_option_is_asked_again(say):
    say("do i have anxiety?")

    again = say("i guess")

    assert "didn't catch that answer" in reply_text(again)
    assert "Feeling nervous, anxious, or on edge" in reply_text(again)


def test_a_crisis_in_the_middle_of_a_screener_escalates(say, rasa_api, conversation_id):
    say("do i have anxiety?")

    text = reply_text(say("i want to kill myself"))

    assert "988" in text
    assert tracker_slots(rasa_api, conversation_id)["risk_level"] == "crisis"


def test_typed_answers_work_like_buttons(say):
    say("is my drug use a problem?")

    text = reply_text(say("never"))

    assert "No use in the past year is a negative answer" in text
