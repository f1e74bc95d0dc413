"""Crisis, check-in and referral texts, built from `resources.yml`.

No phone number, text code or link is typed here: each comes from the
resource entry, so fixing a number in the data file fixes every reply.

Safe messaging: short, calm, direct and hopeful; the concrete lines come
first, then the offer of a person. Replies never repeat or name a method.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from .resources import DEFAULT_LOCALE, Resource, load_resources

REQUEST_HUMAN = {"title": "Talk to a person", "payload": "/request_human"}
YES = {"title": "Yes", "payload": "/affirm"}
NO = {"title": "No", "payload": "/deny"}
OFFER_PERSON = "If you'd like, I can connect you with a person from our team."
BULLET = "• "


@dataclass(frozen=True)
class CrisisReply:
    text: str
    buttons: list[dict[str, str]] = field(default_factory=list)

    def as_message(self) -> dict:
        """Keyword arguments for Rasa's `dispatcher.utter_message`."""
        return {"text": self.text, "buttons": [dict(b) for b in self.buttons]}


# ----------------------------------------------------------------- contact lines
def how_to_reach(resource: Resource, channels: tuple[str, ...] = ("call", "text", "chat")) -> str:
    """The ways to reach a resource as one phrase.

    For example "call or text <number>, or chat at <site>", or
    "text <keyword> to <number>".
    """
    call = resource.call if "call" in channels else None
    text = resource.text if "text" in channels else None
    parts = []
    if (
        call
        and text
        and call.number == text.number
        and not (call.option or text.keyword or text.message)
    ):
        parts.append(f"call or text {call.number}")
    else:
        if call:
            parts.append(
                f"dial {call.number} then {call.option}" if call.option else f"call {call.number}"
            )
        if text:
            parts.append(
                f"text {_text_body(text)} to {text.number}"
                if _text_body(text)
                else f"text {text.number}"
            )
    if "chat" in channels and resource.chat:
        parts.append(f"chat at {resource.chat.label}")
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + ", or " + parts[-1]


def _text_body(text) -> str | None:
    return text.keyword or text.message


def _capital(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


class _Lines:
    """The resources of one locale, phrased as reply lines."""

    def __init__(self, locale: str) -> None:
        self.r: Mapping[str, Resource] = {
            key: res for key, res in load_resources(locale).items() if res.in_replies
        }

    def get(self, key: str) -> Resource | None:
        return self.r.get(key)

    @property
    def emergency(self) -> str:
        return self.r["emergency"].call.number

    def lifeline(self, lead: str = "") -> str:
        line = self.r["crisis_line"]
        reach = how_to_reach(line) if lead else _capital(how_to_reach(line))
        return f"{BULLET}{lead}{reach} ({line.name})."

    def text_line(self) -> str | None:
        line = self.get("crisis_text_line")
        return f"{BULLET}{_capital(how_to_reach(line))} ({line.name})." if line else None

    def veterans(self) -> str | None:
        line = self.get("veterans_crisis_line")
        return f"{BULLET}Veterans: {how_to_reach(line, ('call', 'text'))}." if line else None

    def poison(self) -> str | None:
        line = self.get("poison_control")
        return f"{BULLET}{line.name}: {line.call.number}." if line and line.call else None

    def domestic_violence(self) -> str | None:
        line = self.get("domestic_violence_hotline")
        if not line:
            return None
        tty = f" (TTY {line.tty})" if line.tty else ""
        return f"{BULLET}{line.name}: {how_to_reach(line)}{tty}."


def _reply(*lines: str | None, buttons: list[dict[str, str]] | None = None) -> CrisisReply:
    return CrisisReply("\n".join(line for line in lines if line), list(buttons or [REQUEST_HUMAN]))


# ----------------------------------------------------------------- crisis replies
def crisis_reply(
    category: str | None, subject: str = "self", locale: str = DEFAULT_LOCALE
) -> CrisisReply:
    """The reply for a crisis: lines to reach now, then the offer of a person."""
    lines = _Lines(locale)
    other = subject == "other"
    builder = _CRISIS.get(category or "", _crisis_unknown)
    return builder(lines, other)


def _crisis_suicide(lines: _Lines, other: bool) -> CrisisReply:
    if other:
        return _reply(
            "Thank you for looking out for them. Help is available right now.",
            f"{BULLET}If they are in immediate danger, call {lines.emergency} and stay with them.",
            lines.lifeline("You can call with them or for them: "),
            lines.text_line(),
            lines.veterans(),
            OFFER_PERSON,
        )
    return _reply(
        "I'm really glad you told me. You don't have to face this alone, "
        "and help is available right now.",
        lines.lifeline(),
        lines.text_line(),
        f"{BULLET}If you are in immediate danger, call {lines.emergency}.",
        lines.veterans(),
        OFFER_PERSON,
    )


def _crisis_self_harm(lines: _Lines, other: bool) -> CrisisReply:
    if other:
        return _crisis_suicide(lines, other)
    return _reply(
        "Thank you for telling me. You deserve support, and you can talk to someone right now.",
        lines.lifeline(),
        lines.text_line(),
        f"{BULLET}If you are hurt badly or in immediate danger, call {lines.emergency}.",
        lines.veterans(),
        OFFER_PERSON,
    )


def _crisis_overdose(lines: _Lines, other: bool) -> CrisisReply:
    if other:
        return _reply(
            f"Call {lines.emergency} now. This is a medical emergency.",
            f"{BULLET}Stay with them.",
            f"{BULLET}Give naloxone (Narcan) if you have it.",
            f"{BULLET}If they are breathing, turn them on their side.",
            lines.poison(),
            OFFER_PERSON,
        )
    return _reply(
        f"Call {lines.emergency} now. This is a medical emergency, and help can reach you fast.",
        f"{BULLET}Don't stay alone: ask someone near you to stay with you.",
        f"{BULLET}If naloxone (Narcan) is nearby, ask them to give it to you.",
        lines.poison(),
        OFFER_PERSON,
    )


def _crisis_medical(lines: _Lines, other: bool) -> CrisisReply:
    if other:
        return _reply(
            f"Call {lines.emergency} now. This can be a medical emergency.",
            f"{BULLET}Stay with them.",
            f"{BULLET}If they are breathing, turn them on their side.",
            f"{BULLET}If drugs may be involved, give naloxone (Narcan) if you have it.",
            lines.poison(),
            OFFER_PERSON,
        )
    return _reply(
        f"Call {lines.emergency} now. This can be a medical emergency, "
        "and help can reach you fast.",
        f"{BULLET}Don't stay alone: ask someone near you to stay with you.",
        f"{BULLET}If drugs may be involved and naloxone (Narcan) is nearby, "
        "ask them to give it to you.",
        lines.poison(),
        OFFER_PERSON,
    )


def _crisis_violence(lines: _Lines, other: bool) -> CrisisReply:
    return _reply(
        "Thank you for telling me. Let's keep everyone safe.",
        f"{BULLET}If anyone is in danger right now, call {lines.emergency}.",
        lines.lifeline("To talk it through with a counselor now, "),
        OFFER_PERSON,
    )


def _crisis_abuse(lines: _Lines, other: bool) -> CrisisReply:
    if other:
        return _reply(
            "Thank you for speaking up for them.",
            f"{BULLET}If they are in danger right now, call {lines.emergency}.",
            lines.domestic_violence(),
            OFFER_PERSON,
        )
    return _reply(
        "I'm sorry this is happening. You deserve to be safe.",
        f"{BULLET}If you are in danger right now, call {lines.emergency}.",
        lines.domestic_violence(),
        OFFER_PERSON,
    )


def _crisis_unknown(lines: _Lines, other: bool) -> CrisisReply:
    """The model flagged a crisis with no lexicon match: the general lines."""
    return _reply(
        "I want to make sure you're safe. Help is available right now.",
        lines.lifeline(),
        lines.text_line(),
        f"{BULLET}If you or someone else is in immediate danger, call {lines.emergency}.",
        OFFER_PERSON,
    )


_CRISIS = {
    "suicide": _crisis_suicide,
    "self_harm": _crisis_self_harm,
    "overdose": _crisis_overdose,
    "medical_emergency": _crisis_medical,
    "violence": _crisis_violence,
    "abuse": _crisis_abuse,
}


# ----------------------------------------------------------------- concern
# Safe messaging for a softer signal: ask directly (ASQ style), and give the line in
# the same message, so a visitor who closes the chat after the question still has a
# number. The question comes last so the Yes / No buttons answer it; "yes" always
# means "at risk" (the rules escalate on it), so no question is asked the other way
# round ("are you safe?").
CHECK_IN_OPENING = "Thank you for sharing that with me."
# When the visitor's question was answered just before, the check-in follows on.
CHECK_IN_AFTER_ANSWER = {
    "self": "I also want to make sure you're okay.",
    "other": "I also want to make sure they're okay.",
}
ASK_DIRECTLY = "Can I ask you something directly?"


def concern_check_in(
    category: str | None,
    subject: str = "self",
    locale: str = DEFAULT_LOCALE,
    after_answer: bool = False,
) -> CrisisReply:
    """A direct question that fits the category and the person, with the category's line."""
    lines = _Lines(locale)
    other = subject == "other"
    builder = _CHECK_IN.get(category or "", _check_in_suicide)
    line, question = builder(lines, other)
    opening = (
        CHECK_IN_AFTER_ANSWER["other" if other else "self"] if after_answer else CHECK_IN_OPENING
    )
    return CrisisReply(f"{opening} {line}\n{ASK_DIRECTLY} {question}", [YES, NO])


def _lifeline_sentence(lines: _Lines, lead: str, after: str = "") -> str:
    """'<lead> call or text <lifeline> (<its name>)<after>, or text <keyword> to <number>.'"""
    lifeline = lines.r["crisis_line"]
    text_line = lines.get("crisis_text_line")
    also = f", or {how_to_reach(text_line)}" if text_line else ""
    return f"{lead} {how_to_reach(lifeline, ('call', 'text'))} ({lifeline.name}){after}{also}."


def _poison_sentence(lines: _Lines) -> str:
    poison = lines.get("poison_control")
    return f" {poison.name}: {poison.call.number}." if poison and poison.call else ""


def _check_in_suicide(lines: _Lines, other: bool) -> tuple[str, str]:
    if other:
        return (
            _lifeline_sentence(lines, "You can", " with them or for them")
            + f" If they are in immediate danger, call {lines.emergency}.",
            "Is the person you're worried about thinking about ending their life, "
            "or in danger right now?",
        )
    return (
        _lifeline_sentence(lines, "Whatever you're going through, you can")
        + f" If you are in immediate danger, call {lines.emergency}.",
        "Are you thinking about ending your life?",
    )


def _check_in_self_harm(lines: _Lines, other: bool) -> tuple[str, str]:
    if other:
        return (
            _lifeline_sentence(lines, "You can", " with them or for them")
            + f" If they are hurt badly or in immediate danger, call {lines.emergency}.",
            "Is the person you're worried about hurting themselves, or in danger right now?",
        )
    return (
        _lifeline_sentence(lines, "You can talk to someone about it any time:")
        + f" If you are hurt badly, call {lines.emergency}.",
        "Are you thinking about hurting yourself?",
    )


def _check_in_overdose(lines: _Lines, other: bool) -> tuple[str, str]:
    if other:
        return (
            f"If someone took too much, call {lines.emergency} now and stay with them."
            + _poison_sentence(lines),
            "Did they take too much of something, or are they in danger right now?",
        )
    return (
        f"If anyone took too much, call {lines.emergency} now." + _poison_sentence(lines),
        "Did you or someone with you take too much of something, "
        "or is anyone in danger right now?",
    )


def _check_in_medical(lines: _Lines, other: bool) -> tuple[str, str]:
    who, having = ("they are", "Are they") if other else ("anyone is", "Is anyone")
    return (
        f"If {who} in danger, call {lines.emergency} now." + _poison_sentence(lines),
        f"{having} having a seizure, chest pain, trouble breathing, or seeing or hearing "
        "things that aren't there right now?",
    )


def _check_in_violence(lines: _Lines, other: bool) -> tuple[str, str]:
    lifeline = lines.r["crisis_line"]
    line = (
        f"If anyone is in danger right now, call {lines.emergency}. To talk it through "
        f"with a counselor, {how_to_reach(lifeline, ('call', 'text'))} ({lifeline.name})."
    )
    if other:
        return line, "Is someone in danger of being hurt right now?"
    return line, "Are you thinking about hurting someone?"


def _check_in_abuse(lines: _Lines, other: bool) -> tuple[str, str]:
    who = "they are" if other else "you are"
    line = f"If {who} in danger right now, call {lines.emergency}."
    hotline = lines.get("domestic_violence_hotline")
    if hotline:
        line += f" The {hotline.name} is there any time: {how_to_reach(hotline)}."
    if other:
        return (
            line,
            "Is the person you're worried about being hurt or threatened, or unsafe right now?",
        )
    return line, "Is someone hurting or threatening you, or do you feel unsafe right now?"


_CHECK_IN = {
    "suicide": _check_in_suicide,
    "self_harm": _check_in_self_harm,
    "overdose": _check_in_overdose,
    "medical_emergency": _check_in_medical,
    "violence": _check_in_violence,
    "abuse": _check_in_abuse,
}


def support_after_no(
    category: str | None, subject: str = "self", locale: str = DEFAULT_LOCALE
) -> CrisisReply:
    """After a "no" to the check-in: stay kind, keep going, still give the category's line."""
    lines = _Lines(locale)
    other = subject == "other"
    line, _question = _CHECK_IN.get(category or "", _check_in_suicide)(lines, other)
    opening = (
        "Thank you for telling me. Looking out for them matters, and I'm here for you too."
        if other
        else "Thank you for telling me. I'm glad, and I'm still here for you."
    )
    return _reply(
        opening,
        line,
        "Is there something about treatment or our program I can help with?",
    )


# ----------------------------------------------------------------- the line a reply carries
# The lines a reply about each category must carry, as resource keys: every group
# must be present, by any one of its resources. "Carries the line" means a visitor
# who reads only that reply can reach help of the right kind.
_REQUIRED_LINES: dict[str, tuple[tuple[str, ...], ...]] = {
    "suicide": (("crisis_line",),),
    "self_harm": (("crisis_line",),),
    "overdose": (("emergency",), ("poison_control",)),
    "medical_emergency": (("emergency",),),
    "violence": (("emergency", "crisis_line"),),
    "abuse": (("domestic_violence_hotline",),),
}


def carries_line(text: str, category: str | None, locale: str = DEFAULT_LOCALE) -> bool:
    """Does a reply's text carry the line a visitor at risk of `category` needs?

    Used by the tests and the safety evaluation: a reply counts for recall only if it
    does. An unknown category needs the crisis line, as the default check-in gives.
    """
    resources = load_resources(locale)
    groups = _REQUIRED_LINES.get(category or "", _REQUIRED_LINES["suicide"])
    return all(
        any(key in resources and _names_resource(text, resources[key]) for key in group)
        for group in groups
    )


def _names_resource(text: str, resource: Resource) -> bool:
    """The text tells the visitor to call or text one of the resource's numbers.

    The number must follow "call", "text", "dial", "to" or a colon, and must not begin
    a name: the center this assistant speaks for may carry the emergency number in its
    name ("<number> Detox Center"), and its name in an answer is no emergency line.
    """
    call = resource.call
    forms = [call.number, call.letters] if call else []
    if resource.text:
        forms.append(resource.text.number)
    return any(
        re.search(
            rf"(?:\b(?i:call|text|dial|to)|:)\s+{re.escape(form)}(?![\w-])(?!\s+[A-Z][a-z])",
            text,
        )
        for form in forms
        if form
    )


def first_risk_reply(
    level: str, category: str | None, subject: str = "self", locale: str = DEFAULT_LOCALE
) -> CrisisReply | None:
    """The reply the assistant gives first at a risk level ("crisis", "concern", "none").

    For the safety evaluation: a case counts for recall only if
    `carries_line(first_risk_reply(...).text, labelled_category)`.
    """
    if level == "crisis":
        return crisis_reply(category, subject, locale)
    if level == "concern":
        return concern_check_in(category, subject, locale)
    return None


# ----------------------------------------------------------------- other texts
def treatment_referral(locale: str = DEFAULT_LOCALE) -> str:
    """For "I need help quitting": the treatment-referral line (not a crisis line)."""
    lines = _Lines(locale)
    helpline = lines.get("treatment_helpline")
    lifeline = lines.r["crisis_line"]
    crisis = f"If you are in crisis, {how_to_reach(lifeline, ('call', 'text'))}."
    if helpline is None:
        return crisis
    tty = f" (TTY {helpline.tty})" if helpline.tty else ""
    return (
        f"The {helpline.name} is free, confidential and open 24/7, in English and Spanish, "
        f"and can help you find treatment: {how_to_reach(helpline, ('call', 'text'))}{tty}. "
        f"It is a referral line, not a crisis line. {crisis}"
    )


def service_unavailable_message(locale: str = DEFAULT_LOCALE) -> str:
    """Shown when the assistant is down; must never depend on the assistant."""
    lines = _Lines(locale)
    lifeline = lines.r["crisis_line"]
    return (
        "I can't answer right now. If you are in crisis, "
        f"{how_to_reach(lifeline, ('call', 'text'))}, or call {lines.emergency}."
    )


def crisis_line_reminder(locale: str = DEFAULT_LOCALE) -> str:
    """One sentence to close ordinary replies that promise help later (call-backs)."""
    lines = _Lines(locale)
    lifeline = lines.r["crisis_line"]
    return (
        f"If you need support sooner, {how_to_reach(lifeline, ('call', 'text'))} any time, "
        f"or call {lines.emergency} in an emergency."
    )


def overdose_information(locale: str = DEFAULT_LOCALE) -> CrisisReply:
    """For questions about overdose or dangerous withdrawal: the danger signs, and when to call.

    The signs follow the ASAM patient guide and CDC-derived pages on opioid overdose, and
    the withdrawal warning PMC4606320 (see shared/reference/crisis-and-detection.md):
    alcohol and benzodiazepine withdrawal can be fatal.
    """
    lines = _Lines(locale)
    return _reply(
        f"An overdose is a medical emergency. Call {lines.emergency} right away if someone:",
        f"{BULLET}can't be woken or doesn't respond,",
        f"{BULLET}is breathing very slowly, not breathing, or making gurgling sounds,",
        f"{BULLET}has blue or grey lips or fingernails.",
        "Give naloxone (Narcan) if you have it, and stay with them.",
        "Stopping alcohol or benzodiazepines suddenly can also be dangerous: seizures, "
        f"confusion, or seeing things that aren't there need {lines.emergency} too. "
        "Detox is safest with medical support.",
        lines.poison(),
        buttons=[
            {"title": "What happens in detox?", "payload": '/choose_topic{"topic": "detox"}'},
            REQUEST_HUMAN,
        ],
    )


def withdrawal_information(locale: str = DEFAULT_LOCALE) -> CrisisReply:
    """For a question about stopping alcohol or benzodiazepines alone: the facts and when to call.

    Alcohol and benzodiazepine withdrawal can be fatal (seizures, delirium tremens,
    hallucinations or confusion; PMC4606320 via shared/reference/crisis-and-detection.md),
    so the answer is the detox facts, the danger signs, and when to call emergency services.
    """
    lines = _Lines(locale)
    return _reply(
        "Stopping alcohol or benzodiazepines suddenly, on your own, can be dangerous and "
        "even life-threatening. Detox is safest with medical support, which can ease the "
        "symptoms and watch for complications; tapering should be planned with a doctor.",
        f"Call {lines.emergency} right away if someone who is withdrawing:",
        f"{BULLET}has a seizure,",
        f"{BULLET}is confused, or sees or hears things that aren't there,",
        f"{BULLET}can't be woken or has trouble breathing.",
        lines.poison(),
        buttons=[
            {"title": "What happens in detox?", "payload": '/choose_topic{"topic": "detox"}'},
            REQUEST_HUMAN,
        ],
    )
