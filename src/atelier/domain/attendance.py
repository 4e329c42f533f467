"""Attendance: the roll call of each half day, its values and its legal limits.

A session is a morning ("am") or an afternoon ("pm"): present for some whole
minutes, or absent with a reason. The day and week limits are those of the
CEP, which are also the general limits of French labour law for a CDDI.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Final, Literal, get_args

import attrs

from atelier.domain import bounds, roles
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

#: What a role that may not read absence reasons sees instead of a person's reason:
#: "absence justifiée". Court, lawyer, medical and sick are judicial or health data, and
#: any other personal reason grouped with them tells nothing of which it was.
JUSTIFIED: Final = "justified"
#: Reasons that say nothing of the person (the workshop closed, the prison locked down):
#: every reader sees them.
WORKSHOP_REASONS: frozenset[str] = frozenset({"workshop_closed", "lockdown"})
#: A reason as a reader sees it.
ShownReason = AbsenceReason | Literal["justified"]
#: Every reason a reader may see, in order (the grouped one last).
SHOWN_REASONS: tuple[ShownReason, ...] = (*ABSENCE_REASONS, JUSTIFIED)

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
    #: Why absent (None: present); as the reader's role may see it (:func:`shown_reason`).
    reason: ShownReason | None
    recorded_by: str


# -- who reads absence reasons ---------------------------------------------------------------


def reads_absence_reasons(role: str) -> bool:
    """Whether ``role`` sees why a trainee was absent: those who take the roll call and
    those who hold the trainees' personal data; the others see :data:`JUSTIFIED`."""
    return roles.allows(role, roles.ATTENDANCE) or roles.allows(role, roles.PERSONAL_DATA)


def shown_reason(reason: ShownReason | None, role: str) -> ShownReason | None:
    """``reason`` as ``role`` may see it (None stays None: a present session)."""
    if reason is None or reason in WORKSHOP_REASONS or reads_absence_reasons(role):
        return reason
    return JUSTIFIED


def shown_entries(found: Iterable[AttendanceEntry], role: str) -> list[AttendanceEntry]:
    """Sessions, each absence's reason as ``role`` may see it."""
    if reads_absence_reasons(role):
        return list(found)
    return [attrs.evolve(e, reason=shown_reason(e.reason, role)) for e in found]


def shown_audit_values(values: object, role: str) -> object:
    """An attendance audit record's ``before`` or ``after``, its reason as ``role`` may
    see it."""
    if not isinstance(values, Mapping) or "reason" not in values or reads_absence_reasons(
            role):
        return values
    return {**values, "reason": shown_reason(values["reason"], role)}
