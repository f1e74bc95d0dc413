"""The self-screeners (AUDIT-C, a drug-use question, PHQ-9, GAD-7): items and scoring.

Plain Python, no Rasa: the instruments are read from `instruments.yml` beside this
file, and the Rasa forms in `actions/screeners.py` only ask, read and report. The
wording, answer scores and cut-offs in the data file come from the instruments'
authors; this module applies them and invents none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

INSTRUMENTS_PATH = Path(__file__).with_name("instruments.yml")
NOT_A_DIAGNOSIS = (
    "A screen is not a diagnosis: only a clinician who knows you can say what it means."
)
_SPACES = re.compile(r"\s+")
_EDGE_PUNCTUATION = " .!?,;:'\"()"
# Words around an answer that change nothing ("I'd say several days"). Anything more
# is asked again rather than guessed: a misread answer is worse than a second ask.
_LEAD_INS = re.compile(r"^(?:my answer is|the answer is|answer is|i'd say|i would say)\s+")


def normalised_answer(text: str) -> str:
    """Typed answers compared without case, extra spaces, dashes' kind or end punctuation."""
    text = text.lower().replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'")
    text = _SPACES.sub(" ", text).strip(_EDGE_PUNCTUATION)
    return _LEAD_INS.sub("", text)


@dataclass(frozen=True)
class Option:
    label: str
    score: int
    also: tuple[str, ...] = ()

    def matches(self, text: str) -> bool:
        typed = normalised_answer(text)
        return typed in {normalised_answer(word) for word in (self.label, *self.also)}


@dataclass(frozen=True)
class Item:
    number: int
    text: str
    options: tuple[Option, ...]
    # An answer with this score makes the remaining items unnecessary (they score 0).
    ends_at_score: int | None = None

    @property
    def max_score(self) -> int:
        return max(option.score for option in self.options)

    def score_of(self, value: Any) -> int | None:
        """The score of a button's value or of typed words, or None if it is no option."""
        if isinstance(value, bool):
            return None
        if isinstance(value, (int, float)):
            scores = {option.score for option in self.options}
            return int(value) if value == int(value) and int(value) in scores else None
        if isinstance(value, str):
            return next((o.score for o in self.options if o.matches(value)), None)
        return None


@dataclass(frozen=True)
class ShortForm:
    """The first items as a screen of their own (PHQ-2, GAD-2)."""

    name: str
    items: int
    continue_at: int


@dataclass(frozen=True)
class Band:
    start: int
    label: str


@dataclass(frozen=True)
class RiskItem:
    item: int
    category: str


@dataclass(frozen=True)
class ScreenResult:
    instrument: str
    score: int
    max_score: int
    positive: bool
    band: str | None = None
    risk_item_positive: bool = False
    short_form_only: bool = False

    def as_record(self, on: date) -> dict[str, Any]:
        """The result as it is kept on the conversation for staff."""
        return {
            "instrument": self.instrument,
            "score": self.score,
            "max_score": self.max_score,
            "band": self.band,
            "positive": self.positive,
            "risk_item_positive": self.risk_item_positive,
            "date": on.isoformat(),
        }


@dataclass(frozen=True)
class Instrument:
    key: str
    name: str
    title: str
    intent: str
    form: str
    about: str
    stem: str
    items: tuple[Item, ...]
    positive_at: int
    positive_note: str
    negative_note: str
    topic_key: str
    topic_title: str
    source: str
    licence: str
    verified_on: date
    short_form: ShortForm | None = None
    short_form_negative_note: str = ""
    bands: tuple[Band, ...] = ()
    risk_item: RiskItem | None = None
    show_score: bool = True

    # ------------------------------------------------------------ slots
    def slot(self, item: Item) -> str:
        return f"{self.key}_{item.number}"

    @property
    def slots(self) -> list[str]:
        return [self.slot(item) for item in self.items]

    def item_for_slot(self, slot: str) -> Item | None:
        return next((item for item in self.items if self.slot(item) == slot), None)

    # ------------------------------------------------------------ flow
    def items_needed(self, answers: Sequence[int | None]) -> int:
        """How many items, from the first, this visitor's screen needs.

        The short form stops below its cut-off; an item with `ends_at_score` answered
        at that score stops the screen; so does a risk item answered above its lowest
        option, so that the crisis reply comes at once.
        """
        answers = list(answers) + [None] * (len(self.items) - len(answers))
        needed = len(self.items)
        short = self.short_form
        first = answers[: short.items] if short else []
        if short and None not in first and sum(first) < short.continue_at:
            needed = short.items
        for item, answer in zip(self.items[:needed], answers[:needed], strict=True):
            if answer is None:
                break
            if answer == item.ends_at_score or self._is_risk_answer(item, answer):
                return item.number
        return needed

    def slots_needed(self, answers: Sequence[int | None]) -> list[str]:
        return self.slots[: self.items_needed(answers)]

    def _is_risk_answer(self, item: Item, answer: int | None) -> bool:
        lowest = min(option.score for option in item.options)
        return (
            self.risk_item is not None
            and item.number == self.risk_item.item
            and answer is not None
            and answer > lowest
        )

    # ------------------------------------------------------------ scoring
    def score(self, answers: Sequence[int | None]) -> ScreenResult:
        """Scores a finished screen; items it did not need to ask score 0."""
        needed = self.items_needed(answers)
        asked = list(answers[:needed])
        if len(asked) < needed or None in asked:
            raise ValueError(f"{self.name}: {needed} answers are needed, got {asked}")
        total = sum(asked)
        short = self.short_form
        if short and needed == short.items < len(self.items):
            max_score = sum(item.max_score for item in self.items[: short.items])
            return ScreenResult(short.name, total, max_score, positive=False,
                                short_form_only=True)
        return ScreenResult(
            instrument=self.name,
            score=total,
            max_score=sum(item.max_score for item in self.items),
            positive=total >= self.positive_at,
            band=self.band_of(total),
            risk_item_positive=any(
                self._is_risk_answer(item, answer)
                for item, answer in zip(self.items[:needed], asked, strict=True)
            ),
        )

    def band_of(self, score: int) -> str | None:
        reached = [band for band in self.bands if score >= band.start]
        return reached[-1].label if reached else None

    def describe(self, result: ScreenResult) -> str:
        """The result in plain words, with the reminder that it is not a diagnosis."""
        parts = []
        if self.show_score:
            parts.append(
                f"Your {result.instrument} score is {result.score} out of {result.max_score}."
            )
        if result.short_form_only:
            parts.append(self.short_form_negative_note)
        else:
            if result.band:
                parts.append(f'That is in the range the questionnaire calls "{result.band}".')
            parts.append(self.positive_note if result.positive else self.negative_note)
        parts.append(NOT_A_DIAGNOSIS)
        return " ".join(part for part in parts if part)


# ---------------------------------------------------------------- loading
def _options(raw: list[dict[str, Any]]) -> tuple[Option, ...]:
    return tuple(
        Option(str(o["label"]), int(o["score"]), tuple(str(a) for a in o.get("also", [])))
        for o in raw
    )


def _instrument(key: str, raw: dict[str, Any]) -> Instrument:
    shared_options = raw.get("options")
    items = tuple(
        Item(
            number=number,
            text=" ".join(str(entry["text"]).split()),
            options=_options(entry.get("options") or shared_options),
            ends_at_score=entry.get("ends_at_score"),
        )
        for number, entry in enumerate(raw["items"], start=1)
    )
    short = raw.get("short_form")
    risk = raw.get("risk_item")
    return Instrument(
        key=key,
        name=raw["name"],
        title=raw["title"],
        intent=raw["intent"],
        form=raw["form"],
        about=" ".join(raw["about"].split()),
        stem=raw.get("stem") or "",
        items=items,
        positive_at=int(raw["positive_at"]),
        positive_note=raw["positive_note"],
        negative_note=raw["negative_note"],
        topic_key=raw["topic"]["key"],
        topic_title=raw["topic"]["title"],
        source=raw["source"],
        licence=raw["licence"],
        verified_on=raw["verified_on"],
        short_form=ShortForm(short["name"], int(short["items"]), int(short["continue_at"]))
        if short
        else None,
        short_form_negative_note=raw.get("short_form_negative_note", ""),
        bands=tuple(Band(int(b["from"]), b["label"]) for b in raw.get("bands", [])),
        risk_item=RiskItem(int(risk["item"]), risk["category"]) if risk else None,
        show_score=bool(raw.get("show_score", True)),
    )


@cache
def load_instruments(path: Path = INSTRUMENTS_PATH) -> dict[str, Instrument]:
    """Every instrument in the data file, by key."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {key: _instrument(key, raw) for key, raw in data["instruments"].items()}


def instrument_for_intent(intent: str | None) -> Instrument | None:
    return next((i for i in load_instruments().values() if i.intent == intent), None)
