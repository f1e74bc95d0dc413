"""When a person from the center can answer, from the `handoff:` section of `center.yml`.

Every process that talks about a person (the action server's replies, the gateway's
hand-off queue) reads the same hours, so the visitor is never told "someone will join"
by one and "nobody is here" by the other. Times are the center's local time; a visitor's
clock is never trusted.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from harbor.center import CENTER_FILE

log = logging.getLogger(__name__)

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DEFAULT_JOIN_WAIT_SECONDS = 180
Window = tuple[time, time]


@dataclass(frozen=True)
class StaffedHours:
    """Weekly windows in one time zone: weekday (0 = Monday) to its (start, end) pairs."""

    time_zone: ZoneInfo
    weekly: Mapping[int, tuple[Window, ...]] = field(default_factory=dict)

    def local(self, now: datetime) -> datetime:
        if now.tzinfo is None:
            raise ValueError("pass an aware datetime (UTC or any zone)")
        return now.astimezone(self.time_zone)

    def is_staffed(self, now: datetime) -> bool:
        here = self.local(now)
        return any(start <= here.time() < end for start, end in self.weekly.get(here.weekday(), ()))

    def staffed_until(self, now: datetime) -> datetime | None:
        """The end of the window `now` falls in, or None outside staffed hours."""
        here = self.local(now)
        for start, end in self.weekly.get(here.weekday(), ()):
            if start <= here.time() < end:
                return datetime.combine(here.date(), end, self.time_zone)
        return None

    def next_opening(self, now: datetime) -> datetime | None:
        """The start of the next staffed window after `now`; None when never staffed."""
        here = self.local(now)
        for offset in range(8):
            day = here.date() + timedelta(days=offset)
            for start, _ in sorted(self.weekly.get(day.weekday(), ())):
                opening = datetime.combine(day, start, self.time_zone)
                if opening > here:
                    return opening
        return None

    def when_someone_is_back(self, now: datetime) -> str:
        """Plain words for the next opening: "today at 9:00", "on Monday at 9:00"."""
        opening = self.next_opening(now)
        if opening is None:
            return "when the team is next in"
        return f"{_day_words(self.local(now).date(), opening.date())} at {_clock(opening.time())}"

    def describe(self) -> str:
        """The week in one line: "Monday to Friday 9:00 to 17:00 (America/New_York time)"."""
        if not self.weekly:
            return "no staffed hours"
        groups: list[tuple[list[int], tuple[Window, ...]]] = []
        for day in range(7):
            windows = self.weekly.get(day, ())
            if groups and groups[-1][1] == windows and groups[-1][0][-1] == day - 1:
                groups[-1][0].append(day)
            else:
                groups.append(([day], windows))
        parts = [
            f"{_day_range(days)} {', '.join(f'{_clock(s)} to {_clock(e)}' for s, e in windows)}"
            for days, windows in groups
            if windows
        ]
        return f"{'; '.join(parts)} ({self.time_zone.key} time)"


@dataclass(frozen=True)
class HandoffSettings:
    """What `center.yml` says about reaching a person."""

    staffed_hours: StaffedHours
    join_wait_seconds: int = DEFAULT_JOIN_WAIT_SECONDS
    take_callback_requests: bool = False

    def callbacks_seen(self, webhook_configured: bool) -> bool:
        """True when a call-back request lands where a person looks: the console's
        call-back list (the center said it reads it) or the center's own tool through
        the webhook. Nothing may promise a call back otherwise."""
        return self.take_callback_requests or webhook_configured


def load_handoff_settings(path: Path = CENTER_FILE) -> HandoffSettings:
    raw = (yaml.safe_load(path.read_text()) or {}).get("handoff")
    if raw is None:
        return HandoffSettings(StaffedHours(ZoneInfo("UTC")))
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: 'handoff' must be a mapping")
    wait_minutes = raw.get("join_wait_minutes", DEFAULT_JOIN_WAIT_SECONDS / 60)
    if not isinstance(wait_minutes, (int, float)) or not 0 < wait_minutes <= 60:
        raise ValueError(f"{path}: handoff.join_wait_minutes must be a number from 0 to 60")
    return HandoffSettings(
        staffed_hours=parse_staffed_hours(raw.get("time_zone"), raw.get("staffed_hours"), path),
        join_wait_seconds=round(wait_minutes * 60),
        take_callback_requests=bool(raw.get("take_callback_requests", False)),
    )


class HandoffSettingsFile:
    """The `handoff:` section for a process that runs for days (the gateway): read again
    whenever the file changes, as the action server reads it at each question. A center
    that stops taking call-back requests, or changes its hours or join wait, is obeyed at
    once: no process goes on promising a call back that nobody would see.

    An invalid file at start fails (the gateway must not start on it); an edit that
    makes it invalid keeps the last valid settings, and the error is logged each time
    the file changes.
    """

    def __init__(self, path: Path = CENTER_FILE) -> None:
        self.path = path
        self._stamp = self._file_stamp()
        self._settings = load_handoff_settings(path)

    def current(self) -> HandoffSettings:
        stamp = self._file_stamp()
        if stamp != self._stamp:
            self._stamp = stamp
            try:
                self._settings = load_handoff_settings(self.path)
            except (OSError, ValueError, yaml.YAMLError) as error:
                log.error("%s is not valid, the hand-off keeps its last settings: %s",
                          self.path, error)
        return self._settings

    def _file_stamp(self) -> tuple[int, int] | None:
        try:
            status = self.path.stat()
        except OSError:
            return None
        return status.st_mtime_ns, status.st_size


def parse_staffed_hours(zone: Any, hours: Any, path: Path = CENTER_FILE) -> StaffedHours:
    """`hours` maps a day name to "09:00-17:00" (or several, comma-separated, or null)."""
    try:
        time_zone = ZoneInfo(str(zone))
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"{path}: handoff.time_zone {zone!r} is not a time zone such as America/New_York"
        ) from None
    if hours is None:
        return StaffedHours(time_zone)
    if not isinstance(hours, dict):
        raise ValueError(f"{path}: handoff.staffed_hours must map day names to hours")
    unknown = sorted(set(hours) - set(DAYS))
    if unknown:
        raise ValueError(f"{path}: handoff.staffed_hours: unknown days {unknown}; use {DAYS}")
    weekly = {
        DAYS.index(day): _windows(day, text, path) for day, text in hours.items() if text
    }
    return StaffedHours(time_zone, MappingProxyType(weekly))


def _windows(day: str, text: Any, path: Path) -> tuple[Window, ...]:
    windows = []
    for part in str(text).split(","):
        try:
            start_text, end_text = part.strip().split("-")
            start, end = time.fromisoformat(start_text.strip()), _end(end_text.strip())
        except ValueError:
            raise ValueError(
                f"{path}: handoff.staffed_hours.{day}: {part.strip()!r} is not like 09:00-17:00"
            ) from None
        if end <= start:
            raise ValueError(f"{path}: handoff.staffed_hours.{day}: {part.strip()!r} ends "
                             "before it starts")
        windows.append((start, end))
    return tuple(sorted(windows))


def _end(text: str) -> time:
    # "24:00" closes a day that is staffed until midnight.
    return time.max if text == "24:00" else time.fromisoformat(text)


def _clock(moment: time) -> str:
    return "midnight" if moment == time.max else f"{moment.hour}:{moment.minute:02d}"


def _day_words(today: date, day: date) -> str:
    if day == today:
        return "today"
    if day == today + timedelta(days=1):
        return "tomorrow"
    return f"on {DAYS[day.weekday()].capitalize()}"


def _day_range(days: list[int]) -> str:
    names = [DAYS[day].capitalize() for day in days]
    return names[0] if len(names) == 1 else f"{names[0]} to {names[-1]}"
