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

from atelier.domain import attendance as roll
from atelier.domain import bounds
from atelier.domain import hours as rules
from atelier.domain.actor import Actor
from atelier.domain.attendance import AttendanceEntry
from atelier.domain.collectivity import check_collectivity_id
from atelier.domain.hours import Correction, DayBudget, MonthHours, TimeEntry
from atelier.domain.order import Order
from atelier.domain.order_hours import CollectivityHours, OrderHours, collectivity_totals
from atelier.domain.people import check_trainee_code
from atelier.domain.skills import check_gates, check_supervisor, operation_needs
from atelier.services.orders import check_ref
from atelier.services.ports import UnitOfWork


def check_work_fits(uow: UnitOfWork, trainee_id: int, trainee: str, day: dt.date,
                    minutes: int, *, row_locked: bool = False) -> None:
    """Refuse work of ``minutes`` on ``day`` that would not fit the trainee's hours
    (:func:`atelier.domain.hours.check_fits_day`). The trainee's row stays locked to the
    end of the transaction; ``row_locked``: the caller locked it by an earlier
    statement, so one statement reads the day (see ``day_budget``)."""
    budget = uow.hours.day_budget(trainee_id, day, rules.month_of(day), row_locked=row_locked)
    rules.check_fits_day(trainee, day, budget, minutes)


def _locked_day(uow: UnitOfWork, trainee: str, day: dt.date) -> tuple[int, DayBudget]:
    # The row is locked by a statement of its own first: the day is then read by a later
    # statement, which sees what a writer that held the lock before us has committed.
    trainee_id = uow.people.trainee(check_trainee_code(trainee, "trainee"), lock=True).id
    budget = uow.hours.day_budget(trainee_id, day, rules.month_of(day), row_locked=True)
    rules.check_day(trainee, day, budget)
    return trainee_id, budget


def record_attendance(uow: UnitOfWork, actor: Actor, trainees: Sequence[str], day: dt.date,
                      session: str, now: dt.datetime, *, present: bool = True,
                      minutes: int | None = None,
                      reason: str | None = None) -> list[AttendanceEntry]:
    """Record one session for each trainee (all or none); re-recording replaces it.

    Refused on a day outside the trainee's pathway (before the first contract,
    after the exit), for an inactive trainee, in a validated month, beyond 10 h
    a day or 48 h an ISO week, and when it would lower a day's attendance below
    the time already recorded on it.
    """
    day = rules.parse_day(day)
    which = roll.check_session(session)
    present = bool(present)
    stored, why = roll.attendance_value(present, minutes, reason)
    roll.check_roll_call(trainees)
    if present:
        rules.check_not_future(day, now.date(), "attendance")
    done: list[AttendanceEntry] = []
    for code in dict.fromkeys(trainees):
        # Read once the trainee's row is locked: a validation running now has locked it
        # first, and its month lock is then visible here.
        trainee_id, budget = _locked_day(uow, code, day)
        old = uow.hours.session(trainee_id, day, which)
        if old == (present, stored, why):  # the same again: nothing changes, nothing audited
            done.extend(e for e in uow.hours.attendance(day, day + dt.timedelta(days=1),
                                                        trainee_id) if e.session == which)
            continue
        old_minutes = old[1] if old is not None and old[0] else 0
        new_minutes = stored if present else 0
        day_before = budget.attended or 0
        day_after = day_before - old_minutes + new_minutes
        roll.check_daily(code, day, day_after)
        week = roll.week_bounds(day)
        roll.check_weekly(code, day, uow.hours.attended_between(trainee_id, *week)
                          - old_minutes + new_minutes)
        roll.check_not_below_recorded(code, day, day_before, day_after, budget.recorded)
        uow.hours.put_session(trainee_id, day, which, present=present, minutes=stored,
                              reason=why, now=now, by=actor.name, replace=old is not None)
        key = {"day": day.isoformat(), "session": which}
        uow.audit.record(actor, "attendance.record", "trainee", code,
                         None if old is None else {**key, "present": old[0],
                                                   "minutes": old[1], "reason": old[2]},
                         {**key, "present": present, "minutes": stored, "reason": why}, now)
        done.append(AttendanceEntry(code, day, which, present, stored, why, actor.name))
    return done


def _period(uow: UnitOfWork, day: dt.date | None, month: str | None,
            trainee: str | None) -> tuple[dt.date | None, dt.date | None, int | None]:
    start, end = rules.check_period(day, month)
    trainee_id = None if trainee is None else uow.people.trainee(
        check_trainee_code(trainee, "trainee")).id
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
             operation: str | None = None, note: str | None = None,
             supervisor: str | None = None) -> int:
    """Record time spent on an activity; returns the entry's id.

    An operation names its order and the operation of the order's services;
    the skill gate applies as to recorded work (DOMAIN rule 1): the trainee
    holds the operation's level, or one level below with a named
    ``supervisor``. Refused on a day outside the trainee's pathway, in a
    validated month, and when the day's entries would exceed its attendance.
    """
    day = rules.parse_day(day)
    kind = rules.check_activity(activity, order, operation)
    roll.check_minutes(minutes)
    text = rules.check_text(note, "note", rules.MAX_NOTE_LENGTH)
    check_trainee_code(trainee, "trainee")
    sup = check_supervisor(trainee, supervisor) if supervisor else None
    if operation is not None:
        bounds.key(operation, "operation", bounds.CODE)
    rules.check_not_future(day, now.date(), "time")
    found = uow.orders.get(check_ref(order)) if order else None
    needs = _operation_needs(uow, found, operation) if found and operation else []
    trainee_id = uow.people.trainee(trainee, lock=True).id
    learning: tuple[str, ...] = ()
    if kind == rules.OPERATION:
        learning = check_gates(trainee, needs, uow.skills.levels(trainee_id), sup)
    check_work_fits(uow, trainee_id, trainee, day, minutes, row_locked=True)
    entry_id = uow.hours.add_entry(trainee_id=trainee_id, day=day, activity=kind,
                                   minutes=minutes, order_id=None if found is None else found.id,
                                   operation=operation, note=text, now=now, by=actor.name)
    # The note is free text: the audit says there is one, never what it says.
    uow.audit.record(actor, "time.add", "trainee", trainee, None,
                     {"entry": entry_id, "day": day.isoformat(), "activity": kind,
                      "minutes": minutes, "order": order, "operation": operation,
                      "supervisor": sup, "learning": list(learning),
                      "note": text is not None}, now)
    return entry_id


def _operation_needs(uow: UnitOfWork, order: Order, operation: str) -> list[tuple[str, int]]:
    """``(skill, minimum level)`` of ``operation`` in each service of the order having it."""
    return operation_needs(uow.catalogues.get(order.catalogue_id or 0),
                           [line.service for line in order.lines], operation)


def remove_time(uow: UnitOfWork, actor: Actor, entry_id: int, now: dt.datetime) -> TimeEntry:
    """Take back a time entry typed by mistake (refused once its month is validated)."""
    entry = uow.hours.entry(bounds.identifier(entry_id, "entry_id"))
    uow.people.trainee(entry.trainee, lock=True)
    month = rules.month_of(entry.day)
    rules.check_open(month, uow.hours.is_locked(month))
    uow.hours.remove_entry(entry_id)
    uow.audit.record(actor, "time.remove", "trainee", entry.trainee,
                     {"entry": entry_id, "day": entry.day.isoformat(), "activity": entry.activity,
                      "minutes": entry.minutes, "order": entry.order,
                      "operation": entry.operation, "note": entry.note is not None}, None, now)
    return entry


def month_hours(uow: UnitOfWork, month: str, *, trainee: str | None = None) -> list[MonthHours]:
    """Each trainee's hours of ``month``, by code."""
    month = rules.parse_month(month)
    trainee_id = None if trainee is None else uow.people.trainee(
        check_trainee_code(trainee, "trainee")).id
    start, end = rules.month_bounds(month)
    return uow.hours.month_hours(month, start, end, trainee_id, uow.hours.is_locked(month))


def validate_month(uow: UnitOfWork, actor: Actor, month: str,
                   now: dt.datetime) -> list[MonthHours]:
    """Lock ``month``: from now on only corrections change its figures.

    Refused for a month not over (its last day still to come), one already
    validated, and while days with time recorded but no (or too little)
    attendance remain.
    """
    month = rules.parse_month(month)
    start, end = rules.month_bounds(month)
    rules.check_month_over(month, now.date())
    uow.hours.lock_all_trainees()
    already = uow.hours.is_locked(month)
    figures = [] if already else uow.hours.month_hours(month, start, end, None, False)
    rules.check_validation(month, already, figures)
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
    trainee_id = uow.people.trainee(check_trainee_code(trainee, "trainee"), lock=True).id
    locked = uow.hours.is_locked(month)
    start, end = rules.month_bounds(month)
    total = (uow.hours.month_hours(month, start, end, trainee_id, True)[0].total_minutes
             if locked else 0)
    rules.check_correctable(month, locked, trainee, total, minutes)
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
        uow.collectivities.get(check_collectivity_id(collectivity_id))
    return uow.hours.order_hours(collectivity_id)


def collectivity_hours(uow: UnitOfWork) -> list[CollectivityHours]:
    """Insertion hours per collectivity, and those under reserved contracts."""
    return collectivity_totals(uow.hours.order_hours(None))

