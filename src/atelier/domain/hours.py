"""Hours of the trainees: time entries, monthly figures, the pathway bounding them.

Everything is counted in whole minutes (never floats). A month is written
"YYYY-MM"; a validated month is locked and only dated corrections add to it.
The roll call itself (sessions, limits) is in :mod:`atelier.domain.attendance`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import ClassVar, Final, Literal, get_args

import attrs

from atelier.domain import bounds

# Re-exported: the hours values and vocabularies have always been read from here.
from atelier.domain.attendance import ABSENCE_REASONS as ABSENCE_REASONS
from atelier.domain.attendance import SESSIONS as SESSIONS
from atelier.domain.attendance import SHOWN_REASONS, reads_absence_reasons, shown_reason
from atelier.domain.attendance import AttendanceEntry as AttendanceEntry
from atelier.domain.durations import format_minutes as format_minutes
from atelier.domain.errors import InvalidInput, RuleViolation
from atelier.domain.people import check_active

#: What a time entry was spent on; an operation names the order and the operation done.
Activity = Literal["operation", "training", "cleaning", "non_productive"]
OPERATION: Final = "operation"
ACTIVITIES: tuple[Activity, ...] = get_args(Activity)

#: Largest correction of one month for one trainee (either sign): a whole month of hours.
MAX_CORRECTION_MINUTES = 300 * 60
MAX_REASON_LENGTH = 500
MAX_NOTE_LENGTH = 500

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_month(value: str, field: str = "month") -> str:
    """``value`` as a month "YYYY-MM" (checked), or InvalidInput naming ``field``."""
    match = _MONTH.match(value.strip()) if isinstance(value, str) else None
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise InvalidInput(field, "expected a month as YYYY-MM (e.g. 2026-03)",
                           value=value if isinstance(value, str) else repr(value)[:40],
                           code="month_invalid")
    if not bounds.FIRST_DAY.year <= int(match.group(1)) <= bounds.LAST_DAY.year:
        low, high = bounds.FIRST_DAY.strftime("%Y-%m"), bounds.LAST_DAY.strftime("%Y-%m")
        raise InvalidInput(field, f"a month from {low} to {high}", value=value,
                           code="month_range", low=low, high=high)
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
    if isinstance(value, dt.date):
        return bounds.day(value, field)
    if isinstance(value, str) and _DAY.match(value.strip()):
        try:
            parsed = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise _no_such_day(value.strip(), field) from None
        return bounds.day(parsed, field)
    raise InvalidInput(field, "expected a date as YYYY-MM-DD (e.g. 2026-03-02)",
                       value=value if isinstance(value, str) else repr(value)[:40],
                       code="date_invalid")


def _no_such_day(value: str, field: str) -> InvalidInput:
    """A date written the right way that is not in the calendar (``2026-02-30``)."""
    year, month = int(value[:4]), int(value[5:7])
    if year == 0:  # before the first day anyway: say the range, as for any far date
        low, high = bounds.FIRST_DAY.isoformat(), bounds.LAST_DAY.isoformat()
        return InvalidInput(field, f"a day from {low} to {high}", value=value,
                            code="day_range", low=low, high=high)
    if not 1 <= month <= 12:
        return InvalidInput(field, f"{value} does not exist: there is no month {month:02d}",
                            value=value, code="date_no_such_month", month=f"{month:02d}")
    first, following = month_bounds(f"{year:04d}-{month:02d}")
    days = (following - first).days
    return InvalidInput(field, f"{value} does not exist: {year:04d}-{month:02d} has {days} days",
                        value=value, code="date_no_such_day", month=f"{year:04d}-{month:02d}",
                        days=days)


def check_open(month: str, locked: bool) -> None:
    """Refuse a change dated in ``month`` once it is validated (only corrections add to it)."""
    if locked:
        raise RuleViolation(f"month {month} is validated: record a correction instead",
                            code="month_locked", month=month)


def check_month_over(month: str, today: dt.date) -> None:
    """Refuse to validate ``month`` before its last day: hours would still come in."""
    start, following = month_bounds(month)
    if start > today:
        raise RuleViolation(f"month {month} has not begun", code="month_not_begun", month=month)
    last = following - dt.timedelta(days=1)
    if last > today:
        raise RuleViolation(f"month {month} is not over: it can be validated from "
                            f"{last.isoformat()}", code="month_not_over", month=month,
                            last=last.isoformat())


def check_covered(trainee: str, day: dt.date, first_start: dt.date | None,
                  exit_on: dt.date | None) -> None:
    """Refuse hours on a day outside the trainee's pathway.

    A day is covered from the start of the trainee's first contract to their
    exit (included). A contract's planned end does not bound it: renewals are
    often typed late, and the hours worked meanwhile are real.
    """
    if first_start is None:
        raise RuleViolation(f"{trainee} has no contract: record one before their hours",
                            code="trainee_without_contract", trainee=trainee,
                            day=day.isoformat())
    if day < first_start or (exit_on is not None and day > exit_on):
        until = "…" if exit_on is None else exit_on.isoformat()
        raise RuleViolation(
            f"{trainee} on {day.isoformat()}: outside the pathway ({first_start.isoformat()} "
            f"→ {until}), hours count from the first contract's start to the exit",
            code="day_outside_contract", trainee=trainee, day=day.isoformat(),
            start=first_start.isoformat(), exit=None if exit_on is None else exit_on.isoformat(),
            period=f"{first_start.isoformat()} → {until}")


def check_activity(activity: str, order: str | None, operation: str | None) -> Activity:
    """A known activity; an operation names the order and the operation done (the skill
    gate is checked on the operation: without it, any work would pass as "operation")."""
    checked = bounds.choice(activity, ACTIVITIES, "activity", code="activity_invalid",
                            activities=", ".join(ACTIVITIES))
    if (activity == OPERATION or operation is not None) and not order:
        raise InvalidInput("order", "time on an operation names its order (--order)",
                           code="order_required")
    if activity == OPERATION and not operation:
        raise InvalidInput("operation", "time on an operation names the operation done "
                           "(--operation)", code="operation_required")
    return checked


def check_text(value: str | None, field: str, limit: int, *, required: bool = False) -> str | None:
    """A free text trimmed, at most ``limit`` characters (line breaks allowed, no other
    control character); None when empty and optional."""
    if value is not None and not isinstance(value, str):
        raise InvalidInput(field, "must be text", code="not_text")
    text = (value or "").strip()
    if not text:
        if required:
            raise InvalidInput(field, "required", code=f"{field}_required", field_name=field)
        return None
    if len(text) > limit:
        raise InvalidInput(field, f"at most {limit} characters", code="text_too_long",
                           limit=limit)
    return bounds.text(text, field, limit, multiline=True)


def check_correction(minutes: int) -> int:
    """A signed, non-zero correction of at most :data:`MAX_CORRECTION_MINUTES`."""
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes == 0 \
            or abs(minutes) > MAX_CORRECTION_MINUTES:
        raise InvalidInput("minutes", "a correction is a non-zero number of whole minutes, "
                           f"at most {MAX_CORRECTION_MINUTES} either way", value=minutes,
                           code="correction_range", high=MAX_CORRECTION_MINUTES)
    return minutes


@attrs.frozen
class DayBudget:
    """What time recorded on a trainee's day must fit, read at once under the row lock.

    ``attended`` is None when no session is recorded that day; ``recorded`` is
    the minutes of time entries and work records already on it.
    """

    locked: bool
    attended: int | None
    recorded: int
    active: bool
    first_start: dt.date | None
    exit_on: dt.date | None


@attrs.frozen
class TimeEntry:
    """Time a trainee spent on an activity one day (an operation names its order)."""

    id: int
    trainee: str
    day: dt.date
    activity: Activity
    minutes: int
    order: str | None
    operation: str | None
    note: str | None


@attrs.frozen
class Correction:
    """A dated correction of a validated month (signed minutes): never an edit."""

    month: str
    trainee: str
    minutes: int
    #: Why; None when the reader's role may not see free-text notes.
    reason: str | None
    recorded_on: dt.date
    recorded_by: str


@attrs.frozen
class Absences:
    """Absent sessions of a month for one reason, and the minutes they cost."""

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

    DERIVED: ClassVar[tuple[str, ...]] = ("entries_minutes", "unallocated_minutes",
                                          "corrections_minutes", "total_minutes")

    month: str
    trainee: str
    attended_minutes: int
    #: Absent sessions by reason (in the order of :data:`ABSENCE_REASONS`; for a role that
    #: may not read reasons, a person's reasons grouped as "justified": :func:`shown_month`).
    absences: Mapping[str, Absences]
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


def shown_month(month: MonthHours, role: str) -> MonthHours:
    """``month`` with its absences as ``role`` may see them: the reasons it may not read
    counted together under :data:`~atelier.domain.attendance.JUSTIFIED`."""
    if reads_absence_reasons(role):
        return month
    grouped: dict[str, Absences] = {}
    for reason, counted in month.absences.items():
        shown = str(shown_reason(reason, role))  # type: ignore[arg-type]
        before = grouped.get(shown, Absences(0, 0))
        grouped[shown] = Absences(before.sessions + counted.sessions,
                                  before.minutes + counted.minutes)
    return attrs.evolve(month, absences={r: grouped[r] for r in SHOWN_REASONS if r in grouped})


# -- rules of the use cases on hours -------------------------------------------------------


def check_day(trainee: str, day: dt.date, budget: DayBudget) -> None:
    """Hours may go on ``day``: within the trainee's pathway, the trainee still active
    (read under the row lock, after any exit committed meanwhile), the month open."""
    check_covered(trainee, day, budget.first_start, budget.exit_on)
    check_active(trainee, budget.active)
    check_open(month_of(day), budget.locked)


def check_fits_day(trainee: str, day: dt.date, budget: DayBudget, minutes: int) -> None:
    """Refuse ``minutes`` more on ``day`` when attendance is recorded that day and the
    time already recorded plus them would exceed it ("day_exceeds_attendance"). A day
    without attendance passes: it shows in the month's days to reconcile."""
    check_day(trainee, day, budget)
    if budget.attended is not None and budget.recorded + minutes > budget.attended:
        raise RuleViolation(
            f"{trainee} on {day.isoformat()}: {budget.recorded} + {minutes} minutes recorded "
            f"would exceed the {budget.attended} minutes attended",
            code="day_exceeds_attendance", trainee=trainee, day=day.isoformat(),
            attended=budget.attended, recorded=budget.recorded, adding=minutes)


def check_not_future(day: dt.date, today: dt.date, what: str) -> None:
    """Hours say what happened: refuse ``what`` recorded on a day to come (only absences
    may be known ahead, e.g. the workshop closed)."""
    if day > today:
        raise RuleViolation(f"{day.isoformat()} is in the future: {what} is recorded once done",
                            code="day_in_future", day=day.isoformat())


def check_period(day: dt.date | str | None,
                 month: str | None) -> tuple[dt.date | None, dt.date | None]:
    """The period a list is asked for: one day, one month, or everything (``(None,
    None)``); refused when both a day and a month are given."""
    if day is not None and month is not None:
        raise InvalidInput("day", "give a day or a month, not both", code="period_conflict")
    if day is not None:
        start = parse_day(day)
        return start, start + dt.timedelta(days=1)
    if month is not None:
        return month_bounds(parse_month(month))
    return None, None


def check_validation(month: str, already: bool, figures: Sequence[MonthHours]) -> None:
    """A month is validated once, and only when no day of it has time recorded beyond its
    attendance (days to reconcile)."""
    if already:
        raise RuleViolation(f"month {month} is already validated",
                            code="month_already_validated", month=month)
    open_days = [f"{m.trainee} {d.isoformat()}" for m in figures for d in m.days_to_reconcile]
    if open_days:
        raise RuleViolation(
            f"month {month}: {len(open_days)} day(s) have time recorded but no matching "
            "attendance: " + ", ".join(open_days[:10]), code="month_unreconciled", month=month,
            count=len(open_days), days=", ".join(open_days[:10]))


def check_correctable(month: str, locked: bool, trainee: str, total: int, minutes: int) -> None:
    """A correction goes on a validated month (before, the attendance itself changes), and
    never brings the month's total below zero."""
    if not locked:
        raise RuleViolation(f"month {month} is not validated: change the attendance itself",
                            code="month_not_validated", month=month)
    if total + minutes < 0:
        raise RuleViolation(f"{trainee}, {month}: a correction of {minutes} minutes would bring "
                            f"the {total} minutes below zero", code="correction_below_zero",
                            trainee=trainee, month=month, total=total, minutes=minutes)
