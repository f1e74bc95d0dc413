"""The screener forms ask one item per turn, read answers, and report or escalate."""

from __future__ import annotations

import json
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.screener_instruments import NOT_A_DIAGNOSIS, load_instruments
from actions.screeners import (
    ASK_ACTIONS,
    RE_ASK,
    STOP_BUTTON,
    ActionReportScreener,
    ActionStartScreener,
    ValidateAuditCForm,
    ValidateDrugScreenForm,
    ValidateGadForm,
    ValidatePhqForm,
    answer_button,
)
from safety.replies import crisis_reply, treatment_referral
from tests.actions.conftest import intent_parse

INSTRUMENTS = load_instruments()
PHQ = INSTRUMENTS["phq"]
VALIDATORS = {"audit_c": ValidateAuditCForm, "drug_screen": ValidateDrugScreenForm,
              "phq": ValidatePhqForm, "gad": ValidateGadForm}
# Longest button title that stays on one line in the widget on a 360 px phone screen.
MAX_BUTTON_TITLE = 25


def button_parse(payload: str) -> dict[str, Any]:
    """Parse data as Rasa's payload handler gives it for `/intent{json}`."""
    intent, _, body = payload[1:].partition("{")
    values = json.loads("{" + body) if body else {}
    entities = [{"entity": key, "value": value} for key, value in values.items()]
    return {"text": payload, **intent_parse(intent, entities)}


def text_parse(text: str, intent: str = "screener_answer") -> dict[str, Any]:
    return {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []}


def form_tracker(form: str, requested: str, message: dict[str, Any],
                 slots: dict[str, Any] | None = None) -> Tracker:
    """A tracker inside `form` just after Rasa extracted the requested slot from `message`."""
    candidate = message["text"]
    return Tracker.from_dict({
        "sender_id": "test-conversation",
        "slots": {**(slots or {}), requested: candidate, "requested_slot": requested},
        "latest_message": message,
        "events": [
            {"event": "user", "text": message["text"], "parse_data": message},
            {"event": "slot", "name": requested, "value": candidate},
        ],
        "paused": False,
        "followup_action": None,
        "active_loop": {"name": form},
        "latest_action_name": "action_listen",
    })


def finished_tracker(key: str, answers: list[int], **slots: Any) -> Tracker:
    instrument = INSTRUMENTS[key]
    item_slots = dict(zip(instrument.slots, answers, strict=False))  # a screen may end early
    return Tracker.from_dict({
        "sender_id": "test-conversation",
        "slots": {"screener": key, "center_contact": "Call the center.", **item_slots, **slots},
        "latest_message": button_parse(f'/screener_answer{{"screener_value": {answers[-1]}}}'),
        "events": [],
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": "action_listen",
    })


def slot_events(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


async def validate(key: str, requested: str, message: dict[str, Any], domain,
                   dispatcher, slots: dict[str, Any] | None = None) -> dict[str, Any]:
    form = INSTRUMENTS[key].form
    events = await VALIDATORS[key]().run(
        dispatcher, form_tracker(form, requested, message, slots), domain
    )
    return slot_events(events)


# ---------------------------------------------------------------- wiring
@pytest.mark.parametrize("key", sorted(INSTRUMENTS))
def test_every_item_has_an_ask_action_listed_in_the_domain(key, domain):
    for slot in INSTRUMENTS[key].slots:
        assert f"action_ask_{slot}" in ASK_ACTIONS
        assert f"action_ask_{slot}" in domain["actions"]


@pytest.mark.parametrize("key", sorted(INSTRUMENTS))
def test_every_form_asks_the_instruments_items_and_is_validated(key, domain):
    instrument = INSTRUMENTS[key]
    assert domain["forms"][instrument.form]["required_slots"] == instrument.slots
    assert VALIDATORS[key]().name() in domain["actions"]


# ---------------------------------------------------------------- starting
@pytest.mark.parametrize(("intent", "key"), [("screen_alcohol", "audit_c"),
                                             ("screen_drugs", "drug_screen"),
                                             ("screen_mood", "phq"), ("screen_anxiety", "gad")])
async def test_a_question_starts_its_screener_with_old_answers_cleared(
        intent, key, dispatcher, make_tracker, domain):
    events = await ActionStartScreener().run(dispatcher, make_tracker(intent_parse(intent)),
                                             domain)

    slots = slot_events(events)
    assert slots.pop("screener") == key
    assert slots == {slot: None for slot in INSTRUMENTS[key].slots}


async def test_the_introduction_says_it_is_no_diagnosis_and_how_to_stop(
        dispatcher, make_tracker, domain):
    await ActionStartScreener().run(dispatcher, make_tracker(intent_parse("screen_mood")),
                                    domain)

    text = dispatcher.messages[0]["text"]
    assert "not a diagnosis" in text and "Stop" in text


# ---------------------------------------------------------------- asking
async def test_a_question_is_the_item_with_its_answers_and_stop(dispatcher, make_tracker,
                                                                domain):
    await ASK_ACTIONS["action_ask_phq_1"]().run(dispatcher, make_tracker(), domain)

    message = dispatcher.messages[0]
    assert message["text"] == (
        "Question 1 of 2.\n"
        "Over the last 2 weeks, how often have you been bothered by any of the following "
        "problems?\nLittle interest or pleasure in doing things"
    )
    assert [b["title"] for b in message["buttons"]] == [
        "Not at all", "Several days", "More than half the days", "Nearly every day", "Stop"]
    assert message["buttons"][1]["payload"] == (
        '/screener_answer{"screener_value": 1, "screener_item": "phq_1"}')


async def test_the_longer_form_is_announced_when_it_begins(dispatcher, make_tracker, domain):
    await ASK_ACTIONS["action_ask_phq_3"]().run(dispatcher, make_tracker(), domain)

    assert dispatcher.messages[0]["text"].startswith(
        "Thank you. 7 more questions, from the full PHQ-9.\nQuestion 3 of 9.")


@pytest.mark.parametrize("action_name", sorted(ASK_ACTIONS))
async def test_every_answer_button_fits_a_phone(action_name, make_tracker, domain):
    dispatcher = CollectingDispatcher()
    await ASK_ACTIONS[action_name]().run(dispatcher, make_tracker(), domain)

    buttons = dispatcher.messages[0]["buttons"]
    assert buttons[-1] == STOP_BUTTON
    assert all(len(button["title"]) <= MAX_BUTTON_TITLE for button in buttons)


# ---------------------------------------------------------------- reading answers
@pytest.mark.parametrize("score", [0, 1, 2, 3])
async def test_a_button_fills_the_item_with_its_score(score, dispatcher, domain):
    item = PHQ.items[0]
    payload = answer_button(PHQ, item, item.options[score])["payload"]

    slots = await validate("phq", "phq_1", button_parse(payload), domain, dispatcher)

    assert slots["phq_1"] == score
    assert dispatcher.messages == []


@pytest.mark.parametrize(("typed", "score"), [("Several days", 1), ("nearly every day", 3)])
async def test_typed_words_of_an_option_fill_the_item(typed, score, dispatcher, domain):
    slots = await validate("phq", "phq_1", text_parse(typed), domain, dispatcher)

    assert slots["phq_1"] == score


@pytest.mark.parametrize("typed", ["banana", "what is depression", "i guess"])
async def test_a_nonsense_answer_is_asked_again_kindly(typed, dispatcher, domain):
    slots = await validate("phq", "phq_1", text_parse(typed, "nlu_fallback"), domain,
                           dispatcher)

    assert slots["phq_1"] is None
    assert dispatcher.messages[0]["text"] == RE_ASK


async def test_a_button_of_an_earlier_question_is_not_taken_as_this_answer(dispatcher, domain):
    earlier = '/screener_answer{"screener_value": 3, "screener_item": "phq_1"}'

    slots = await validate("phq", "phq_2", button_parse(earlier), domain, dispatcher,
                           slots={"phq_1": 0})

    assert slots["phq_2"] is None
    assert dispatcher.messages[0]["text"] == RE_ASK


async def test_cleared_items_at_the_start_are_not_answers_to_ask_again(dispatcher, domain):
    cleared = [{"event": "slot", "name": slot, "value": None} for slot in PHQ.slots]
    tracker = Tracker.from_dict({
        "sender_id": "test-conversation",
        "slots": {},
        "latest_message": text_parse("am i depressed?", "screen_mood"),
        "events": [{"event": "action", "name": "phq_form"}, *cleared],
        "paused": False,
        "followup_action": None,
        "active_loop": {"name": "phq_form"},
        "latest_action_name": "phq_form",
    })

    await ValidatePhqForm().run(dispatcher, tracker, domain)

    assert dispatcher.messages == []


async def test_phq2_below_three_ends_the_form_after_two_items(dispatcher, domain):
    slots = await validate("phq", "phq_2", text_parse("several days"), domain, dispatcher,
                           slots={"phq_1": 1})

    assert slots == {"phq_2": 1, "requested_slot": None}


async def test_phq2_at_three_goes_on_to_the_phq9(dispatcher, domain):
    slots = await validate("phq", "phq_2", text_parse("more than half the days"), domain,
                           dispatcher, slots={"phq_1": 1})

    assert slots["phq_2"] == 2
    assert slots.get("requested_slot", "phq_3") == "phq_3"


async def test_never_drinking_ends_the_audit_c_at_once(dispatcher, domain):
    slots = await validate("audit_c", "audit_c_1", text_parse("Never"), domain, dispatcher)

    assert slots == {"audit_c_1": 0, "requested_slot": None}


async def test_item_9_above_not_at_all_ends_the_form_at_once(dispatcher, domain):
    answered = dict(zip(PHQ.slots[:8], [2, 2, 1, 1, 1, 1, 1, 1], strict=True))

    slots = await validate("phq", "phq_9", text_parse("several days"), domain, dispatcher,
                           slots=answered)

    # Item 9 is the PHQ-9's last: nothing is left to request, so Rasa ends the form.
    assert slots["phq_9"] == 1
    assert slots.get("requested_slot") is None


# ---------------------------------------------------------------- the result
async def test_a_result_gives_score_band_no_diagnosis_and_the_next_step(dispatcher, domain):
    tracker = finished_tracker("phq", [3, 3, 1, 1, 1, 1, 1, 1, 0])

    await ActionReportScreener().run(dispatcher, tracker, domain)

    result, next_step = dispatcher.messages
    assert result["text"].startswith(
        'Your PHQ-9 score is 12 out of 27. That is in the range the questionnaire calls '
        '"moderate".')
    assert NOT_A_DIAGNOSIS in result["text"]
    assert "Call the center." in next_step["text"]
    assert treatment_referral() in next_step["text"]
    assert [b["payload"] for b in next_step["buttons"]] == [
        '/choose_topic{"topic": "depression"}', "/request_human"]


async def test_a_negative_screen_still_offers_the_center(dispatcher, domain):
    await ActionReportScreener().run(dispatcher, finished_tracker("drug_screen", [0]), domain)

    assert "Call the center." in dispatcher.messages[1]["text"]


async def test_the_result_is_kept_on_the_conversation_beside_earlier_ones(dispatcher, domain):
    earlier = {"instrument": "GAD-2", "score": 1}
    tracker = finished_tracker("audit_c", [2, 1, 1], screener_results=[earlier])

    events = await ActionReportScreener().run(dispatcher, tracker, domain)

    earlier_kept, record = slot_events(events)["screener_results"]
    assert earlier_kept == earlier
    assert {k: record[k] for k in ("instrument", "score", "positive")} == {
        "instrument": "AUDIT-C", "score": 4, "positive": True}
    assert len(record["date"]) == len("2026-11-29")


@pytest.mark.parametrize("item9", [1, 2, 3])
async def test_item_9_above_not_at_all_gets_the_suicide_crisis_reply(item9, dispatcher, domain):
    tracker = finished_tracker("phq", [2, 2, 1, 1, 1, 1, 1, 1, item9])

    events = await ActionReportScreener().run(dispatcher, tracker, domain)

    assert dispatcher.messages[0]["text"] == crisis_reply("suicide").text
    assert "988" in dispatcher.messages[0]["text"]
    slots = slot_events(events)
    assert (slots["risk_level"], slots["risk_category"]) == ("crisis", "suicide")
    assert slots["screener_results"][-1]["risk_item_positive"] is True
    assert {k: slots["escalation"][k] for k in ("level", "category", "source")} == {
        "level": "crisis", "category": "suicide", "source": "screener_item"}


async def test_item_9_at_not_at_all_is_no_escalation(dispatcher, domain):
    events = await ActionReportScreener().run(
        dispatcher, finished_tracker("phq", [2, 2, 1, 1, 1, 1, 1, 1, 0]), domain)

    assert "risk_level" not in slot_events(events)
