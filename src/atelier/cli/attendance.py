"""Attendance and time entries: the roll call of each half day and what the time went to.

Days are typed ``YYYY-MM-DD``; durations are whole minutes. Registered by
:func:`atelier.cli.hours.register`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from atelier import AttendanceEntry, TimeEntry
from atelier.cli.context import common, emit, json_option, open_workshop, settings
from atelier.cli.formats import day_text
from atelier.cli.i18n import label, t
from atelier.cli.names import Names
from atelier.cli.text_hours import ACTIVITIES, REASONS, SESSIONS
from atelier.domain.hours import parse_day

F = TypeVar("F", bound=Callable[..., Any])


def fr_date(day: dt.date, lang: str) -> str:
    """A day as the staff read it: 02/03/2026 in French, ISO in English (4-digit year)."""
    return day_text(day, lang)


def _day(value: str | None, field: str = "day") -> dt.date | None:
    return None if value is None else parse_day(value, field)


@click.group()
def attendance() -> None:
    """Attendance per trainee and half day: present, or absent with a reason."""


@attendance.command("record")
@click.argument("day")
@click.argument("session")
@click.argument("codes", metavar="CODE...", nargs=-1, required=True)
@click.option("--minutes", type=int, help="Minutes attended (default 180).")
@common
@json_option
def attendance_record(day: str, session: str, codes: tuple[str, ...],
                      minutes: int | None) -> None:
    """Trainees present on DAY (YYYY-MM-DD) for SESSION (am or pm): all or none."""
    s = settings()
    when = parse_day(day, "day")
    with open_workshop() as ws:
        done = ws.record_attendance_many(codes, when, session, minutes=minutes)
    if s.json:
        emit({"recorded": done})
        return
    click.echo(t("attendance.present", s.lang, n=len(done), day=fr_date(when, s.lang),
                 session=label(SESSIONS, session, s.lang), minutes=done[0].minutes))


@attendance.command("absent")
@click.argument("day")
@click.argument("session")
@click.argument("codes", metavar="CODE...", nargs=-1, required=True)
@click.option("--reason", required=True,
              help="visit, medical, court, lawyer, training, transfer, release, "
                   "workshop_closed, lockdown, sick, other.")
@click.option("--minutes", type=int, help="Minutes the absence cost (default 180).")
@common
@json_option
def attendance_absent(day: str, session: str, codes: tuple[str, ...], reason: str,
                      minutes: int | None) -> None:
    """Trainees absent on DAY (YYYY-MM-DD) for SESSION (am or pm), with the reason."""
    s = settings()
    when = parse_day(day, "day")
    with open_workshop() as ws:
        done = ws.record_attendance_many(codes, when, session, present=False, minutes=minutes,
                                         reason=reason)
    if s.json:
        emit({"recorded": done})
        return
    click.echo(t("attendance.absent", s.lang, n=len(done), day=fr_date(when, s.lang),
                 session=label(SESSIONS, session, s.lang),
                 reason=label(REASONS, reason, s.lang)))


def _period_options(func: F) -> F:
    """The ``--day``, ``--month`` and ``--trainee`` options of the list commands."""
    func = click.option("--trainee", help="One trainee's code.")(func)
    func = click.option("--month", help="One month (YYYY-MM).")(func)
    return click.option("--day", help="One day (YYYY-MM-DD).")(func)


def _show(found: Sequence[AttendanceEntry] | Sequence[TimeEntry], none_key: str,
          columns: Sequence[tuple[str, str]],
          cells: Callable[[Any, str], Sequence[str]]) -> None:
    """A list as JSON, as "none" or as a table of ``columns`` (French, English) whose
    ``cells`` are made from each entry and the language."""
    s = settings()
    if s.json:
        emit(found)
        return
    if not found:
        click.echo(t(none_key, s.lang))
        return
    from atelier.cli.tables import show, table

    listed = table(columns, s.lang)
    for e in found:
        listed.add_row(*cells(e, s.lang))
    show(listed)


def _session_cells(e: AttendanceEntry, lang: str) -> Sequence[str]:
    fr = lang == "fr"
    state = ("présent·e" if fr else "present") if e.present else \
        f"{'absent·e' if fr else 'absent'} ({label(REASONS, e.reason or '', lang)})"
    return (fr_date(e.day, lang), label(SESSIONS, e.session, lang), e.trainee, state,
            str(e.minutes), e.recorded_by)


@attendance.command("list")
@_period_options
@common
@json_option
def attendance_list(day: str | None, month: str | None, trainee: str | None) -> None:
    """Recorded sessions of a day or a month (default: all)."""
    with open_workshop() as ws:
        found = ws.attendance(day=_day(day), month=month, trainee=trainee)
    _show(found, "attendance.none",
          (("Jour", "Day"), ("Demi-journée", "Session"), ("Salarié·e", "Trainee"),
           ("Présence", "Attendance"), ("Min", "Min"), ("Saisi par", "By")), _session_cells)


@click.group("time")
def time_group() -> None:
    """Time entries: what the attended time was spent on."""


@time_group.command("add")
@click.argument("code")
@click.argument("day")
@click.argument("activity")
@click.argument("minutes", type=int)
@click.option("--order", "order", help="The order (needed for the operation activity).")
@click.option("--operation", help="The operation done (needed for the operation activity).")
@click.option("--supervisor", help="Staff member supervising work one level below the "
              "operation's (learning under supervision).")
@click.option("--note", help="A short note.")
@common
@json_option
def time_add(code: str, day: str, activity: str, minutes: int, order: str | None,
             operation: str | None, supervisor: str | None, note: str | None) -> None:
    """MINUTES spent by trainee CODE on DAY on ACTIVITY (operation, training, cleaning,
    non_productive)."""
    s = settings()
    when = parse_day(day, "day")
    with open_workshop() as ws:
        entry_id = ws.add_time(code, when, activity, minutes, order=order, operation=operation,
                               note=note, supervisor=supervisor)
    if s.json:
        emit({"id": entry_id})
        return
    click.echo(t("time.added", s.lang, id=entry_id, trainee=code, day=fr_date(when, s.lang),
                 activity=label(ACTIVITIES, activity, s.lang), minutes=minutes))


@time_group.command("remove")
@click.argument("entry_id", type=int)
@common
@json_option
def time_remove(entry_id: int) -> None:
    """Take back time entry ENTRY_ID typed by mistake (not in a validated month)."""
    s = settings()
    with open_workshop() as ws:
        entry = ws.remove_time(entry_id)
    if s.json:
        emit({"removed": entry})
        return
    click.echo(t("time.removed", s.lang, id=entry_id, trainee=entry.trainee,
                 day=fr_date(entry.day, s.lang), minutes=entry.minutes))


def _entry_cells(e: TimeEntry, lang: str, names: Names) -> Sequence[str]:
    return (str(e.id), fr_date(e.day, lang), e.trainee, label(ACTIVITIES, e.activity, lang),
            str(e.minutes), e.order or "", names.operation(e.operation) if e.operation else "")


@time_group.command("list")
@_period_options
@common
@json_option
def time_list(day: str | None, month: str | None, trainee: str | None) -> None:
    """Time entries of a day or a month (default: all)."""
    with open_workshop() as ws:
        found = ws.time_entries(day=_day(day), month=month, trainee=trainee)
        names = Names.of(ws.catalogue())
    _show(found, "time.none",
          (("N°", "#"), ("Jour", "Day"), ("Salarié·e", "Trainee"), ("Activité", "Activity"),
           ("Min", "Min"), ("Commande", "Order"), ("Opération", "Operation")),
          lambda e, lang: _entry_cells(e, lang, names))
