"""Issue 8 points 3, 4, 6 and issue 13: means and methods, readiness, slang,
history, passive wishes, ingestion, and figures of speech read in context.

Phrasings differ from tests/safety/eval_set.yml and from the lexicon.
"""

from __future__ import annotations

import pytest

from safety.detector import RiskLevel

CRISIS, CONCERN, NONE = RiskLevel.CRISIS, RiskLevel.CONCERN, RiskLevel.NONE


@pytest.mark.parametrize(
    "text",
    [
        "i'm thinking of putting the shotgun in my mouth",
        "i tied a cord around my neck earlier",
        "i want to wade into the bay tonight",
        "i could step in front of the subway",
        "tonight i'll jump from the tower by the station",
        "i'm gonna swallow the entire jar of my pills",
        "i keep thinking about drinking the antifreeze in the garage",
        "been thinking about hanging a lot lately",
    ],
)
def test_a_means_with_a_first_person_act_or_intent_is_a_suicide_crisis(assess, text):
    result = assess(text)

    assert (result.level, result.category) == (CRISIS, "suicide")


@pytest.mark.parametrize(
    "text",
    [
        "how high is the dam, nothing matters anyway",
        "where can i get a pistol, my wife left me",
        "how many of my meds are enough to die, i ruined everything",
    ],
)
def test_a_means_question_beside_despair_or_a_loss_is_a_crisis(assess, text):
    result = assess(text)

    assert (result.level, result.category) == (CRISIS, "suicide")


@pytest.mark.parametrize(
    "text",
    [
        "how high is the dam",
        "i keep staring at the razor on the sink",
    ],
)
def test_a_means_named_alone_is_a_check_in(assess, text):
    assert assess(text).level is CONCERN


def test_everything_made_ready_without_another_sign_is_never_a_crisis(assess):
    assert assess("everything is ready for my intake").level is not CRISIS


@pytest.mark.parametrize(
    "text",
    [
        "nothing keeps me alive now",
        "the notes are written",
        "everything is sorted, nothing matters now",
        "i chose the day to do it",
        "tell my grandma i'm sorry",
        "you will not have to put up with me for long",
    ],
)
def test_readiness_without_a_keyword_is_a_crisis(assess, text):
    assert (assess(text).level, assess(text).category) == (CRISIS, "suicide")


@pytest.mark.parametrize(
    "text",
    [
        "about to eat my shotgun",
        "i might suck a barrel tonight",
        "just let me die please",
        "lord take me home tonight",
        "pls somebody end me",
    ],
)
def test_slang_for_shooting_oneself_and_plain_imperatives_are_crisis(assess, text):
    assert (assess(text).level, assess(text).category) == (CRISIS, "suicide")


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("i tried twice before", CONCERN),
        ("was in the icu after my attempt", CONCERN),
        ("nearly did it once, and the thoughts are returning", CONCERN),
        ("i attempted before and i want to try again tonight", CRISIS),
    ],
)
def test_history_is_at_least_a_check_in_and_with_present_intent_a_crisis(assess, text, level):
    result = assess(text)

    assert (result.level, result.category) == (level, "suicide")


@pytest.mark.parametrize(
    "text",
    [
        "i wish i could vanish and never get found",
        "i keep praying god will take me",
        "i can't imagine my life lasting much longer",
        "they'd all be happier without me",
        "i want it all to stop forever",
    ],
)
def test_passive_wishes_with_other_verbs_are_at_least_a_check_in(assess, text):
    result = assess(text)

    assert result.level in (CONCERN, CRISIS)
    assert result.category == "suicide"


@pytest.mark.parametrize(
    "text",
    [
        "i drank some of the drano",
        "my nephew swallowed a detergent pod",
        "i just drank a glass of windex",
        "she took a handful of her diabetes pills",
        "he took like 25 melatonin",
        "i drank half a bottle of nyquil",
        "i mixed my klonopin with some vodka",
    ],
)
def test_swallowing_a_poison_or_too_many_pills_is_an_overdose_crisis(assess, text):
    result = assess(text)

    assert (result.level, result.category) == (CRISIS, "overdose")


@pytest.mark.parametrize(
    "text",
    [
        "my husband is going to kill me if i'm late for dinner",
        "my supervisor will murder me, i forgot the report",
        "shoot me now, three more exams this week",
        "kill me now lol",
        "i'd rather die than do the dishes",
        "i'd rather jump off a cliff than go to that wedding",
        "without my counselor i'd be dead by now",
        "one cookie won't kill me",
        "how much vodka is too much",
        "how many advil is too many",
    ],
)
def test_figures_of_speech_and_limit_questions_raise_nothing(assess, text):
    assert assess(text).level is NONE


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("my husband said he will kill me if i leave", "abuse"),
        ("i'd rather die than keep living like this", "suicide"),
        ("kill me now, i mean it", "suicide"),
    ],
)
def test_the_same_words_without_a_figure_of_speech_still_count(assess, text, category):
    result = assess(text)

    assert result.level in (CONCERN, CRISIS)
    assert result.category == category


@pytest.mark.parametrize(
    "text",
    [
        "what are the signs someone is suicidal",
        "do you treat people who overdosed",
    ],
)
def test_general_questions_about_other_people_raise_nothing(assess, text):
    assert assess(text).level is NONE


def test_a_general_question_that_may_be_about_the_visitor_is_still_a_check_in(assess):
    assert assess("is it normal to want to die").level is CONCERN


@pytest.mark.parametrize(
    ("text", "dismissed"),
    [
        ("my husband will murder me, i forgot our anniversary dinner", ("murder me",)),
        ("how much vodka is too much", ("how much vodka is too much",)),
        ("what are the signs someone is suicidal", ("suicidal",)),
    ],
)
def test_risk_words_set_aside_are_reported_for_a_second_reader(assess, text, dismissed):
    result = assess(text)

    assert result.level is NONE
    assert result.dismissed == dismissed


def test_plain_messages_dismiss_nothing(assess):
    assert assess("what time do you open").dismissed == ()
