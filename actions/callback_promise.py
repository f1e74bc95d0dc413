"""What the visitor is told after a call-back request: when, honestly, from staffed hours.

A person in distress who is promised a call and never gets one is the worst outcome
this product can have, so the promise is built from the same `handoff:` section of
`center.yml` the console's people work by, and a request is only taken when someone
will see it (`HandoffSettings.callbacks_seen`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from harbor.staffed_hours import DAYS, StaffedHours

# Asked this close to the end of a staffed window, "today" is not a promise we can keep.
LAST_CALL_MARGIN = timedelta(minutes=30)


def expected_contact(hours: StaffedHours, now: datetime, by_email: bool) -> str:
    """One or two sentences: when the team gets back to people, and so when to expect it."""
    reply = "an email" if by_email else "a call"
    if not hours.weekly:
        return f"Someone from the team will get back to you, so expect {reply} as soon as they can."
    window = f"The team gets back to people {hours.describe()}."
    here = hours.local(now)
    until = hours.staffed_until(now)
    if until is not None and until - here >= LAST_CALL_MARGIN:
        return f"{window} You asked during those hours, so expect {reply} today."
    opening = hours.next_opening(until or now)
    if opening is None:  # cannot happen with weekly hours; kept honest all the same
        return f"{window} Expect {reply} when the team is next in."
    day = _day_words(here, opening)
    if day == "today":
        return f"{window} The team starts at {opening:%-H:%M} today, so expect {reply} then."
    return f"{window} You asked on {DAYS[here.weekday()].capitalize()}, so expect {reply} {day}."


def _day_words(here: datetime, opening: datetime) -> str:
    days = (opening.date() - here.date()).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"on {DAYS[opening.weekday()].capitalize()}"
