"""What the hours use cases need from storage."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import datetime as dt

    from atelier.domain.attendance import AbsenceReason, AttendanceEntry, Session
    from atelier.domain.hours import Activity, DayBudget, MonthHours, TimeEntry
    from atelier.domain.order_hours import OrderHours


class HoursRepository(Protocol):
    """Attendance, time entries, month locks and corrections (inside one transaction)."""

    def lock_all_trainees(self) -> None:
        """Lock every trainee's row (month validation)."""
        ...

    def day_budget(self, trainee_id: int, day: dt.date, month: str, *,
                   row_locked: bool = False) -> DayBudget:
        """The trainee's day (month validated, present minutes or None if no session,
        minutes recorded) and row (active, exit, first contract's start), with the
        trainee's row locked to the end of the transaction. ``row_locked``: the caller
        locked it by an earlier statement, and one read is enough."""
        ...

    def is_locked(self, month: str) -> bool:
        """Whether the month ("YYYY-MM") is validated."""
        ...

    def lock_month(self, month: str, now: dt.datetime, by: str) -> None: ...

    def session(self, trainee_id: int, day: dt.date,
                session: Session) -> tuple[bool, int, AbsenceReason | None] | None:
        """``(present, minutes, reason)`` of a recorded session, or None."""
        ...

    def put_session(self, trainee_id: int, day: dt.date, session: Session, *, present: bool,
                    minutes: int, reason: AbsenceReason | None, now: dt.datetime, by: str,
                    replace: bool) -> None: ...

    def attended_between(self, trainee_id: int, start: dt.date, end: dt.date) -> int:
        """Present minutes from ``start`` (included) to ``end`` (excluded)."""
        ...

    def attendance(self, start: dt.date | None, end: dt.date | None,
                   trainee_id: int | None) -> list[AttendanceEntry]: ...

    def add_entry(self, *, trainee_id: int, day: dt.date, activity: Activity, minutes: int,
                  order_id: int | None, operation: str | None, note: str | None,
                  now: dt.datetime, by: str) -> int: ...

    def entry(self, entry_id: int) -> TimeEntry:
        """One time entry (NotFound if unknown)."""
        ...

    def remove_entry(self, entry_id: int) -> None: ...

    def entries(self, start: dt.date | None, end: dt.date | None,
                trainee_id: int | None) -> list[TimeEntry]: ...

    def add_correction(self, *, trainee_id: int, month: str, minutes: int, reason: str,
                       on: dt.date, now: dt.datetime, by: str) -> None: ...

    def month_hours(self, month: str, start: dt.date, end: dt.date, trainee_id: int | None,
                    locked: bool) -> list[MonthHours]: ...

    def order_hours(self, collectivity_id: int | None) -> list[OrderHours]: ...
