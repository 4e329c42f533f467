"""Hours of the trainees: attendance, time entries, monthly figures and their limits.

Everything is counted in whole minutes (never floats). A month is written
"YYYY-MM"; a validated month is locked and only dated corrections add to it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import attrs

from atelier.domain.errors import InvalidInput, RuleViolation

MORNING, AFTERNOON = "am", "pm"
SESSIONS = (MORNING, AFTERNOON)
#: Minutes of a present session when none are given: a half day of three hours.
DEFAULT_SESSION_MINUTES = 180

#: Why a trainee was absent from a session (detention interrupts work often).
ABSENCE_REASONS = ("visit", "medical", "court", "lawyer", "training", "transfer", "release",
                   "workshop_closed", "lockdown", "sick", "other")

OPERATION = "operation"
#: What a time entry was spent on; an operation names the order it was done for.
ACTIVITIES = (OPERATION, "training", "cleaning", "non_productive")

#: At most 10 hours of attendance a day and 48 a week (ISO week): the CEP rules,
#: which are also the general limits of French labour law for a CDDI.
MAX_DAILY_MINUTES = 10 * 60
MAX_WEEKLY_MINUTES = 48 * 60
#: Largest correction of one month for one trainee (either sign): a whole month of hours.
MAX_CORRECTION_MINUTES = 300 * 60
MAX_REASON_LENGTH = 500
MAX_NOTE_LENGTH = 500

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_month(value: str, field: str = "month") -> str:
    """``value`` as a month "YYYY-MM" (checked), or InvalidInput naming ``field``."""
    match = _MONTH.match(value.strip()) if isinstance(value, str) else None
    if match is None or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
        raise InvalidInput(field, "expected a month as YYYY-MM (e.g. 2026-03)", value=value,
                           code="month_invalid")
    return f"{match.group(1)}-{match.group(2)}"


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    """The first day of ``month`` and the first day of the next one."""
    year, number = int(month[:4]), int(month[5:7])
    first = dt.date(year, number, 1)
    following = dt.date(year + number // 12, number % 12 + 1, 1)
    return first, following


def month_of(day: dt.date) -> str:
    """The month ("YYYY-MM") a day belongs to."""
    return f"{day.year:04d}-{day.month:02d}"


def parse_day(value: dt.date | str, field: str = "day") -> dt.date:
    """A date given as ``datetime.date`` or "YYYY-MM-DD"; InvalidInput naming ``field``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DAY.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InvalidInput(field, "expected a date as YYYY-MM-DD (e.g. 2026-03-02)", value=value,
                       code="date_invalid")


def week_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """The Monday of ``day``'s ISO week and the Monday after."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=7)


def check_session(session: str) -> str:
    """``session`` if it is "am" or "pm"."""
    if session not in SESSIONS:
        raise InvalidInput("session", "must be am (morning) or pm (afternoon)", value=session,
                           code="session_invalid")
    return session


def check_minutes(minutes: int, field: str = "minutes", *, low: int = 1,
                  high: int = MAX_DAILY_MINUTES) -> int:
    """Whole minutes between ``low`` and ``high``."""
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not low <= minutes <= high:
        raise InvalidInput(field, f"whole minutes between {low} and {high}", value=minutes,
                           code="minutes_range", low=low, high=high)
    return minutes


def attendance_value(present: bool, minutes: int | None,
                     reason: str | None) -> tuple[int, str | None]:
    """The minutes and reason to store for a session, checked.

    Present: minutes (default :data:`DEFAULT_SESSION_MINUTES`), no reason.
    Absent: a reason from :data:`ABSENCE_REASONS`; the minutes are those the
    absence cost (default a half day) and never count as attended.
    """
    if present:
        if reason is not None:
            raise InvalidInput("reason", "a present session has no absence reason",
                               value=reason, code="reason_unexpected")
    elif reason not in ABSENCE_REASONS:
        raise InvalidInput("reason", "an absence needs a reason: " + ", ".join(ABSENCE_REASONS),
                           value=reason, code="absence_reason_invalid",
                           reasons=", ".join(ABSENCE_REASONS))
    chosen = DEFAULT_SESSION_MINUTES if minutes is None else minutes
    return check_minutes(chosen), reason


def check_activity(activity: str, order: str | None) -> str:
    """A known activity; an operation needs the order it was done for."""
    if activity not in ACTIVITIES:
        raise InvalidInput("activity", "must be one of " + ", ".join(ACTIVITIES), value=activity,
                           code="activity_invalid", activities=", ".join(ACTIVITIES))
    if activity == OPERATION and not order:
        raise InvalidInput("order", "time on an operation names its order (--order)",
                           code="order_required")
    return activity


def check_text(value: str | None, field: str, limit: int, *, required: bool = False) -> str | None:
    """A free text trimmed, at most ``limit`` characters; None when empty and optional."""
    text = (value or "").strip()
    if not text:
        if required:
            raise InvalidInput(field, "required", code=f"{field}_required", field_name=field)
        return None
    if len(text) > limit:
        raise InvalidInput(field, f"at most {limit} characters", code="text_too_long",
                           limit=limit)
    return text


def check_daily(trainee: str, day: dt.date, attended: int) -> None:
    """Refuse more than :data:`MAX_DAILY_MINUTES` of attendance in a day."""
    if attended > MAX_DAILY_MINUTES:
        raise RuleViolation(
            f"{trainee} on {day.isoformat()}: {attended} minutes of attendance exceed the "
            f"{MAX_DAILY_MINUTES} of a day", code="hours_limit", rule="max_daily",
            trainee=trainee, day=day.isoformat(), minutes=attended, limit=MAX_DAILY_MINUTES)


def check_weekly(trainee: str, day: dt.date, attended: int) -> None:
    """Refuse more than :data:`MAX_WEEKLY_MINUTES` of attendance in ``day``'s ISO week."""
    if attended > MAX_WEEKLY_MINUTES:
        monday, _ = week_bounds(day)
        raise RuleViolation(
            f"{trainee}, week of {monday.isoformat()}: {attended} minutes of attendance exceed "
            f"the {MAX_WEEKLY_MINUTES} of a week", code="hours_limit", rule="max_weekly",
            trainee=trainee, day=monday.isoformat(), minutes=attended, limit=MAX_WEEKLY_MINUTES)


def check_correction(minutes: int) -> int:
    """A signed, non-zero correction of at most :data:`MAX_CORRECTION_MINUTES`."""
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes == 0 \
            or abs(minutes) > MAX_CORRECTION_MINUTES:
        raise InvalidInput("minutes", "a correction is a non-zero number of whole minutes, "
                           f"at most {MAX_CORRECTION_MINUTES} either way", value=minutes,
                           code="correction_range", high=MAX_CORRECTION_MINUTES)
    return minutes


@attrs.frozen
class AttendanceEntry:
    """One session of one trainee: present (minutes attended) or absent (reason)."""

    trainee: str
    day: dt.date
    session: str
    present: bool
    minutes: int
    reason: str | None
    recorded_by: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"trainee": self.trainee, "day": self.day.isoformat(), "session": self.session,
                "present": self.present, "minutes": self.minutes, "reason": self.reason,
                "recorded_by": self.recorded_by}


@attrs.frozen
class TimeEntry:
    """Time a trainee spent on an activity one day (an operation names its order)."""

    id: int
    trainee: str
    day: dt.date
    activity: str
    minutes: int
    order: str | None
    operation: str | None
    note: str | None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"id": self.id, "trainee": self.trainee, "day": self.day.isoformat(),
                "activity": self.activity, "minutes": self.minutes, "order": self.order,
                "operation": self.operation, "note": self.note}


@attrs.frozen
class Correction:
    """A dated correction of a validated month (signed minutes): never an edit."""

    month: str
    trainee: str
    minutes: int
    reason: str
    recorded_on: dt.date
    recorded_by: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"month": self.month, "trainee": self.trainee, "minutes": self.minutes,
                "reason": self.reason, "recorded_on": self.recorded_on.isoformat(),
                "recorded_by": self.recorded_by}


@attrs.frozen
class Absences:
    """Absent sessions of a month for one reason, and the minutes they cost."""

    reason: str
    sessions: int
    minutes: int


@attrs.frozen
class MonthHours:
    """A trainee's month: the figure the funder asks for, and how it is made.

    ``total_minutes`` is the attended minutes (present sessions) plus the
    corrections; ``unallocated_minutes`` is what attendance holds beyond the
    time entries and work records; ``days_to_reconcile`` are days with time
    recorded but no attendance.
    """

    month: str
    trainee: str
    attended_minutes: int
    absences: tuple[Absences, ...]
    activities: Mapping[str, int]
    corrections: tuple[Correction, ...]
    locked: bool
    days_to_reconcile: tuple[dt.date, ...]

    @property
    def entries_minutes(self) -> int:
        """Minutes of time entries and work records of the month."""
        return sum(self.activities.values())

    @property
    def unallocated_minutes(self) -> int:
        """Attended minutes not (yet) given to an activity (negative if entries exceed it)."""
        return self.attended_minutes - self.entries_minutes

    @property
    def corrections_minutes(self) -> int:
        """The sum of the month's corrections (signed)."""
        return sum(c.minutes for c in self.corrections)

    @property
    def total_minutes(self) -> int:
        """Attended minutes plus corrections: the month's hours."""
        return self.attended_minutes + self.corrections_minutes

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, with the derived figures."""
        return {"month": self.month, "trainee": self.trainee,
                "attended_minutes": self.attended_minutes,
                "absences": {a.reason: {"sessions": a.sessions, "minutes": a.minutes}
                             for a in self.absences},
                "activities": dict(self.activities),
                "entries_minutes": self.entries_minutes,
                "unallocated_minutes": self.unallocated_minutes,
                "corrections": [c.as_dict() for c in self.corrections],
                "corrections_minutes": self.corrections_minutes,
                "total_minutes": self.total_minutes, "locked": self.locked,
                "days_to_reconcile": [d.isoformat() for d in self.days_to_reconcile]}


def format_minutes(minutes: int) -> str:
    """Minutes as hours and minutes, e.g. ``151 h 40`` (``-0 h 30`` for a negative)."""
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours} h {rest:02d}"
