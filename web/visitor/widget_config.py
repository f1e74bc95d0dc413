"""What the widget shows before any message: the crisis link and the notice.

The widget fetches this from GET /api/config, so a phone number has one home
(safety/resources.yml) and the widget's JavaScript holds none.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from harbor.center import Center
from safety.replies import how_to_reach
from safety.resources import DEFAULT_LOCALE, load_resources
from web.visitor.payloads import MAX_TEXT_CHARS

ASSISTANT_NAME = "Harbor"


@dataclass(frozen=True)
class CrisisLink:
    """The link the widget's header always shows: "In crisis? Call or text <the line>"."""

    label: str
    href: str


def crisis_link(locale: str = DEFAULT_LOCALE) -> CrisisLink:
    """Built from the crisis line's entry, so the label says only what the line offers."""
    lifeline = load_resources(locale).crisis_line
    ways = how_to_reach(lifeline, ("call", "text"))  # e.g. "call or text <number>"
    return CrisisLink(
        label=f"In crisis? {ways[:1].upper()}{ways[1:]}", href=f"tel:{lifeline.phone}"
    )


@dataclass(frozen=True)
class WidgetConfig:
    crisis_link: CrisisLink
    notice: str
    max_message_length: int

    def as_json(self) -> dict[str, object]:
        return asdict(self)


def build_widget_config(center: Center) -> WidgetConfig:
    notice = (
        f"{ASSISTANT_NAME} is an automated assistant, not a clinician, and can't give "
        f"medical advice. {center.name} keeps these conversations to improve the service "
        "and to follow up on safety. Please don't share your full name or address."
    )
    return WidgetConfig(
        crisis_link=crisis_link(),
        notice=notice,
        max_message_length=MAX_TEXT_CHARS,
    )
