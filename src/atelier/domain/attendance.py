"""Attendance: the roll call of each half day, its values and its legal limits.

A session is a morning ("am") or an afternoon ("pm"): present for some whole
minutes, or absent with a reason. The day and week limits are those of the
CEP, which are also the general limits of French labour law for a CDDI.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Final, Literal, get_args

import attrs

from atelier.domain import bounds
from atelier.domain.errors import InvalidInput, RuleViolation

#: A half day: the morning or the afternoon.
Session = Literal["am", "pm"]
MORNING: Final = "am"
AFTERNOON: Final = "pm"
SESSIONS: tuple[Session, ...] = get_args(Session)
#: Minutes of a present session when none are given: a half day of three hours.
DEFAULT_SESSION_MINUTES = 180

#: Why a trainee was absent from a session (detention interrupts work often).
AbsenceReason = Literal["visit", "medical", "court", "lawyer", "training", "transfer",
                        "release", "workshop_closed", "lockdown", "sick", "other"]
ABSENCE_REASONS: tuple[AbsenceReason, ...] = get_args(AbsenceReason)

#: At most 10 hours of attendance a day and 48 a week (ISO week).
MAX_DAILY_MINUTES = 10 * 60
MAX_WEEKLY_MINUTES = 48 * 60


def week_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """The Monday of ``day``'s ISO week and the Monday after."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=7)


def check_session(session: str) -> Session:
    """``session`` if it is "am" or "pm"."""
    return bounds.choice(session, SESSIONS, "session", code="session_invalid",
                         reason="must be am (morning) or pm (afternoon)")


def check_minutes(minutes: int, field: str = "minutes", *, low: int = 1,
                  high: int = MAX_DAILY_MINUTES) -> int:
    """Whole minutes between ``low`` and ``high``."""
    return bounds.integer(minutes, field, low, high, code="minutes_range")


def attendance_value(present: bool, minutes: int | None,
                     reason: str | None) -> tuple[int, AbsenceReason | None]:
    """The minutes and reason to store for a session, checked.

    Present: minutes (default :data:`DEFAULT_SESSION_MINUTES`), no reason.
    Absent: a reason from :data:`ABSENCE_REASONS`; the minutes are those the
    absence cost (default a half day) and never count as attended.
    """
    shown = reason if reason is None or isinstance(reason, str) else repr(reason)[:40]
    if present:
        if reason is not None:
            raise InvalidInput("reason", "a present session has no absence reason",
                               value=shown, code="reason_unexpected")
    elif reason not in ABSENCE_REASONS:
        raise InvalidInput("reason", "an absence needs a reason: " + ", ".join(ABSENCE_REASONS),
                           value=shown, code="absence_reason_invalid",
                           reasons=", ".join(ABSENCE_REASONS))
    chosen = DEFAULT_SESSION_MINUTES if minutes is None else minutes
    return check_minutes(chosen), reason


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


def check_roll_call(trainees: Sequence[str]) -> None:
    """A roll call names at least one trainee."""
    if not trainees:
        raise InvalidInput("trainee", "name at least one trainee", code="trainee_required")


def check_not_below_recorded(trainee: str, day: dt.date, before: int, after: int,
                             recorded: int) -> None:
    """Lowering a day's attendance below the time already recorded on it is refused;
    raising one still short of it is how a day to reconcile gets its attendance, a
    session at a time."""
    if after < before and after < recorded:
        raise RuleViolation(
            f"{trainee} on {day.isoformat()}: {recorded} minutes are already recorded, "
            f"attendance cannot go down to {after}", code="attendance_below_recorded",
            trainee=trainee, day=day.isoformat(), attended=after, recorded=recorded)


@attrs.frozen
class AttendanceEntry:
    """One session of one trainee: present (minutes attended) or absent (reason)."""

    trainee: str
    day: dt.date
    session: Session
    present: bool
    minutes: int
    reason: AbsenceReason | None
    recorded_by: str
