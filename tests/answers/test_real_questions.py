"""The held-out real-question split: its references hold, its labels mean something."""

from __future__ import annotations

import pytest
import yaml

from actions.center_answers import SUBJECT_OF_INTENT
from harbor.settings import PROJECT_ROOT
from safety.detector import RiskLevel, assess_risk
from scripts.check_answers import offered_topics, real_verdict
from scripts.real_questions import NONE, load_split
from tests.answers.conftest import training_examples
from tests.conftest import TOPICS


@pytest.fixture(scope="module")
def real_questions():
    return load_split()


def screener_intents() -> set[str]:
    data = yaml.safe_load((PROJECT_ROOT / "data" / "screeners_nlu.yml").read_text())
    return {block["intent"] for block in data["nlu"]
            if block.get("intent", "").startswith("screen_")}


def test_every_reference_still_points_at_its_labelled_sentence(real_questions):
    assert len(real_questions) >= 150


def test_both_parts_hold_questions_with_and_without_a_curated_answer(real_questions):
    for part in ("dev", "test"):
        labels = [q.fits for q in real_questions if q.part == part]
        assert sum(NONE in fits for fits in labels) >= 30
        assert sum(NONE not in fits for fits in labels) >= 30


def test_every_label_names_a_reply_the_assistant_has(real_questions):
    known = {*TOPICS, *screener_intents(), *SUBJECT_OF_INTENT, NONE}

    assert {label for q in real_questions for label in q.fits} <= known


def test_no_real_question_carries_a_risk_sign(real_questions):
    flagged = [q.ref for q in real_questions if assess_risk(q.text).level != RiskLevel.NONE]

    assert flagged == []


def test_no_real_question_is_in_the_training_data(real_questions):
    seen = training_examples()

    assert [q.ref for q in real_questions if q.text.lower() in seen] == []


@pytest.mark.parametrize(
    ("reply", "offered", "fits", "verdict"),
    [("answer:withdrawal", (), ("withdrawal", "detox"), "fitting"),
     ("answer:detox", (), ("withdrawal",), "wrong"),
     ("abstain:screen_alcohol", (), ("screen_alcohol", "drinking_limits"), "fitting"),
     ("abstain:screen_alcohol", (), (NONE,), "wrong"),
     ("center:ask_admission", (), ("ask_admission",), "fitting"),
     ("center:ask_cost", (), (NONE,), "wrong"),
     ("abstain:nlu_fallback", ("ptsd",), (NONE,), "fitting"),
     ("abstain:uncovered_question", ("relapse", "detox"), ("relapse",), "fitting"),
     ("abstain:nlu_fallback", ("detox", "relapse"), ("relapse",), "declined"),
     ("abstain:nlu_fallback", ("screen_alcohol", "alcohol"), ("screen_alcohol",), "fitting"),
     ("abstain:seek_treatment", (), (NONE,), "fitting"),
     ("abstain:goodbye", (), (NONE,), "wrong"),
     ("answer:anxiety", (), (NONE, "anxiety"), "fitting")],
)
def test_a_real_reply_is_fitting_wrong_or_an_honest_decline(reply, offered, fits, verdict):
    assert real_verdict(reply, offered, fits) == verdict


def test_a_decline_offers_the_gates_screener_before_its_topics():
    parse = {"answer": {"closest": ["alcohol", "drinking_limits", "genetics"],
                        "screener": "screen_alcohol"}}

    assert offered_topics(parse) == ("screen_alcohol", "alcohol", "drinking_limits")


def test_a_decline_without_a_screener_offers_its_topics():
    parse = {"answer": {"closest": ["alcohol", "drinking_limits", "genetics"]}}

    assert offered_topics(parse) == ("alcohol", "drinking_limits", "genetics")
