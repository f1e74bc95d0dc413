"""What the risk detector must do, one table per behaviour.

These phrasings are deliberately different from tests/safety/eval_set.yml, so
the two together check more than one wording of each idea.
"""

from __future__ import annotations

import json

import pytest

from safety import assess_risk
from safety.detector import CATEGORY_PRIORITY, RiskLevel

CRISIS, CONCERN, NONE = RiskLevel.CRISIS, RiskLevel.CONCERN, RiskLevel.NONE


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("i am going to kill myself", "suicide"),
        ("Honestly I want to die", "suicide"),
        ("i'm going to end my life this weekend", "suicide"),
        ("everybody would be better off without me around", "suicide"),
        ("i don't want to wake up in the morning", "suicide"),
        ("i'm going to disappear forever", "suicide"),
        ("there is no reason to live", "suicide"),
        ("this is my last message. tell my dad I love him", "suicide"),
        ("I have been stockpiling pills", "suicide"),
        ("i keep cutting myself", "self_harm"),
        ("I burn myself when it gets bad", "self_harm"),
        ("she took 15 xanax", "overdose"),
        ("he is not breathing and his lips are blue", "overdose"),
        ("my cousin won't wake up", "overdose"),
        ("I've been withdrawing from alcohol and I'm seizing", "medical_emergency"),
        ("my mom is having seizures after quitting drinking", "medical_emergency"),
        ("i have really bad chest pain", "medical_emergency"),
        ("I'm going to shoot him", "violence"),
        ("my boyfriend hits me", "abuse"),
        ("my dad threatened to kill me", "abuse"),
    ],
)
def test_explicit_signals_are_crisis_with_their_category(assess, text, category):
    result = assess(text)

    assert (result.level, result.category) == (CRISIS, category)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I killed myself almost, last night", "suicide"),  # "killed" -> kill
        ("she is ending her life", "suicide"),  # "ending" -> end
        ("i cut myself", "self_harm"),
        ("cutting myself again", "self_harm"),
        ("he overdosed", "overdose"),
        ("she is overdosing", "overdose"),
    ],
)
def test_inflections_match_through_lemmas(assess, text, category):
    assert assess(text).category == category
    assert assess(text).level is CRISIS


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("kms", "suicide"),
        ("gonna unalive myself", "suicide"),
        ("my bf OD'd", "overdose"),
        ("think she's oding", "overdose"),
        ("took like 12 percs", "overdose"),
        ("did too much fent", "overdose"),
        ("popped 9 xans", "overdose"),
        ("took a bunch of benzos", "overdose"),
        ("i wanna die", "suicide"),
    ],
)
def test_slang_and_abbreviations_are_understood(assess, text, category):
    assert (assess(text).level, assess(text).category) == (CRISIS, category)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("feeling sucidal", "suicide"),
        ("i am suicdal", "suicide"),
        ("he overdoesed", "overdose"),
        ("i want to kil myself", "suicide"),
        ("want to hurt myslef", "self_harm"),
        ("my boyfreind overdosed", "overdose"),
        ("i want to dieeee", "suicide"),
    ],
)
def test_misspellings_are_corrected(assess, text, category):
    assert (assess(text).level, assess(text).category) == (CRISIS, category)


@pytest.mark.parametrize(
    ("text", "reads_as"),
    [
        ("i overdoes on xans", "xanax"),  # "xans" is slang, never spell-corrected
        ("took some fent", "fentanyl"),
        ("2 percs", "percocet"),
    ],
)
def test_slang_is_expanded_before_spelling_correction(normalizer, text, reads_as):
    normalized = normalizer.normalize(text)

    assert reads_as in normalized.text


@pytest.mark.parametrize(
    "word", ["overdue", "putting", "butting", "seizes", "suicides", "naloxone"]
)
def test_spelling_correction_leaves_real_words_alone(normalizer, word):
    assert normalizer.correct(word) is None


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("KMS", "KMS"),
        ("bro I think he OD'd", "OD'd"),
        ("i want to dieeee", "want to dieeee"),
        ("I’m going to kill mysefl", "kill mysefl"),
    ],
)
def test_evidence_is_quoted_as_the_visitor_wrote_it(assess, text, evidence):
    assert any(evidence in phrase for phrase in assess(text).matched)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("my friend overdosed", "overdose"),
        ("my brother said he wants to kill himself", "suicide"),
        ("my girlfriend is cutting herself", "self_harm"),
        ("my roommate is seizing", "medical_emergency"),
        ("my sister's boyfriend beats her", "abuse"),
        ("someone here passed out and is not breathing", "overdose"),
    ],
)
def test_someone_else_at_risk_is_crisis_with_subject_other(assess, text, category):
    result = assess(text)

    assert (result.level, result.category, result.subject) == (CRISIS, category, "other")


@pytest.mark.parametrize(
    "text",
    ["i think i overdosed", "I'm going to kill myself", "he hits me", "i'm going to hurt him"],
)
def test_the_visitor_is_the_subject_when_they_speak_of_themself(assess, text):
    assert assess(text).subject == "self"


@pytest.mark.parametrize(
    "text",
    [
        "I'm not going to kill myself",
        "i would never hurt myself",
        "I don't want to die",
        "I haven't cut myself in a year",
        "I have no plans to end my life",
        "I don't think I'd ever kill myself",
        "I've thought about hurting myself but I won't",
    ],
)
def test_negation_lowers_crisis_to_concern(assess, text):
    result = assess(text)

    assert result.level is CONCERN
    assert result.negated


@pytest.mark.parametrize(
    "text",
    [
        "I'm not suicidal but I wish I was dead",
        "i'm not ok. i want to die",
        "no, I want to die",
        "I don't know why I want to die",
        "i can't stop thinking about killing myself",
        "I'm not kidding, I want to kill myself",
        "I'm not sure I want to live anymore",
    ],
)
def test_negation_is_read_per_clause_and_never_reaches_another(assess, text):
    assert assess(text).level is CRISIS


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("lol i want to die", "hedged"),
        ("I want to kill myself jk", "hedged"),
        ("I used to cut myself", "historical"),
        ("I overdosed years ago", "historical"),
        ("is it normal to want to die", "general"),
    ],
)
def test_jokes_the_past_and_general_questions_lower_crisis_to_concern(assess, text, flag):
    result = assess(text)

    assert result.level is CONCERN
    assert result.as_dict()[flag] is True


@pytest.mark.parametrize(
    "text",
    [
        "what is the most painless way to die",
        "how many tylenol does it take to die",
        "this is goodbye",
        "I'm not joking, this is my last message",
    ],
)
def test_method_seeking_and_goodbyes_stay_crisis_whatever_the_framing(assess, text):
    assert assess(text).level is CRISIS


@pytest.mark.parametrize(
    "text",
    [
        "I need to cut down on drinking",
        "we were killing it at group today",
        "dead tired after my shift",
        "my phone died",
        "that burger was to die for",
        "I overdosed on coffee today",
        "do you have meds for cravings",
        "my back is killing me",
        "I'm dying to know the visiting hours",
        "she hit me up about a meeting",
        "it finally hit me that I need help",
        "my dad is going to kill me when he finds out I relapsed",
        "I took 2 tylenol for a headache",
        "I take 4 pills a day for my blood pressure",
    ],
)
def test_look_alikes_stay_none(assess, text):
    assert assess(text).level is NONE


@pytest.mark.parametrize(
    "text",
    [
        "what is an overdose",
        "what are the signs of an overdose?",
        "can detox cause seizures",
        "what are delirium tremens",
        "is suicide more common in early recovery?",
        "can you overdose on suboxone",
        "how do you help someone who self harms",
    ],
)
def test_questions_about_a_topic_in_general_are_not_crisis(assess, text):
    assert assess(text).level is not CRISIS


@pytest.mark.parametrize(
    "text",
    [
        "my dad is having a seizure",
        "is my brother overdosing?",
        "what do i do my friend isn't breathing",
    ],
)
def test_a_question_about_something_happening_now_is_crisis(assess, text):
    assert assess(text).level is CRISIS


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("suicide", CRISIS),  # an alarm word typed alone
        ("overdose!!", CRISIS),
        ("i'm worried about suicide", CONCERN),
        ("what is suicide prevention", NONE),
    ],
)
def test_a_bare_topic_word_is_an_alarm_alone_a_hint_in_a_statement(assess, text, level):
    assert assess(text).level is level


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("I feel hopeless", CONCERN),
        ("what's the point anymore", CONCERN),
        ("sometimes I wish I could sleep forever", CONCERN),
        ("I feel like a burden", CONCERN),
    ],
)
def test_warning_signs_are_concern(assess, text, level):
    assert assess(text).level is level


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I took all my pills because I want to die", "overdose"),
        ("I want to kill myself and I'm having chest pain", "medical_emergency"),
        ("he beats me and I cut myself", "self_harm"),
    ],
)
def test_several_categories_resolve_by_priority(assess, text, category):
    result = assess(text)

    assert result.category == category
    assert len(result.categories) >= 2
    assert list(result.categories) == sorted(result.categories, key=CATEGORY_PRIORITY.index)


def test_as_dict_is_json_ready(assess):
    data = assess("my friend od'd, not breathing").as_dict()

    assert json.loads(json.dumps(data)) == data
    assert {"level", "category", "matched", "subject"} <= set(data)
    assert data["level"] == "crisis"


@pytest.mark.parametrize("text", ["", "   ", "\n", "hi", "👍"])
def test_empty_or_plain_messages_are_none(assess, text):
    result = assess(text)

    assert (result.level, result.category, result.matched) == (NONE, None, ())


def test_assess_risk_uses_the_cached_default_detector():
    assert assess_risk("i want to kill myself").level is CRISIS
