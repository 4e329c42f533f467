"""Use cases of hours: attendance, time entries, monthly hours, validation, corrections.

The month's figure is the attended minutes (present sessions) plus the dated
corrections of a validated month. Time entries and work records say what the
attended time was spent on: a day's entries never exceed its attendance, and a
day with entries but no attendance must be reconciled before the month is
validated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from atelier.domain import hours as rules
from atelier.domain.actor import Actor
from atelier.domain.errors import InvalidInput, RuleViolation
from atelier.domain.hours import AttendanceEntry, Correction, MonthHours, TimeEntry
from atelier.domain.order_hours import CollectivityHours, OrderHours, collectivity_totals
from atelier.services.ports import UnitOfWork


def check_month_open(uow: UnitOfWork, day: dt.date) -> None:
    """Refuse any change dated in a validated month (only corrections add to it)."""
    month = rules.month_of(day)
    if uow.hours.is_locked(month):
        raise RuleViolation(f"month {month} is validated: record a correction instead",
                            code="month_locked", month=month)


def check_work_fits(uow: UnitOfWork, trainee_id: int, trainee: str, day: dt.date,
                    minutes: int) -> None:
    """Refuse work of ``minutes`` on ``day`` that would not fit the trainee's hours.

    Refused when the day's month is validated ("month_locked"), or when attendance
    is recorded that day and the entries already recorded plus ``minutes`` exceed
    it ("day_exceeds_attendance"). A day without attendance passes: it shows in
    the month's days to reconcile. The trainee's row stays locked to the end of
    the transaction, so two writers cannot both squeeze into the same day.
    """
    month = rules.month_of(day)
    locked, attended, recorded = uow.hours.day_budget(trainee_id, day, month)
    if locked:
        raise RuleViolation(f"month {month} is validated: record a correction instead",
                            code="month_locked", month=month)
    if attended is None:
        return
    if recorded + minutes > attended:
        raise RuleViolation(
            f"{trainee} on {day.isoformat()}: {recorded} + {minutes} minutes recorded would "
            f"exceed the {attended} minutes attended",
            code="day_exceeds_attendance", trainee=trainee, day=day.isoformat(),
            attended=attended, recorded=recorded, adding=minutes)


def _active(uow: UnitOfWork, trainee: str) -> int:
    trainee_id, active = uow.hours.trainee(trainee, lock=True)
    if not active:
        raise RuleViolation(f"trainee {trainee} is no longer active", code="trainee_inactive",
                            trainee=trainee)
    return trainee_id


def _not_future(day: dt.date, now: dt.datetime, what: str) -> None:
    # Hours say what happened: only absences may be known ahead (workshop closed).
    if day > now.date():
        raise RuleViolation(f"{day.isoformat()} is in the future: {what} is recorded once done",
                            code="day_in_future", day=day.isoformat())


def record_attendance(uow: UnitOfWork, actor: Actor, trainees: Sequence[str], day: dt.date,
                      session: str, now: dt.datetime, *, present: bool = True,
                      minutes: int | None = None,
                      reason: str | None = None) -> list[AttendanceEntry]:
    """Record one session for each trainee (all or none); re-recording replaces it.

    Refused in a validated month, beyond 10 h a day or 48 h an ISO week, and when
    it would lower a day's attendance below the time already recorded on it.
    """
    day = rules.parse_day(day)
    rules.check_session(session)
    stored, why = rules.attendance_value(present, minutes, reason)
    if not trainees:
        raise InvalidInput("trainee", "name at least one trainee", code="trainee_required")
    if present:
        _not_future(day, now, "attendance")
    done: list[AttendanceEntry] = []
    for code in dict.fromkeys(trainees):
        trainee_id = _active(uow, code)
        # Checked once the trainee's row is locked: a validation running now has
        # locked it first, and its lock row is then visible here.
        check_month_open(uow, day)
        old = uow.hours.session(trainee_id, day, session)
        if old == (present, stored, why):  # the same again: nothing changes, nothing audited
            done.extend(e for e in uow.hours.attendance(day, day + dt.timedelta(days=1),
                                                        trainee_id) if e.session == session)
            continue
        old_minutes = old[1] if old is not None and old[0] else 0
        new_minutes = stored if present else 0
        day_before = uow.hours.attended_on(trainee_id, day) or 0
        day_after = day_before - old_minutes + new_minutes
        rules.check_daily(code, day, day_after)
        week = rules.week_bounds(day)
        rules.check_weekly(code, day, uow.hours.attended_between(trainee_id, *week)
                           - old_minutes + new_minutes)
        recorded = uow.hours.recorded_on(trainee_id, day)
        # Lowering a day below its recorded time is refused; raising one still short
        # of it is how a day to reconcile gets its attendance, a session at a time.
        if day_after < day_before and day_after < recorded:
            raise RuleViolation(
                f"{code} on {day.isoformat()}: {recorded} minutes are already recorded, "
                f"attendance cannot go down to {day_after}", code="attendance_below_recorded",
                trainee=code, day=day.isoformat(), attended=day_after, recorded=recorded)
        uow.hours.put_session(trainee_id, day, session, present=present, minutes=stored,
                              reason=why, now=now, by=actor.name, replace=old is not None)
        key = {"day": day.isoformat(), "session": session}
        uow.audit.record(actor, "attendance.record", "trainee", code,
                         None if old is None else {**key, "present": old[0],
                                                   "minutes": old[1], "reason": old[2]},
                         {**key, "present": present, "minutes": stored, "reason": why}, now)
        done.append(AttendanceEntry(code, day, session, present, stored, why, actor.name))
    return done


def _period(uow: UnitOfWork, day: dt.date | None, month: str | None,
            trainee: str | None) -> tuple[dt.date | None, dt.date | None, int | None]:
    if day is not None and month is not None:
        raise InvalidInput("day", "give a day or a month, not both", code="period_conflict")
    start = end = None
    if day is not None:
        start = rules.parse_day(day)
        end = start + dt.timedelta(days=1)
    elif month is not None:
        start, end = rules.month_bounds(rules.parse_month(month))
    trainee_id = None if trainee is None else uow.hours.trainee(trainee)[0]
    return start, end, trainee_id


def attendance(uow: UnitOfWork, *, day: dt.date | None = None, month: str | None = None,
               trainee: str | None = None) -> list[AttendanceEntry]:
    """Recorded sessions of a day or a month (or all), optionally of one trainee."""
    return uow.hours.attendance(*_period(uow, day, month, trainee))


def time_entries(uow: UnitOfWork, *, day: dt.date | None = None, month: str | None = None,
                 trainee: str | None = None) -> list[TimeEntry]:
    """Time entries of a day or a month (or all), optionally of one trainee."""
    return uow.hours.entries(*_period(uow, day, month, trainee))


def add_time(uow: UnitOfWork, actor: Actor, trainee: str, day: dt.date, activity: str,
             minutes: int, now: dt.datetime, *, order: str | None = None,
             operation: str | None = None, note: str | None = None) -> int:
    """Record time spent on an activity; returns the entry's id.

    An operation names its order (and may name the operation of the catalogue).
    Refused in a validated month and when the day's entries would exceed the
    day's attendance.
    """
    day = rules.parse_day(day)
    rules.check_activity(activity, order)
    rules.check_minutes(minutes)
    text = rules.check_text(note, "note", rules.MAX_NOTE_LENGTH)
    if operation is not None and not order:
        raise InvalidInput("order", "an operation is done for an order (--order)",
                           code="order_required")
    _not_future(day, now, "time")
    order_id = None
    if order:
        found = uow.orders.get(order)
        order_id = found.id
        if operation is not None:
            codes = uow.catalogues.get(found.catalogue_id or 0).operation_codes()
            if operation not in codes:
                raise InvalidInput("operation", "not an operation of the order's catalogue",
                                   value=operation, code="operation_unknown")
    trainee_id = _active(uow, trainee)
    check_work_fits(uow, trainee_id, trainee, day, minutes)
    entry_id = uow.hours.add_entry(trainee_id=trainee_id, day=day, activity=activity,
                                   minutes=minutes, order_id=order_id, operation=operation,
                                   note=text, now=now, by=actor.name)
    # The note is free text: the audit says there is one, never what it says.
    uow.audit.record(actor, "time.add", "trainee", trainee, None,
                     {"entry": entry_id, "day": day.isoformat(), "activity": activity,
                      "minutes": minutes, "order": order, "operation": operation,
                      "note": text is not None}, now)
    return entry_id


def remove_time(uow: UnitOfWork, actor: Actor, entry_id: int, now: dt.datetime) -> TimeEntry:
    """Take back a time entry typed by mistake (refused once its month is validated)."""
    entry = uow.hours.entry(entry_id)
    uow.hours.trainee(entry.trainee, lock=True)
    check_month_open(uow, entry.day)
    uow.hours.remove_entry(entry_id)
    uow.audit.record(actor, "time.remove", "trainee", entry.trainee,
                     {"entry": entry_id, "day": entry.day.isoformat(), "activity": entry.activity,
                      "minutes": entry.minutes, "order": entry.order,
                      "operation": entry.operation, "note": entry.note is not None}, None, now)
    return entry


def month_hours(uow: UnitOfWork, month: str, *, trainee: str | None = None) -> list[MonthHours]:
    """Each trainee's hours of ``month``, by code."""
    month = rules.parse_month(month)
    trainee_id = None if trainee is None else uow.hours.trainee(trainee)[0]
    start, end = rules.month_bounds(month)
    return uow.hours.month_hours(month, start, end, trainee_id, uow.hours.is_locked(month))


def validate_month(uow: UnitOfWork, actor: Actor, month: str,
                   now: dt.datetime) -> list[MonthHours]:
    """Lock ``month``: from now on only corrections change its figures.

    Refused for a month not begun, one already validated, and while days with
    time recorded but no (or too little) attendance remain.
    """
    month = rules.parse_month(month)
    start, end = rules.month_bounds(month)
    if start > now.date():
        raise RuleViolation(f"month {month} has not begun", code="month_not_begun", month=month)
    uow.hours.lock_all_trainees()
    if uow.hours.is_locked(month):
        raise RuleViolation(f"month {month} is already validated",
                            code="month_already_validated", month=month)
    figures = uow.hours.month_hours(month, start, end, None, False)
    open_days = [f"{m.trainee} {d.isoformat()}" for m in figures for d in m.days_to_reconcile]
    if open_days:
        raise RuleViolation(
            f"month {month}: {len(open_days)} day(s) have time recorded but no matching "
            "attendance: " + ", ".join(open_days[:10]), code="month_unreconciled", month=month,
            count=len(open_days), days=", ".join(open_days[:10]))
    uow.hours.lock_month(month, now, actor.name)
    uow.audit.record(actor, "hours.validate", "month", month, None,
                     {"trainees": len(figures),
                      "total_minutes": sum(m.total_minutes for m in figures)}, now)
    return [attrs.evolve(m, locked=True) for m in figures]


def correct_hours(uow: UnitOfWork, actor: Actor, month: str, trainee: str, minutes: int,
                  reason: str, now: dt.datetime) -> Correction:
    """Add a dated correction (signed minutes) to a validated month; never an edit.

    Refused for a month not validated, and when it would bring the month's
    total below zero.
    """
    month = rules.parse_month(month)
    rules.check_correction(minutes)
    why = rules.check_text(reason, "reason", rules.MAX_REASON_LENGTH, required=True)
    assert why is not None
    trainee_id, _ = uow.hours.trainee(trainee, lock=True)
    if not uow.hours.is_locked(month):
        raise RuleViolation(f"month {month} is not validated: change the attendance itself",
                            code="month_not_validated", month=month)
    start, end = rules.month_bounds(month)
    total = uow.hours.month_hours(month, start, end, trainee_id, True)[0].total_minutes
    if total + minutes < 0:
        raise RuleViolation(f"{trainee}, {month}: a correction of {minutes} minutes would bring "
                            f"the {total} minutes below zero", code="correction_below_zero",
                            trainee=trainee, month=month, total=total, minutes=minutes)
    uow.hours.add_correction(trainee_id=trainee_id, month=month, minutes=minutes, reason=why,
                             on=now.date(), now=now, by=actor.name)
    # The reason is free text: kept with the correction, not copied into the audit log.
    uow.audit.record(actor, "hours.correct", "trainee", trainee,
                     {"month": month, "total_minutes": total},
                     {"month": month, "total_minutes": total + minutes, "correction": minutes},
                     now)
    return Correction(month=month, trainee=trainee, minutes=minutes, reason=why,
                      recorded_on=now.date(), recorded_by=actor.name)


def order_hours(uow: UnitOfWork, collectivity_id: int | None = None) -> list[OrderHours]:
    """Insertion hours per order (with any hours, or under a reserved contract), by ref."""
    if collectivity_id is not None:
        uow.collectivities.get(collectivity_id)
    return uow.hours.order_hours(collectivity_id)


def collectivity_hours(uow: UnitOfWork) -> list[CollectivityHours]:
    """Insertion hours per collectivity, and those under reserved contracts."""
    return collectivity_totals(uow.hours.order_hours(None))
