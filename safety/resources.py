"""Crisis resources (numbers, text codes, links) loaded from `resources.yml`.

python -m safety.resources check     # validates, and warns about entries not re-checked lately
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DEFAULT_RESOURCES_PATH = Path(__file__).with_name("resources.yml")
DEFAULT_LOCALE = "US"
STALE_AFTER_DAYS = 180
KINDS = ("emergency", "crisis_line", "poison", "referral")
REQUIRED_KEYS = ("emergency", "crisis_line")


class ResourceError(ValueError):
    """resources.yml is malformed."""


@dataclass(frozen=True)
class Call:
    number: str
    letters: str | None = None  # the number as advertised in letters, if it is
    option: str | None = None  # "press 1"


@dataclass(frozen=True)
class Text:
    number: str
    keyword: str | None = None  # literal word to send: "HOME"
    message: str | None = None  # what to send, described: "your ZIP code"


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Resource:
    key: str
    locale: str
    name: str
    kind: str
    sources: tuple[str, ...]
    verified_on: dt.date
    call: Call | None = None
    text: Text | None = None
    chat: Link | None = None
    web: Link | None = None
    tty: str | None = None
    use: str | None = None
    audience: str | None = None
    note: str | None = None
    in_replies: bool = True

    @property
    def phone(self) -> str | None:
        """The number to call, if it takes calls."""
        return self.call.number if self.call else None

    def age_days(self, today: dt.date) -> int:
        return (today - self.verified_on).days


class ResourceBook(Mapping[str, Resource]):
    """One locale's resources: by key (`book["poison_control"]`) or as attributes.

    `emergency` and `crisis_line` exist in every locale; the others are None
    where a country has no such service.
    """

    def __init__(self, locale: str, resources: Mapping[str, Resource]) -> None:
        self.locale = locale
        self._resources = dict(resources)

    def __getitem__(self, key: str) -> Resource:
        return self._resources[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._resources)

    def __len__(self) -> int:
        return len(self._resources)

    @property
    def emergency(self) -> Resource:
        return self._resources["emergency"]

    @property
    def crisis_line(self) -> Resource:
        """The suicide and crisis line (the national three-digit line in the US)."""
        return self._resources["crisis_line"]

    @property
    def crisis_text_line(self) -> Resource | None:
        return self._resources.get("crisis_text_line")

    @property
    def veterans_crisis_line(self) -> Resource | None:
        return self._resources.get("veterans_crisis_line")

    @property
    def poison_control(self) -> Resource | None:
        return self._resources.get("poison_control")

    @property
    def domestic_violence_hotline(self) -> Resource | None:
        return self._resources.get("domestic_violence_hotline")

    @property
    def treatment_helpline(self) -> Resource | None:
        return self._resources.get("treatment_helpline")


def load_resources(
    locale: str = DEFAULT_LOCALE, path: Path = DEFAULT_RESOURCES_PATH
) -> ResourceBook:
    """The resources of one locale (read-only, cached)."""
    locales = _load_all(Path(path))
    if locale not in locales:
        raise KeyError(f"no crisis resources for locale {locale!r}; have {sorted(locales)}")
    return locales[locale]


def stale_resources(
    max_age_days: int = STALE_AFTER_DAYS,
    today: dt.date | None = None,
    path: Path = DEFAULT_RESOURCES_PATH,
) -> list[Resource]:
    """Entries, in every locale, whose `verified_on` is more than `max_age_days` old."""
    today = today or dt.date.today()
    return [
        resource
        for resources in _load_all(Path(path)).values()
        for resource in resources.values()
        if resource.age_days(today) > max_age_days
    ]


@lru_cache(maxsize=4)
def _load_all(path: Path) -> Mapping[str, ResourceBook]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    locales = {}
    for locale, entries in data["locales"].items():
        resources = {key: _resource(key, locale, raw) for key, raw in entries.items()}
        missing = [k for k in REQUIRED_KEYS if k not in resources]
        if missing:
            raise ResourceError(f"{locale}: missing required resources {missing}")
        locales[locale] = ResourceBook(locale, resources)
    return locales


_FIELDS = {
    "name",
    "kind",
    "call",
    "text",
    "chat",
    "web",
    "tty",
    "use",
    "audience",
    "note",
    "in_replies",
    "source",
    "verified_on",
}


def _resource(key: str, locale: str, raw: Mapping[str, Any]) -> Resource:
    where = f"{locale}.{key}"
    unknown = set(raw) - _FIELDS
    if unknown:
        raise ResourceError(f"{where}: unknown fields {sorted(unknown)}")
    if raw.get("kind") not in KINDS:
        raise ResourceError(f"{where}: kind must be one of {KINDS}")
    sources = tuple(str(s) for s in raw.get("source") or ())
    if not sources:
        raise ResourceError(f"{where}: every resource needs a source")
    verified = raw.get("verified_on")
    if not isinstance(verified, dt.date):
        raise ResourceError(f"{where}: verified_on must be a date (YYYY-MM-DD)")
    if not any(raw.get(f) for f in ("call", "text", "chat", "web")):
        raise ResourceError(f"{where}: no way to reach it")
    return Resource(
        key=key,
        locale=locale,
        name=str(raw["name"]),
        kind=str(raw["kind"]),
        sources=sources,
        verified_on=verified,
        call=Call(**_strings(raw["call"])) if raw.get("call") else None,
        text=Text(**_strings(raw["text"])) if raw.get("text") else None,
        chat=Link(**_strings(raw["chat"])) if raw.get("chat") else None,
        web=Link(**_strings(raw["web"])) if raw.get("web") else None,
        tty=str(raw["tty"]) if raw.get("tty") else None,
        use=raw.get("use"),
        audience=raw.get("audience"),
        note=raw.get("note"),
        in_replies=bool(raw.get("in_replies", True)),
    )


def _strings(mapping: Mapping[str, Any]) -> dict[str, str]:
    # YAML reads an all-digit number as an int; a phone number is text.
    return {k: str(v) for k, v in mapping.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m safety.resources", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "command",
        nargs="?",
        default="check",
        choices=["check"],
        help="validate resources.yml and warn about entries not re-checked lately",
    )
    parser.add_argument("--max-age-days", type=int, default=STALE_AFTER_DAYS)
    parser.add_argument("--strict", action="store_true", help="exit 1 if any entry is stale")
    args = parser.parse_args(argv)
    try:
        books = _load_all(DEFAULT_RESOURCES_PATH)
    except (ResourceError, KeyError, TypeError) as error:
        print(f"ERROR: {DEFAULT_RESOURCES_PATH.name}: {error}")
        return 1
    old = stale_resources(args.max_age_days)
    for resource in old:
        print(
            f"WARNING: {resource.locale}/{resource.key} ({resource.name}) was last verified on "
            f"{resource.verified_on}, more than {args.max_age_days} days ago. "
            f"Re-check it: {', '.join(resource.sources)}"
        )
    count = sum(len(book) for book in books.values())
    print(f"{count} crisis resources in {len(books)} locale(s); {len(old)} need re-checking.")
    return 1 if old and args.strict else 0


if __name__ == "__main__":
    raise SystemExit(main())
