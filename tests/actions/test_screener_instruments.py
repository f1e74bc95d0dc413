"""The screeners' wording, scores and cut-offs follow the instruments' authors."""

from __future__ import annotations

from datetime import date

import pytest

from actions.screener_instruments import NOT_A_DIAGNOSIS, load_instruments

INSTRUMENTS = load_instruments()
PHQ, GAD = INSTRUMENTS["phq"], INSTRUMENTS["gad"]
AUDIT_C, DRUGS = INSTRUMENTS["audit_c"], INSTRUMENTS["drug_screen"]
TWO_WEEK_LABELS = ["Not at all", "Several days", "More than half the days", "Nearly every day"]


def answers_summing_to(total: int, items: int, first_two: tuple[int, int] = (3, 3)) -> list[int]:
    """Answers (0-3 each) whose first two are `first_two` and whose sum is `total`."""
    answers = list(first_two) + [0] * (items - 2)
    remaining = total - sum(first_two)
    for index in range(2, items):
        answers[index] = min(3, remaining)
        remaining -= answers[index]
    assert remaining == 0 and sum(answers) == total
    return answers


# ---------------------------------------------------------------- wording (from the forms)
def test_phq9_items_are_the_published_wording():
    assert [item.text for item in PHQ.items] == [
        "Little interest or pleasure in doing things",
        "Feeling down, depressed, or hopeless",
        "Trouble falling or staying asleep, or sleeping too much",
        "Feeling tired or having little energy",
        "Poor appetite or overeating",
        "Feeling bad about yourself \u2014 or that you are a failure or have let yourself or "
        "your family down",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
        "Moving or speaking so slowly that other people could have noticed? Or the opposite "
        "\u2014 being so fidgety or restless that you have been moving around a lot more than "
        "usual",
        "Thoughts that you would be better off dead or of hurting yourself in some way",
    ]


def test_gad7_items_are_the_published_wording():
    assert [item.text for item in GAD.items] == [
        "Feeling nervous, anxious, or on edge",
        "Not being able to stop or control worrying",
        "Worrying too much about different things",
        "Trouble relaxing",
        "Being so restless that it is hard to sit still",
        "Becoming easily annoyed or irritable",
        "Feeling afraid, as if something awful might happen",
    ]


@pytest.mark.parametrize("instrument", [PHQ, GAD], ids=["PHQ-9", "GAD-7"])
def test_phq_and_gad_answers_are_the_four_published_options(instrument):
    for item in instrument.items:
        assert [(o.label, o.score) for o in item.options] == list(
            zip(TWO_WEEK_LABELS, range(4), strict=True)
        )


def test_audit_c_items_and_options_are_the_published_ones():
    assert [(item.text, [(o.label, o.score) for o in item.options]) for item in AUDIT_C.items] == [
        ("How often do you have a drink containing alcohol?",
         [("Never", 0), ("Monthly or less", 1), ("2 to 4 times a month", 2),
          ("2 to 3 times a week", 3), ("4 or more times a week", 4)]),
        ("How many standard drinks containing alcohol do you have on a typical day?",
         [("1 or 2", 0), ("3 or 4", 1), ("5 or 6", 2), ("7 to 9", 3), ("10 or more", 4)]),
        ("How often do you have six or more drinks on one occasion?",
         [("Never", 0), ("Less than monthly", 1), ("Monthly", 2), ("Weekly", 3),
          ("Daily or almost daily", 4)]),
    ]


def test_the_drug_screen_is_the_single_published_question():
    assert [item.text for item in DRUGS.items] == [
        "How many times in the past year have you used an illegal drug or used a "
        "prescription medication for non-medical reasons?"
    ]


@pytest.mark.parametrize("key", sorted(INSTRUMENTS))
def test_every_instrument_names_its_source_licence_and_check_date(key):
    instrument = INSTRUMENTS[key]
    assert instrument.source.strip() and instrument.licence.strip()
    assert isinstance(instrument.verified_on, date)


# ---------------------------------------------------------------- scoring tables
# The published bands: PHQ-9 5/10/15/20 (Kroenke 2001), GAD-7 5/10/15 (Spitzer 2006);
# a positive screen at 10 for both.
BAND_TABLE = [
    ("PHQ-9", 0, "none to minimal", False), ("PHQ-9", 4, "none to minimal", False),
    ("PHQ-9", 5, "mild", False), ("PHQ-9", 9, "mild", False),
    ("PHQ-9", 10, "moderate", True), ("PHQ-9", 14, "moderate", True),
    ("PHQ-9", 15, "moderately severe", True), ("PHQ-9", 19, "moderately severe", True),
    ("PHQ-9", 20, "severe", True), ("PHQ-9", 27, "severe", True),
    ("GAD-7", 0, "minimal", False), ("GAD-7", 4, "minimal", False),
    ("GAD-7", 5, "mild", False), ("GAD-7", 9, "mild", False),
    ("GAD-7", 10, "moderate", True), ("GAD-7", 14, "moderate", True),
    ("GAD-7", 15, "severe", True), ("GAD-7", 21, "severe", True),
]


@pytest.mark.parametrize(("name", "score", "band", "positive"), BAND_TABLE)
def test_phq9_and_gad7_bands_and_cut_off(name, score, band, positive):
    instrument = PHQ if name == "PHQ-9" else GAD
    assert (instrument.band_of(score), score >= instrument.positive_at) == (band, positive)


# Full screens: the first two answers reach the short form's cut-off (6 or more), and
# PHQ-9 item 9 stays "Not at all" (its own path is tested below), so up to 24.
FULL_SCREENS = [row for row in BAND_TABLE if 6 <= row[1] <= 24]


@pytest.mark.parametrize(("name", "score", "band", "positive"), FULL_SCREENS)
def test_a_full_screen_is_scored_into_its_band(name, score, band, positive):
    instrument = PHQ if name == "PHQ-9" else GAD
    answers = answers_summing_to(score, 8) + [0] if instrument is PHQ else (
        answers_summing_to(score, 7))
    result = instrument.score(answers)

    assert (result.instrument, result.score, result.band, result.positive) == (
        name, score, band, positive)
    assert result.max_score == (27 if instrument is PHQ else 21)


@pytest.mark.parametrize(
    ("instrument", "first_two", "items_needed"),
    [(PHQ, (0, 0), 2), (PHQ, (1, 1), 2), (PHQ, (2, 0), 2), (PHQ, (2, 1), 9), (PHQ, (3, 3), 9),
     (GAD, (0, 2), 2), (GAD, (1, 2), 7), (GAD, (0, 3), 7)],
    ids=["PHQ-2=0", "PHQ-2=2", "PHQ-2=2b", "PHQ-2=3", "PHQ-2=6",
         "GAD-2=2", "GAD-2=3", "GAD-2=3b"],
)
def test_the_two_item_screen_goes_on_at_three_or_more(instrument, first_two, items_needed):
    assert instrument.items_needed(list(first_two)) == items_needed


@pytest.mark.parametrize(("instrument", "name"), [(PHQ, "PHQ-2"), (GAD, "GAD-2")])
def test_a_two_item_screen_below_three_is_reported_as_itself(instrument, name):
    result = instrument.score([1, 1])

    assert (result.instrument, result.score, result.max_score, result.positive,
            result.short_form_only) == (name, 2, 6, False, True)
    assert "below the" in instrument.describe(result)


@pytest.mark.parametrize(
    ("answers", "score", "positive"),
    [([0], 0, False), ([1, 0, 0], 1, False), ([1, 1, 0], 2, False), ([1, 1, 1], 3, True),
     ([2, 1, 0], 3, True), ([2, 1, 1], 4, True), ([4, 4, 4], 12, True)],
)
def test_audit_c_uses_the_lower_published_cut_off_of_three(answers, score, positive):
    result = AUDIT_C.score(answers)

    assert (result.instrument, result.score, result.max_score, result.positive) == (
        "AUDIT-C", score, 12, positive)


def test_audit_c_result_names_both_published_cut_offs():
    text = AUDIT_C.describe(AUDIT_C.score([1, 1, 1]))

    assert "3 or more for women, 4 or more for men" in text


def test_never_drinking_ends_the_audit_c_after_one_question():
    assert AUDIT_C.items_needed([0]) == 1


@pytest.mark.parametrize(("answer", "positive"), [(0, False), (1, True), (3, True)])
def test_any_drug_use_in_the_past_year_is_a_positive_screen(answer, positive):
    assert DRUGS.score([answer]).positive is positive


def test_the_one_question_drug_screen_reports_its_answer_not_a_score():
    text = DRUGS.describe(DRUGS.score([1]))

    assert "score" not in text.lower()
    assert "positive answer" in text


@pytest.mark.parametrize(("item9", "risk"), [(0, False), (1, True), (2, True), (3, True)])
def test_phq9_item_9_above_not_at_all_is_flagged(item9, risk):
    result = PHQ.score([2, 2, 1, 1, 1, 1, 1, 1, item9])

    assert result.risk_item_positive is risk


def test_phq9_risk_answer_ends_the_screen_at_that_item():
    assert PHQ.items_needed([2, 2, 1, 1, 1, 1, 1, 1, 1]) == 9
    assert PHQ.slots_needed([2, 2, 1, 1, 1, 1, 1, 1, 1])[-1] == "phq_9"


def test_an_unfinished_screen_is_not_scored():
    with pytest.raises(ValueError):
        PHQ.score([3, 3, 1])


# ---------------------------------------------------------------- reading answers
@pytest.mark.parametrize(
    ("typed", "score"),
    [("Several days", 1), ("several days.", 1), ("NEARLY EVERY DAY", 3), ("not at all", 0),
     ("most days", 2), ("I'd say several days", 1), ("my answer is not at all", 0),
     ("2", 2), (2, 2), (2.0, 2)],
)
def test_an_answer_is_read_from_its_words_or_its_score(typed, score):
    assert PHQ.items[0].score_of(typed) == score


@pytest.mark.parametrize(
    "typed", ["maybe", "banana", "", "not nearly every day", "4", 4, -1, True, None])
def test_anything_but_an_option_is_no_answer(typed):
    assert PHQ.items[0].score_of(typed) is None


def test_the_result_record_for_staff_has_instrument_score_band_and_date():
    record = PHQ.score([3, 3, 1, 1, 1, 1, 1, 1, 0]).as_record(date(2026, 11, 29))

    assert record == {"instrument": "PHQ-9", "score": 12, "max_score": 27, "band": "moderate",
                      "positive": True, "risk_item_positive": False, "date": "2026-11-29"}


@pytest.mark.parametrize("key", sorted(INSTRUMENTS))
def test_every_result_says_a_screen_is_not_a_diagnosis(key):
    instrument = INSTRUMENTS[key]
    answers = [item.options[0].score for item in instrument.items]

    assert NOT_A_DIAGNOSIS in instrument.describe(instrument.score(answers))
