"""What a live hand-off says to the visitor, read from domain.yml's `responses:`.

Trainers edit every visitor-facing text in one place, the domain, so the gateway's own
hand-off texts live there too (`utter_handoff_*`), although Rasa never sends them: the
gateway does, at moments Rasa does not see (a person joins, leaves, or never came).
Each text's first variation is used. Two placeholders are filled here, as the action
server fills the domain's slots elsewhere: `{crisis_line_reminder}` (the crisis lines,
from safety/resources.yml) and, in `utter_handoff_staff_named`, `{name}`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from harbor.settings import PROJECT_ROOT
from safety.replies import crisis_line_reminder

DOMAIN_FILE = PROJECT_ROOT / "domain.yml"
# Each text of the desk and the domain response that holds it.
RESPONSES = {
    "joined": "utter_handoff_joined",
    "back": "utter_handoff_back",
    "expired": "utter_handoff_expired",
    "expired_no_callback": "utter_handoff_expired_no_callback",
    "queue_failed": "utter_handoff_queue_failed",
    "staff_name": "utter_handoff_staff_name",
    "staff_named": "utter_handoff_staff_named",
}


class HandoffTextsError(ValueError):
    """domain.yml lacks a hand-off text, or holds one the gateway cannot use."""


@dataclass(frozen=True)
class HandoffTexts:
    joined: str  # a team member joined the chat
    back: str  # the team member left; the assistant answers again
    expired: str  # nobody joined within the wait; the call-back form follows
    expired_no_callback: str  # the same where nobody would see a call-back request
    queue_failed: str  # the queue could not be reached, so nobody will join
    staff_name: str  # who a team member's replies are from, without a display name
    staff_named: str  # the same with one: "{name} (team member)"

    def author(self, display_name: str | None = None) -> str:
        """What the visitor sees as the author of a team member's words."""
        name = (display_name or "").strip()
        return self.staff_named.replace("{name}", name) if name else self.staff_name


def load_handoff_texts(domain_file: Path = DOMAIN_FILE) -> HandoffTexts:
    """The hand-off's texts; HandoffTextsError naming the response when one is missing."""
    try:
        responses = (yaml.safe_load(domain_file.read_text()) or {}).get("responses") or {}
    except (OSError, yaml.YAMLError) as exc:
        raise HandoffTextsError(
            f"cannot read the hand-off texts from {domain_file}: {exc}") from exc
    texts = {field: _first_text(responses, name, domain_file) for field, name in RESPONSES.items()}
    if "{name}" not in texts["staff_named"]:
        raise HandoffTextsError(
            f"{RESPONSES['staff_named']} in {domain_file} must contain {{name}}")
    reminder = crisis_line_reminder()
    return HandoffTexts(**{field: text.replace("{crisis_line_reminder}", reminder)
                           for field, text in texts.items()})


def _first_text(responses: dict, name: str, domain_file: Path) -> str:
    variations = responses.get(name)
    text = variations[0].get("text") if isinstance(variations, list) and variations else None
    if not isinstance(text, str) or not text.strip():
        raise HandoffTextsError(f"{domain_file} has no text for the response {name}")
    return text.strip()
