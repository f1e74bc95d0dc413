"""The treatment center's identity and its own answers, from `center.yml`.

    python -m harbor.center check   # what `make validate` runs: lists empty fields

Empty fields are allowed (a wrong phone number is worse than none) but reported, so a
center sees what its visitors will be told "ask the team" about.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from harbor.settings import PROJECT_ROOT

# HARBOR_CENTER_FILE points every process at another center file (a deployment's own, or
# a test's with staffed hours that include "now"); read once, at import.
CENTER_FILE = Path(os.environ.get("HARBOR_CENTER_FILE") or PROJECT_ROOT / "center.yml")
_ENV_OVERRIDES = {
    "name": "HARBOR_CENTER_NAME",
    "phone": "HARBOR_CENTER_PHONE",
    "hours": "HARBOR_CENTER_HOURS",
    "website": "HARBOR_CENTER_WEBSITE",
}
# The center questions visitors ask, and how a reply names each one.
ANSWER_SUBJECTS: Mapping[str, str] = MappingProxyType({
    "cost_and_insurance": "cost and insurance",
    "admission": "admission",
    "what_to_bring": "what to bring",
    "visiting": "visiting",
    "confidentiality": "confidentiality",
    "program_length": "how long a program takes",
})


@dataclass(frozen=True)
class Center:
    name: str
    phone: str | None = None
    hours: str | None = None
    website: str | None = None
    answers: Mapping[str, str | None] = field(default_factory=dict)

    @property
    def missing_contact_fields(self) -> list[str]:
        return [name for name in ("phone", "hours", "website") if not getattr(self, name)]

    @property
    def missing_answers(self) -> list[str]:
        return [key for key in ANSWER_SUBJECTS if not self.answers.get(key)]

    def answer(self, subject: str) -> str | None:
        """The center's own words on a subject of ANSWER_SUBJECTS, or None when unset."""
        if subject not in ANSWER_SUBJECTS:
            raise KeyError(f"unknown center subject {subject!r}; known: {list(ANSWER_SUBJECTS)}")
        return self.answers.get(subject)

    def contact_sentence(self) -> str:
        """One sentence telling a visitor how to reach a person at the center."""
        if self.phone:
            hours = f" ({self.hours})" if self.hours else ""
            return f"You can call the {self.name} team at {self.phone}{hours}."
        if self.website:
            return f"You can reach the {self.name} team through {self.website}."
        return f"You can reach the {self.name} team through the contact page of this website."


def load_center(path: Path = CENTER_FILE) -> Center:
    """Read the center file, then apply environment overrides."""
    try:
        raw = yaml.safe_load(path.read_text()) or {}
    except FileNotFoundError:
        raise FileNotFoundError(f"center file not found: {path}") from None
    if not isinstance(raw, dict) or not raw.get("name"):
        raise ValueError(f"{path} must be a mapping with at least a 'name'")
    values = {key: raw.get(key) for key in _ENV_OVERRIDES}
    for key, env_name in _ENV_OVERRIDES.items():
        if os.environ.get(env_name):
            values[key] = os.environ[env_name]
    identity = {key: (str(v).strip() if v else None) for key, v in values.items()}
    return Center(**identity, answers=_answers(raw.get("answers"), path))


def _answers(raw: Any, path: Path) -> Mapping[str, str | None]:
    if raw is None:
        return MappingProxyType({})
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: 'answers' must be a mapping of subject to text")
    unknown = sorted(set(raw) - set(ANSWER_SUBJECTS))
    if unknown:
        raise ValueError(
            f"{path}: unknown answers {unknown}; the subjects are {list(ANSWER_SUBJECTS)}"
        )
    not_text = sorted(key for key, value in raw.items() if value is not None
                      and not isinstance(value, str))
    if not_text:
        raise ValueError(f"{path}: answers {not_text} must be text (quote them)")
    return MappingProxyType({key: (value or "").strip() or None for key, value in raw.items()})


def empty_field_warnings(center: Center) -> list[str]:
    """One line per empty field, saying what visitors get instead."""
    without = {
        "phone": "visitors are given the website instead of a number",
        "hours": "the contact sentence gives no opening hours",
        "website": "without a phone either, visitors are sent to this site's contact page",
    }
    contact = [f"'{name}' is empty: {without[name]}" for name in center.missing_contact_fields]
    answers = [
        f"answers.{key} is empty: questions about {ANSWER_SUBJECTS[key]} get "
        "\"no details yet\" and the contact"
        for key in center.missing_answers
    ]
    return contact + answers


def main(argv: list[str]) -> int:
    if argv != ["check"]:
        print("usage: python -m harbor.center check", file=sys.stderr)
        return 2
    try:
        center = load_center()
    except (FileNotFoundError, ValueError) as error:
        print(f"center.yml: error: {error}", file=sys.stderr)
        return 1
    for warning in empty_field_warnings(center):
        print(f"center.yml: warning: {warning}")
    print(f"center.yml: {center.name}, {len(ANSWER_SUBJECTS) - len(center.missing_answers)} "
          f"of {len(ANSWER_SUBJECTS)} center answers filled in")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
