"""center.yml's hand-off section: when a person can answer, in the center's time."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from harbor.staffed_hours import HandoffSettingsFile, load_handoff_settings, parse_staffed_hours

NEW_YORK = ZoneInfo("America/New_York")
WEEKDAYS = {day: "09:00-17:00" for day in ("monday", "tuesday", "wednesday", "thursday",
                                            "friday")}


@pytest.fixture
def office_hours():
    return parse_staffed_hours("America/New_York", WEEKDAYS)


def at(text: str) -> datetime:
    """A moment in New York time; 2026-11-30 is a Monday."""
    return datetime.fromisoformat(text).replace(tzinfo=NEW_YORK)


@pytest.mark.parametrize(
    ("moment", "staffed"),
    [("2026-11-30 09:00", True), ("2026-11-30 16:59", True), ("2026-11-30 17:00", False),
     ("2026-11-30 08:59", False), ("2026-11-28 12:00", False), ("2026-12-04 12:00", True)],
    ids=["opening minute", "last minute", "closing minute", "before opening", "saturday",
         "friday"],
)
def test_a_moment_is_staffed_only_inside_a_window(office_hours, moment, staffed):
    assert office_hours.is_staffed(at(moment)) is staffed


def test_hours_are_read_in_the_centers_zone_whatever_zone_the_clock_is_in(office_hours):
    # 14:30 UTC on a Monday in winter is 9:30 in New York.
    assert office_hours.is_staffed(datetime(2026, 11, 30, 14, 30, tzinfo=timezone.utc))


@pytest.mark.parametrize(
    ("moment", "words"),
    [("2026-11-28 10:00", "on Monday at 9:00"), ("2026-11-30 07:00", "today at 9:00"),
     ("2026-11-30 18:00", "tomorrow at 9:00"), ("2026-12-04 18:00", "on Monday at 9:00")],
    ids=["saturday", "early monday", "monday evening", "friday evening"],
)
def test_the_next_opening_is_said_in_plain_words(office_hours, moment, words):
    assert office_hours.when_someone_is_back(at(moment)) == words


def test_the_week_is_described_in_one_line(office_hours):
    assert office_hours.describe() == "Monday to Friday 9:00 to 17:00 (America/New_York time)"


def test_staffed_until_gives_the_end_of_the_current_window(office_hours):
    assert office_hours.staffed_until(at("2026-11-30 10:00")) == at("2026-11-30 17:00")
    assert office_hours.staffed_until(at("2026-11-30 18:00")) is None


def test_a_day_staffed_until_midnight_is_staffed_at_23_59():
    hours = parse_staffed_hours("UTC", {"sunday": "20:00-24:00"})

    assert hours.is_staffed(datetime(2026, 11, 29, 23, 59, tzinfo=timezone.utc))


def test_the_shipped_center_file_has_weekday_hours_and_a_three_minute_wait():
    settings = load_handoff_settings()

    assert settings.join_wait_seconds == 180
    assert settings.staffed_hours.is_staffed(at("2026-11-30 12:00"))


@pytest.mark.parametrize(
    ("section", "error"),
    [("time_zone: Mars/Olympus\n", "not a time zone"),
     ("time_zone: UTC\n  staffed_hours:\n    funday: 09:00-17:00\n", "unknown days"),
     ("time_zone: UTC\n  staffed_hours:\n    monday: nine to five\n", "not like 09:00-17:00"),
     ("time_zone: UTC\n  staffed_hours:\n    monday: 17:00-09:00\n", "ends before it starts"),
     ("time_zone: UTC\n  join_wait_minutes: -1\n", "join_wait_minutes")],
    ids=["zone", "day name", "hours text", "reversed window", "negative wait"],
)
def test_a_malformed_handoff_section_is_a_clear_error(tmp_path: Path, section, error):
    path = tmp_path / "center.yml"
    path.write_text(f"name: H\nhandoff:\n  {section}")

    with pytest.raises(ValueError, match=error):
        load_handoff_settings(path)


# --- the gateway's copy: read again whenever the file changes --------------------------

def center_file(path: Path, wait_minutes: float, take_requests: bool) -> Path:
    path.write_text(
        "name: H\nhandoff:\n  time_zone: UTC\n"
        f"  join_wait_minutes: {wait_minutes}\n"
        f"  take_callback_requests: {str(take_requests).lower()}\n")
    return path


def test_the_settings_file_gives_what_the_file_says(tmp_path: Path):
    source = HandoffSettingsFile(center_file(tmp_path / "center.yml", 10, True))

    assert (source.current().join_wait_seconds, source.current().take_callback_requests) \
        == (600, True)


def test_an_edited_file_is_read_again_without_a_restart(tmp_path: Path):
    path = center_file(tmp_path / "center.yml", 10, True)
    source = HandoffSettingsFile(path)

    center_file(path, 2.5, False)

    assert (source.current().join_wait_seconds, source.current().take_callback_requests) \
        == (150, False)


def test_an_edit_that_breaks_the_file_keeps_the_last_valid_settings(tmp_path: Path, caplog):
    path = center_file(tmp_path / "center.yml", 10, True)
    source = HandoffSettingsFile(path)

    path.write_text("name: H\nhandoff:\n  time_zone: Mars/Olympus\n")

    assert source.current().join_wait_seconds == 600
    assert "keeps its last settings" in caplog.text


def test_an_invalid_file_at_start_is_a_clear_error(tmp_path: Path):
    path = tmp_path / "center.yml"
    path.write_text("name: H\nhandoff:\n  join_wait_minutes: 0\n")

    with pytest.raises(ValueError, match="join_wait_minutes"):
        HandoffSettingsFile(path)
