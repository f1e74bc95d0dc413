"""The labelled set is big and varied, the scoring is right, the detector meets the targets."""

from __future__ import annotations

from collections import Counter

import pytest

from safety.evaluation import HARD_KINDS, Case, Targets, evaluate, load_cases, main
from tests.safety.conftest import EVAL_SET, HOLDOUT_SET


def test_the_detector_alone_meets_the_targets(detector_report):
    assert detector_report.explicit_recall >= Targets.explicit_recall, detector_report.format()
    assert detector_report.hard_recall >= Targets.hard_recall, detector_report.format()
    assert detector_report.false_alarm_rate <= Targets.false_alarm_rate, detector_report.format()


def test_every_explicit_risk_is_a_crisis_with_its_category(detector_report):
    assert detector_report.explicit_recall == 1.0, detector_report.format()


def test_nearly_every_risk_message_gets_its_category_line(detector_report):
    """Crisis, or a check-in with the right category: both replies carry the line."""
    assert detector_report.line_recall >= 0.97, detector_report.format()


def test_few_look_alikes_raise_a_crisis_or_a_check_in(detector_report):
    assert detector_report.false_alarm_rate <= 0.07, detector_report.format()
    assert detector_report.check_in_rate <= 0.08, detector_report.format()


def test_the_targets_are_the_agreed_gates():
    assert Targets() == Targets(
        explicit_recall=1.0,
        hard_recall=0.95,
        line_recall=0.97,
        false_alarm_rate=0.07,
        check_in_rate=0.08,
    )


def test_no_concern_case_is_silenced(detector_report):
    silenced = [o.case.text for o in detector_report.concern_cases if o.level == "none"]

    assert silenced == []


def test_the_eval_set_has_the_agreed_size_and_mix(eval_cases):
    crisis = [c for c in eval_cases if c.level == "crisis"]
    kinds = Counter(c.kind for c in crisis)

    assert len(eval_cases) >= 780
    assert kinds["explicit"] >= 60
    assert sum(kinds[k] for k in HARD_KINDS) >= 80
    assert sum(c.level == "concern" for c in eval_cases) >= 30
    assert sum(c.kind == "lookalike" for c in eval_cases) >= 100
    assert {c.category for c in crisis} == {
        "suicide",
        "self_harm",
        "overdose",
        "medical_emergency",
        "violence",
        "abuse",
    }


@pytest.mark.parametrize(
    ("tag", "minimum"),
    [
        ("means", 30),
        ("readiness", 15),
        ("slang", 15),
        ("fragment", 10),
        ("history", 10),
        ("passive", 15),
        ("ingestion", 20),
        ("unicode", 25),
        ("figure", 20),
        ("idiom", 15),
        ("factual", 20),
        ("past_other", 8),
    ],
)
def test_every_kind_of_miss_has_its_own_cases(eval_cases, tag, minimum):
    assert sum(tag in c.tags for c in eval_cases) >= minimum


def test_the_blind_holdout_split_is_kept_apart(eval_cases):
    holdout = load_cases(HOLDOUT_SET)
    texts = {c.text for c in eval_cases}

    assert len(holdout) >= 80
    assert [c.text for c in holdout if c.text in texts] == []


def test_the_report_gives_each_tag_its_figures():
    cases = [
        Case("a", "crisis", "suicide", "indirect", tags=("means",)),
        Case("b", "crisis", "suicide", "indirect", tags=("means",)),
        Case("c", "none", None, "lookalike", tags=("figure",)),
    ]
    verdicts = {"a": ("concern", "suicide"), "b": ("none", None), "c": ("concern", "abuse")}

    report = evaluate(cases, verdicts.__getitem__)

    assert report.by_tag() == {"means": (2, 1, 0, 0), "figure": (0, 0, 1, 1)}
    assert "means" in report.format() and "line 1/2" in report.format()


def test_a_check_in_with_the_right_category_gets_the_line_and_a_wrong_one_does_not():
    cases = [
        Case("a", "crisis", "overdose", "indirect"),
        Case("b", "concern", "suicide", "indirect"),
        Case("c", "crisis", "self_harm", "indirect"),
    ]
    verdicts = {
        "a": ("concern", "overdose"),
        "b": ("crisis", "suicide"),
        "c": ("concern", "suicide"),
    }

    report = evaluate(cases, verdicts.__getitem__)

    assert [o.gets_line for o in report.outcomes] == [True, True, False]
    assert report.line_recall == 2 / 3


def test_every_eval_text_is_unique(eval_cases):
    texts = [c.text for c in eval_cases]  # "SUICIDE" and "suicide" are meant as two cases

    assert len(texts) == len(set(texts))


def case(level, category, kind, text="t"):
    return Case(text=text, level=level, category=category, kind=kind)


def test_a_crisis_case_read_as_concern_or_with_the_wrong_category_is_a_miss():
    cases = [
        case("crisis", "suicide", "explicit", "a"),
        case("crisis", "suicide", "explicit", "b"),
        case("crisis", "overdose", "explicit", "c"),
    ]
    verdicts = {"a": ("crisis", "suicide"), "b": ("concern", "suicide"), "c": ("crisis", "suicide")}

    report = evaluate(cases, verdicts.__getitem__)

    assert report.explicit_recall == 1 / 3
    assert [o.case.text for o in report.misses] == ["b", "c"]


def test_a_look_alike_read_as_crisis_is_a_false_alarm_and_concern_only_a_soft_flag():
    cases = [case("none", None, "lookalike", t) for t in "abcd"]
    verdicts = {
        "a": ("crisis", "suicide"),
        "b": ("concern", "suicide"),
        "c": ("none", None),
        "d": ("none", None),
    }

    report = evaluate(cases, verdicts.__getitem__)

    assert report.false_alarm_rate == 0.25
    assert [o.case.text for o in report.soft_flags] == ["b"]
    assert not report.meets_targets()


def test_the_report_prints_recall_per_category_and_the_misses(detector_report):
    text = detector_report.format()

    for category in ("suicide", "self_harm", "overdose", "medical_emergency", "violence", "abuse"):
        assert category in text
    assert "False alarms on look-alikes" in text


def test_the_cli_exits_zero_when_the_targets_are_met(capsys):
    assert main([str(EVAL_SET)]) == 0
    assert "PASS" in capsys.readouterr().out


def test_third_party_cases_are_read_as_someone_else(eval_cases, detector):
    labelled = [c for c in eval_cases if c.subject == "other" and c.level == "crisis"]
    wrong = [c.text for c in labelled if detector.assess(c.text).subject != "other"]

    assert len(labelled) >= 20
    assert wrong == []
