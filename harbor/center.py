"""The treatment center's identity (name, phone, hours, website) from `center.yml`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from harbor.settings import PROJECT_ROOT

CENTER_FILE = PROJECT_ROOT / "center.yml"
_ENV_OVERRIDES = {
    "name": "HARBOR_CENTER_NAME",
    "phone": "HARBOR_CENTER_PHONE",
    "hours": "HARBOR_CENTER_HOURS",
    "website": "HARBOR_CENTER_WEBSITE",
}


@dataclass(frozen=True)
class Center:
    name: str
    phone: str | None = None
    hours: str | None = None
    website: str | None = None

    @property
    def missing_contact_fields(self) -> list[str]:
        return [name for name in ("phone", "hours", "website") if not getattr(self, name)]

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
    return Center(**{key: (str(v).strip() if v else None) for key, v in values.items()})
