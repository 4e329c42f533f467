"""Repository of hours: attendance, time entries, month locks, corrections, order hours.

Writers lock the trainee's row first (``SELECT … FOR UPDATE``; SQLite's write
lock does the same for the whole database), and validating a month locks every
trainee's row: a session or a time entry can never slip into a month while it
is being validated, nor two sessions of one person overshoot a limit together.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import sqlalchemy as sa

from atelier.domain.attendance import AbsenceReason, AttendanceEntry, Session
from atelier.domain.errors import NotFound
from atelier.domain.hours import (
    ACTIVITIES,
    OPERATION,
    Absences,
    Activity,
    Correction,
    DayBudget,
    MonthHours,
    TimeEntry,
)
from atelier.domain.order_hours import OrderHours
from atelier.store import tables as t

_a, _e, _w, _c, _tr = t.attendance, t.time_entries, t.work_records, t.hour_corrections, t.trainees
_dm = t.day_minutes


# Everything recording work needs to know of a trainee's day, in one statement that also
# locks the trainee's row (the hot path of every act of work, see bench B2): the month
# lock, the day's attendance and recorded minutes (one counter row), and the trainee's own
# row (active, exit) with their first contract's start, which bound the days hours may fall on.
_p = sa.bindparam
_FIRST_START = (sa.select(sa.func.min(t.contracts.c.start_on))
                .where(t.contracts.c.trainee_id == _p("tid")).scalar_subquery())
#: The columns of a trainee's day budget (``tid``, ``day``, ``month``), selected from
#: ``trainees``: here, and in the one statement of an act of work (store/acts.py).
BUDGET_COLUMNS = (
    _tr.c.active, _tr.c.exit_on, _FIRST_START.label("first_start"),
    sa.select(sa.func.count()).where(t.month_locks.c.month == _p("month"))
    .scalar_subquery().label("locked"),
    sa.select(sa.func.count()).where(_a.c.trainee_id == _p("tid"), _a.c.day == _p("day"))
    .scalar_subquery().label("sessions"),
    sa.select(sa.func.coalesce(sa.func.sum(sa.case((_a.c.present, _a.c.minutes),
                                                   else_=0)), 0))
    .where(_a.c.trainee_id == _p("tid"), _a.c.day == _p("day"))
    .scalar_subquery().label("attended"),
    # Work records and time entries of the day: one counter row kept by triggers
    # (migration 0008), not a sum that grows with the day's acts.
    sa.select(_dm.c.minutes).where(_dm.c.trainee_id == _p("tid"), _dm.c.day == _p("day"))
    .scalar_subquery().label("recorded"))
_DAY_BUDGET = (sa.select(*BUDGET_COLUMNS).select_from(_tr).where(_tr.c.id == _p("tid"))
               .with_for_update(of=_tr))


_LOCK = sa.select(_tr.c.id).where(_tr.c.id == _p("tid")).with_for_update()


def _day(value: object) -> dt.date:
    # SQLite hands back dates from aggregate/union queries as text.
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _maybe_day(value: object) -> dt.date | None:
    return None if value is None else _day(value)


def budget_of(row: Any) -> DayBudget:
    """The DayBudget of a row holding :data:`BUDGET_COLUMNS`."""
    return DayBudget(locked=bool(row.locked),
                     attended=int(row.attended) if int(row.sessions) else None,
                     recorded=int(row.recorded or 0), active=bool(row.active),
                     first_start=_maybe_day(row.first_start), exit_on=_maybe_day(row.exit_on))


class SqlHours:
    """Rows of hours."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    # -- trainees and locks --------------------------------------------------------

    def lock_all_trainees(self) -> None:
        self.conn.execute(sa.select(_tr.c.id).with_for_update()).all()

    def day_budget(self, trainee_id: int, day: dt.date, month: str, *,
                   row_locked: bool = False) -> DayBudget:
        if not row_locked and self.conn.dialect.name != "sqlite":
            # PostgreSQL reads a statement's rows as of the statement's start: one that
            # waits for the row lock would miss what the lock's holder committed (a month
            # validated, minutes recorded). Lock first, read in the next statement.
            # (SQLite's write transactions are serial from BEGIN IMMEDIATE: one is enough.)
            self.conn.execute(_LOCK, {"tid": trainee_id})
        return budget_of(self.conn.execute(_DAY_BUDGET, {"tid": trainee_id, "day": day,
                                                         "month": month}).one())

    def is_locked(self, month: str) -> bool:
        return self.conn.execute(sa.select(t.month_locks.c.month)
                                 .where(t.month_locks.c.month == month)).first() is not None

    def lock_month(self, month: str, now: dt.datetime, by: str) -> None:
        self.conn.execute(sa.insert(t.month_locks).values(month=month, locked_at=now,
                                                          locked_by=by))

    # -- attendance ---------------------------------------------------------------

    def session(self, trainee_id: int, day: dt.date,
                session: Session) -> tuple[bool, int, AbsenceReason | None] | None:
        row = self.conn.execute(sa.select(_a.c.present, _a.c.minutes, _a.c.reason).where(
            _a.c.trainee_id == trainee_id, _a.c.day == day, _a.c.session == session)).first()
        return None if row is None else (bool(row.present), int(row.minutes), row.reason)

    def put_session(self, trainee_id: int, day: dt.date, session: Session, *, present: bool,
                    minutes: int, reason: AbsenceReason | None, now: dt.datetime, by: str,
                    replace: bool) -> None:
        values = {"present": present, "minutes": minutes, "reason": reason,
                  "recorded_at": now, "recorded_by": by}
        if replace:
            self.conn.execute(sa.update(_a).where(
                _a.c.trainee_id == trainee_id, _a.c.day == day, _a.c.session == session)
                .values(**values, version=_a.c.version + 1))
        else:
            self.conn.execute(sa.insert(_a).values(trainee_id=trainee_id, day=day,
                                                   session=session, **values))

    def attended_between(self, trainee_id: int, start: dt.date, end: dt.date) -> int:
        return int(self.conn.execute(
            sa.select(sa.func.coalesce(sa.func.sum(_a.c.minutes), 0))
            .where(_a.c.trainee_id == trainee_id, _a.c.present, _a.c.day >= start,
                   _a.c.day < end)).scalar_one())

    def attendance(self, start: dt.date | None, end: dt.date | None,
                   trainee_id: int | None) -> list[AttendanceEntry]:
        query = (sa.select(_tr.c.code, _a.c.day, _a.c.session, _a.c.present, _a.c.minutes,
                           _a.c.reason, _a.c.recorded_by)
                 .join(_tr, _tr.c.id == _a.c.trainee_id)
                 .order_by(_a.c.day, _tr.c.code, _a.c.session))
        query = query.where(*_between(_a.c.day, start, end))
        if trainee_id is not None:
            query = query.where(_a.c.trainee_id == trainee_id)
        return [AttendanceEntry(trainee=r.code, day=_day(r.day), session=r.session,
                                present=bool(r.present), minutes=int(r.minutes), reason=r.reason,
                                recorded_by=r.recorded_by)
                for r in self.conn.execute(query)]

    # -- time entries and corrections -------------------------------------------------

    def add_entry(self, *, trainee_id: int, day: dt.date, activity: Activity, minutes: int,
                  order_id: int | None, operation: str | None, note: str | None,
                  now: dt.datetime, by: str) -> int:
        return int(self.conn.execute(sa.insert(_e).values(
            trainee_id=trainee_id, day=day, activity=activity, minutes=minutes,
            order_id=order_id, operation=operation, note=note, recorded_at=now,
            recorded_by=by).returning(_e.c.id)).scalar_one())

    def entry(self, entry_id: int) -> TimeEntry:
        found = self._entries(sa.true(), _e.c.id == entry_id)
        if not found:
            raise NotFound("time_entry", entry_id)
        return found[0]

    def remove_entry(self, entry_id: int) -> None:
        self.conn.execute(sa.delete(_e).where(_e.c.id == entry_id))

    def entries(self, start: dt.date | None, end: dt.date | None,
                trainee_id: int | None) -> list[TimeEntry]:
        return self._entries(*_between(_e.c.day, start, end),
                             *([] if trainee_id is None else [_e.c.trainee_id == trainee_id]))

    def _entries(self, *where: sa.ColumnElement[bool]) -> list[TimeEntry]:
        query = (sa.select(_e.c.id, _tr.c.code, _e.c.day, _e.c.activity, _e.c.minutes,
                           t.orders.c.ref, _e.c.operation, _e.c.note)
                 .join(_tr, _tr.c.id == _e.c.trainee_id)
                 .outerjoin(t.orders, t.orders.c.id == _e.c.order_id)
                 .where(*where).order_by(_e.c.day, _tr.c.code, _e.c.id))
        return [TimeEntry(id=int(r.id), trainee=r.code, day=_day(r.day), activity=r.activity,
                          minutes=int(r.minutes), order=r.ref, operation=r.operation,
                          note=r.note) for r in self.conn.execute(query)]

    def add_correction(self, *, trainee_id: int, month: str, minutes: int, reason: str,
                       on: dt.date, now: dt.datetime, by: str) -> None:
        self.conn.execute(sa.insert(_c).values(trainee_id=trainee_id, month=month,
                                               minutes=minutes, reason=reason, recorded_on=on,
                                               recorded_at=now, recorded_by=by))

    # -- monthly figures ------------------------------------------------------------

    def month_hours(self, month: str, start: dt.date, end: dt.date, trainee_id: int | None,
                    locked: bool) -> list[MonthHours]:
        """Every trainee with hours in the month, and every active one under a contract
        over it (with zeros: a month without hours is a figure too)."""
        def only(col: sa.ColumnElement[int]) -> list[sa.ColumnElement[bool]]:
            return [] if trainee_id is None else [col == trainee_id]

        in_a = [_a.c.day >= start, _a.c.day < end, *only(_a.c.trainee_id)]
        in_e = [_e.c.day >= start, _e.c.day < end, *only(_e.c.trainee_id)]
        in_w = [_w.c.work_day >= start, _w.c.work_day < end, *only(_w.c.trainee_id)]
        attended: dict[int, int] = defaultdict(int)
        absences: dict[int, dict[str, Absences]] = defaultdict(dict)
        for r in self.conn.execute(
                sa.select(_a.c.trainee_id, _a.c.present, _a.c.reason, sa.func.count(),
                          sa.func.sum(_a.c.minutes)).where(*in_a)
                .group_by(_a.c.trainee_id, _a.c.present, _a.c.reason)
                .order_by(_a.c.trainee_id, _a.c.reason)):
            if r.present:
                attended[r.trainee_id] += int(r[4])
            else:
                absences[r.trainee_id][r.reason] = Absences(int(r[3]), int(r[4]))
        activities: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(ACTIVITIES, 0))
        for r in self.conn.execute(sa.select(_e.c.trainee_id, _e.c.activity,
                                             sa.func.sum(_e.c.minutes)).where(*in_e)
                                   .group_by(_e.c.trainee_id, _e.c.activity)):
            activities[r.trainee_id][r.activity] += int(r[2])
        for r in self.conn.execute(sa.select(_w.c.trainee_id, sa.func.sum(_w.c.minutes))
                                   .where(*in_w).group_by(_w.c.trainee_id)):
            activities[r.trainee_id][OPERATION] += int(r[1])
        corrections: dict[int, list[Correction]] = defaultdict(list)
        for r in self.conn.execute(
                sa.select(_c.c.trainee_id, _tr.c.code, _c.c.minutes, _c.c.reason,
                          _c.c.recorded_on, _c.c.recorded_by)
                .join(_tr, _tr.c.id == _c.c.trainee_id)
                .where(_c.c.month == month, *only(_c.c.trainee_id)).order_by(_c.c.id)):
            corrections[r.trainee_id].append(Correction(
                month=month, trainee=r.code, minutes=int(r.minutes), reason=r.reason,
                recorded_on=_day(r.recorded_on), recorded_by=r.recorded_by))
        # Days to reconcile: time recorded but no attendance, or more time than attended.
        spent: dict[tuple[int, dt.date], int] = defaultdict(int)
        for query in (sa.select(_e.c.trainee_id, _e.c.day, sa.func.sum(_e.c.minutes))
                      .where(*in_e).group_by(_e.c.trainee_id, _e.c.day),
                      sa.select(_w.c.trainee_id, _w.c.work_day, sa.func.sum(_w.c.minutes))
                      .where(*in_w).group_by(_w.c.trainee_id, _w.c.work_day)):
            for r in self.conn.execute(query):
                spent[(int(r[0]), _day(r[1]))] += int(r[2])
        present = {(int(r[0]), _day(r[1])): int(r[2]) for r in self.conn.execute(
            sa.select(_a.c.trainee_id, _a.c.day, sa.func.sum(
                sa.case((_a.c.present, _a.c.minutes), else_=0)))
            .where(*in_a).group_by(_a.c.trainee_id, _a.c.day))}
        unreconciled = sorted(key for key, minutes in spent.items()
                              if key not in present or minutes > present[key])
        ids = set(attended) | set(absences) | set(activities) | set(corrections)
        ids |= self._under_contract(start, end) if trainee_id is None else {trainee_id}
        codes = self._codes(ids)
        return sorted((MonthHours(
            month=month, trainee=codes[i], attended_minutes=attended.get(i, 0),
            absences=absences.get(i, {}),
            activities=activities[i] if i in activities else dict.fromkeys(ACTIVITIES, 0),
            corrections=tuple(corrections.get(i, ())), locked=locked,
            days_to_reconcile=tuple(d for (who, d) in unreconciled if who == i))
            for i in ids),
            key=lambda m: m.trainee)

    def _under_contract(self, start: dt.date, end: dt.date) -> set[int]:
        k = t.contracts
        return set(self.conn.execute(
            sa.select(k.c.trainee_id).join(_tr, _tr.c.id == k.c.trainee_id)
            .where(_tr.c.active, k.c.start_on < end,
                   sa.or_(k.c.planned_end.is_(None), k.c.planned_end >= start))).scalars())

    def _codes(self, ids: set[int]) -> dict[int, str]:
        if not ids:
            return {}
        return {int(r.id): r.code for r in self.conn.execute(
            sa.select(_tr.c.id, _tr.c.code).where(_tr.c.id.in_(sorted(ids))))}

    # -- insertion hours per order ---------------------------------------------------

    def order_hours(self, collectivity_id: int | None) -> list[OrderHours]:
        o, col = t.orders, t.collectivities
        work = (sa.select(sa.func.coalesce(sa.func.sum(_w.c.minutes), 0))
                .where(_w.c.order_id == o.c.id).scalar_subquery())
        entries = (sa.select(sa.func.coalesce(sa.func.sum(_e.c.minutes), 0))
                   .where(_e.c.order_id == o.c.id).scalar_subquery())
        query = (sa.select(o.c.ref, o.c.collectivity_id, col.c.name, o.c.reserved_contract,
                           work.label("work"), entries.label("entries"))
                 .join(col, col.c.id == o.c.collectivity_id).order_by(o.c.ref))
        if collectivity_id is not None:
            query = query.where(o.c.collectivity_id == collectivity_id)
        found = [OrderHours(order=r.ref, collectivity_id=int(r.collectivity_id),
                            collectivity=r.name, reserved_contract=bool(r.reserved_contract),
                            work_minutes=int(r.work), entry_minutes=int(r.entries))
                 for r in self.conn.execute(query)]
        return [h for h in found if h.total_minutes or h.reserved_contract]


def _between(column: sa.ColumnElement[dt.date], start: dt.date | None,
             end: dt.date | None) -> list[sa.ColumnElement[bool]]:
    return [*([] if start is None else [column >= start]),
            *([] if end is None else [column < end])]
