"""Use cases of the ``Workshop`` for hours."""

from __future__ import annotations

from typing import TYPE_CHECKING

from atelier.domain import bounds, roles
from atelier.facade.base import UseCaseHost, requires

if TYPE_CHECKING:
    import datetime as dt
    import os
    from collections.abc import Iterable

    from atelier.domain.hours import AttendanceEntry, Correction, MonthHours, TimeEntry
    from atelier.domain.order_hours import CollectivityHours, OrderHours


class HoursUseCases(UseCaseHost):
    """Attendance, time entries, monthly hours, month validation and corrections.

    Durations are whole minutes; days are ``datetime.date`` (or "YYYY-MM-DD");
    months are "YYYY-MM". Time-entry notes and correction reasons are returned only
    to a role that reads notes (:mod:`atelier.facade.redaction`), None to the others;
    a person's absence reasons only to a role that reads them (roll call, personal
    data), "justified" to the others (:func:`atelier.domain.attendance.shown_reason`).
    """

    @requires(roles.ATTENDANCE)
    def record_attendance(self, trainee: str, day: dt.date, session: str, *,
                          present: bool = True, minutes: int | None = None,
                          reason: str | None = None) -> AttendanceEntry:
        """Record a session ("am"/"pm"): present (``minutes``, default 180) or absent with a
        ``reason``. Re-recording replaces it, unless the month is validated."""
        from atelier.services import hours
        return self._write(lambda uow: hours.record_attendance(
            uow, self.actor, [trainee], day, session, self.clock(), present=present,
            minutes=minutes, reason=reason))[0]

    @requires(roles.ATTENDANCE)
    def record_attendance_many(self, trainees: Iterable[str], day: dt.date, session: str, *,
                               present: bool = True, minutes: int | None = None,
                               reason: str | None = None) -> list[AttendanceEntry]:
        """The same session for several trainees (the roll call), all or none."""
        from atelier.services import hours
        codes = list(trainees)
        return self._write(lambda uow: hours.record_attendance(
            uow, self.actor, codes, day, session, self.clock(), present=present,
            minutes=minutes, reason=reason))

    @requires(roles.READ)
    def attendance(self, *, day: dt.date | None = None, month: str | None = None,
                   trainee: str | None = None) -> list[AttendanceEntry]:
        """Recorded sessions of a day or a month (default: all), optionally of one trainee."""
        from atelier.domain import attendance as roll
        from atelier.services import hours
        found = self._read(lambda uow: hours.attendance(uow, day=day, month=month,
                                                        trainee=trainee))
        return roll.shown_entries(found, self.actor.role)

    @requires(roles.ATTENDANCE)
    def add_time(self, trainee: str, day: dt.date, activity: str, minutes: int, *,
                 order: str | None = None, operation: str | None = None,
                 note: str | None = None, supervisor: str | None = None) -> int:
        """Record time on an activity (operation on an ``order``, training, cleaning,
        non_productive); returns the entry's id. An operation passes the skill gate as
        recorded work does (one level below needs a named ``supervisor``)."""
        from atelier.services import hours
        return self._write(lambda uow: hours.add_time(
            uow, self.actor, trainee, day, activity, minutes, self.clock(), order=order,
            operation=operation, note=note, supervisor=supervisor))

    @requires(roles.ATTENDANCE)
    def remove_time(self, entry_id: int) -> TimeEntry:
        """Take back a time entry typed by mistake (not in a validated month); returns it."""
        from atelier.domain import redaction
        from atelier.services import hours
        removed = self._write(lambda uow: hours.remove_time(uow, self.actor, entry_id,
                                                            self.clock()))
        return redaction.time_entries([removed], self.actor.role)[0]

    @requires(roles.READ)
    def time_entries(self, *, day: dt.date | None = None, month: str | None = None,
                     trainee: str | None = None) -> list[TimeEntry]:
        """Time entries of a day or a month (default: all), optionally of one trainee
        (their notes only for a role that reads notes)."""
        from atelier.domain import redaction
        from atelier.services import hours
        found = self._read(lambda uow: hours.time_entries(uow, day=day, month=month,
                                                          trainee=trainee))
        return redaction.time_entries(found, self.actor.role)

    @requires(roles.READ)
    def month_hours(self, month: str, *, trainee: str | None = None) -> list[MonthHours]:
        """Each trainee's hours of ``month`` ("YYYY-MM"): attended, absences, activities,
        corrections (their reasons only for a role that reads notes), total, and the days
        still to reconcile."""
        from atelier.services import hours
        found = self._read(lambda uow: hours.month_hours(uow, month, trainee=trainee))
        return _shown(found, self.actor.role)

    @requires(roles.HOURS_VALIDATION)
    def validate_month(self, month: str) -> list[MonthHours]:
        """Lock ``month``'s hours (refused while days remain to reconcile); returns them."""
        from atelier.services import hours
        done = self._write(lambda uow: hours.validate_month(uow, self.actor, month,
                                                            self.clock()))
        return _shown(done, self.actor.role)

    @requires(roles.HOURS_VALIDATION)
    def correct_hours(self, month: str, trainee: str, minutes: int, reason: str) -> Correction:
        """A dated correction of a validated month: signed ``minutes`` and a ``reason``."""
        from atelier.services import hours
        return self._write(lambda uow: hours.correct_hours(uow, self.actor, month, trainee,
                                                           minutes, reason, self.clock()))

    @requires(roles.READ)
    def order_hours(self, *, collectivity_id: int | None = None) -> list[OrderHours]:
        """Insertion hours per order (work records + time entries), by reference."""
        from atelier.services import hours
        return self._read(lambda uow: hours.order_hours(uow, collectivity_id))

    @requires(roles.READ)
    def collectivity_hours(self) -> list[CollectivityHours]:
        """Insertion hours per collectivity, with those under reserved contracts."""
        from atelier.services import hours
        return self._read(hours.collectivity_hours)

    @requires(roles.READ)
    def write_month_csv(self, month: str, path: str | os.PathLike[str], *,
                        trainee: str | None = None) -> int:
        """Write ``month``'s hours as CSV for a French spreadsheet; returns the rows written."""
        from atelier.exporting import hours_csv
        target = bounds.path(path)
        return hours_csv.write_month_hours(self.month_hours(month, trainee=trainee), target)

    @requires(roles.READ)
    def write_order_hours_csv(self, path: str | os.PathLike[str], *,
                              collectivity_id: int | None = None) -> int:
        """Write the insertion hours per order as CSV; returns the rows written."""
        from atelier.exporting import hours_csv
        target = bounds.path(path)
        return hours_csv.write_order_hours(self.order_hours(collectivity_id=collectivity_id),
                                           target)


def _shown(found: list[MonthHours], role: str) -> list[MonthHours]:
    """Months as ``role`` may read them: corrections' reasons left out unless it reads
    notes, absences' reasons grouped as "justified" unless it reads them."""
    from atelier.domain import redaction
    from atelier.domain.hours import shown_month
    return [shown_month(m, role) for m in redaction.month_hours(found, role)]
