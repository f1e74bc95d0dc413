"""Crisis, check-in and referral texts, built from `resources.yml`.

No phone number, text code or link is typed here: each comes from the
resource entry, so fixing a number in the data file fixes every reply.

Safe messaging: short, calm, direct and hopeful; the concrete lines come
first, then the offer of a person. Replies never repeat or name a method.
"""

from __future__ import annotations

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
# One direct question per category (ASQ style: ask plainly, then listen).
_CHECK_IN = {
    "suicide": (
        "Are you thinking about ending your life?",
        "Is the person you're worried about thinking about ending their life?",
    ),
    "self_harm": (
        "Are you thinking about hurting yourself?",
        "Is the person you're worried about hurting themselves?",
    ),
    "overdose": ("Is anyone, you or someone with you, in danger from an overdose right now?",) * 2,
    "medical_emergency": (
        "Is anyone having a seizure, chest pain, trouble breathing, or seeing or hearing things "
        "that aren't there right now?",
    )
    * 2,
    "violence": (
        "Are you thinking about hurting someone?",
        "Is someone in danger of being hurt right now?",
    ),
    "abuse": (
        "Is someone hurting or threatening you, or are you afraid to go home?",
        "Is the person you're worried about being hurt or threatened?",
    ),
}


def concern_check_in(category: str | None, subject: str = "self") -> CrisisReply:
    """A gentle, direct question with Yes / No buttons."""
    question = _CHECK_IN.get(category or "suicide", _CHECK_IN["suicide"])[
        1 if subject == "other" else 0
    ]
    return CrisisReply(
        f"Thank you for sharing that with me. Can I ask you something directly? {question}",
        [YES, NO],
    )


def support_after_no(category: str | None, locale: str = DEFAULT_LOCALE) -> CrisisReply:
    """After a "no" to the check-in: stay kind, keep going, still give the lines."""
    lines = _Lines(locale)
    if category in ("overdose", "medical_emergency"):
        poison = lines.get("poison_control")
        poison_line = (
            f" {poison.name} is at {poison.call.number}." if poison and poison.call else ""
        )
        safety = f"If anyone is ever in danger, call {lines.emergency}.{poison_line}"
    elif category == "abuse" and lines.get("domestic_violence_hotline"):
        dv = lines.get("domestic_violence_hotline")
        safety = (
            f"If you are ever in danger, call {lines.emergency}. "
            f"The {dv.name} is there any time: {how_to_reach(dv)}."
        )
    else:
        lifeline = lines.r["crisis_line"]
        text_line = lines.get("crisis_text_line")
        also = f", or {how_to_reach(text_line)}" if text_line else ""
        safety = (
            f"If that changes, you can {how_to_reach(lifeline, ('call', 'text'))} any time{also}."
        )
    return _reply(
        "Thank you for telling me. I'm glad, and I'm still here for you.",
        safety,
        "Is there something about treatment or our program I can help with?",
    )


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
