"""Monthly hours, validation, corrections and insertion hours per order (the ``hours``
group); registers the ``attendance`` and ``time`` groups too.

Months are typed ``YYYY-MM``; durations are whole minutes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from atelier.cli import attendance
from atelier.cli.attendance import fr_date
from atelier.cli.context import common, console, emit, json_option, open_workshop, settings
from atelier.cli.formats import month_text
from atelier.cli.i18n import label, t
from atelier.cli.text_hours import REASONS
from atelier.domain.hours import format_minutes

if TYPE_CHECKING:
    from atelier import MonthHours


@click.group()
def hours() -> None:
    """Monthly hours, month validation, corrections and insertion hours per order."""


@hours.command("month")
@click.argument("month")
@click.option("--trainee", help="Only this trainee's code.")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False),
              help="Also write the month as CSV (for a spreadsheet).")
@common
@json_option
def hours_month(month: str, trainee: str | None, csv_path: str | None) -> None:
    """Each trainee's hours of MONTH (YYYY-MM): attendance, activities, corrections."""
    s = settings()
    with open_workshop() as ws:
        figures = ws.month_hours(month, trainee=trainee)
        rows = ws.write_month_csv(month, csv_path, trainee=trainee) if csv_path else None
    month = figures[0].month if figures else month
    if s.json:
        locked = figures[0].locked if figures else None
        doc = {"month": month, "locked": locked, "trainees": figures}
        emit(doc if csv_path is None else {**doc, "csv": csv_path})
        return
    _month_table(month, figures, s.lang)
    if csv_path:
        click.echo(t("hours.csv", s.lang, rows=rows, path=csv_path))


def _month_table(month: str, figures: list[MonthHours], lang: str) -> None:
    if not figures:
        click.echo(t("hours.none", lang, month=month_text(month, lang)))
        return
    from atelier.cli.tables import table as new_table

    locked = t("hours.locked", lang) if figures[0].locked else ""
    right = {"justify": "right", "no_wrap": True}
    table = new_table((("Salarié·e", "Trainee", {"no_wrap": True}), ("Présence", "Attended", right),
                       ("Correc-\ntions", "Correc-\ntions", right), ("Total", "Total", right),
                       ("Opéra-\ntions", "Opera-\ntions", right),
                       ("Autres\nactivités", "Other", right),
                       ("Non\naffecté", "Unallo-\ncated", right),
                       ("Absences\n(demi-journées)", "Absences\n(sessions)")),
                      lang, t("hours.title", lang, month=month_text(month, lang), locked=locked))
    for m in figures:
        other = m.entries_minutes - m.activities.get("operation", 0)
        absent = ", ".join(f"{label(REASONS, reason, lang)} {a.sessions}"
                           for reason, a in m.absences.items())
        table.add_row(m.trainee, format_minutes(m.attended_minutes),
                      format_minutes(m.corrections_minutes), format_minutes(m.total_minutes),
                      format_minutes(m.activities.get("operation", 0)), format_minutes(other),
                      format_minutes(m.unallocated_minutes), absent or "—")
    console().print(table)
    for m in figures:
        if m.days_to_reconcile:
            click.echo(t("hours.reconcile", lang, who=m.trainee,
                         days=", ".join(fr_date(d, lang) for d in m.days_to_reconcile)))


@hours.command("validate")
@click.argument("month")
@common
@json_option
def hours_validate(month: str) -> None:
    """Validate MONTH (YYYY-MM): its hours are locked, only corrections change them."""
    s = settings()
    with open_workshop() as ws:
        figures = ws.validate_month(month)
    if s.json:
        emit({"month": month, "locked": True, "trainees": figures})
        return
    click.echo(t("hours.validated", s.lang, month=month_text(month, s.lang),
                 trainees=len(figures),
                 total=format_minutes(sum(m.total_minutes for m in figures))))


@hours.command("correct", context_settings={"ignore_unknown_options": True})
@click.argument("month")
@click.argument("code")
@click.argument("minutes", type=int)
@click.option("--reason", required=True, help="Why the validated month is corrected.")
@common
@json_option
def hours_correct(month: str, code: str, minutes: int, reason: str) -> None:
    """Correct trainee CODE's validated MONTH by MINUTES (negative to remove)."""
    s = settings()
    with open_workshop() as ws:
        done = ws.correct_hours(month, code, minutes, reason)
    if s.json:
        emit(done)
        return
    click.echo(t("hours.corrected", s.lang, minutes=f"{minutes:+d}", trainee=code,
                 month=month_text(done.month, s.lang), on=fr_date(done.recorded_on, s.lang)))


@hours.command("orders")
@click.option("--collectivity", "collectivity_id", type=int, help="Only this collectivity (id).")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False),
              help="Also write them as CSV (for a spreadsheet).")
@common
@json_option
def hours_orders(collectivity_id: int | None, csv_path: str | None) -> None:
    """Insertion hours per order (reserved contracts, social clauses)."""
    s = settings()
    with open_workshop() as ws:
        found = ws.order_hours(collectivity_id=collectivity_id)
        rows = (ws.write_order_hours_csv(csv_path, collectivity_id=collectivity_id)
                if csv_path else None)
    if s.json:
        emit(found if csv_path is None else {"orders": found, "csv": csv_path})
        return
    if not found:
        click.echo(t("hours.no_orders", s.lang))
    else:
        from atelier.cli.tables import one_line, show
        from atelier.cli.tables import table as new_table

        right = {"justify": "right", "no_wrap": True}
        table = new_table((("Commande", "Order", {"no_wrap": True}),
                           ("Collectivité", "Collectivity"),
                           ("Marché\nréservé", "Reserved\ncontract", {"justify": "center"}),
                           ("Travail", "Work", right), ("Pointages", "Time\nentries", right),
                           ("Total", "Total", right)),
                          s.lang, t("hours.orders_title", s.lang))
        for o in found:
            table.add_row(o.order, one_line(o.collectivity), "✓" if o.reserved_contract else "",
                          format_minutes(o.work_minutes), format_minutes(o.entry_minutes),
                          format_minutes(o.total_minutes))
        show(table)
    if csv_path:
        click.echo(t("hours.csv", s.lang, rows=rows, path=csv_path))


@hours.command("collectivities")
@common
@json_option
def hours_collectivities() -> None:
    """Insertion hours per collectivity, and those under reserved contracts."""
    s = settings()
    with open_workshop() as ws:
        found = ws.collectivity_hours()
    if s.json:
        emit(found)
        return
    if not found:
        click.echo(t("hours.no_orders", s.lang))
        return
    from atelier.cli.formats import french_key
    from atelier.cli.tables import show
    from atelier.cli.tables import table as new_table

    right = {"justify": "right", "no_wrap": True}
    table = new_table((("Collectivité", "Collectivity"), ("Commandes", "Orders", right),
                       ("Total", "Total", right),
                       ("Dont marchés\nréservés", "Of which\nreserved", right)),
                      s.lang, t("hours.collectivities_title", s.lang))
    for c in sorted(found, key=lambda c: french_key(c.collectivity)):
        table.add_row(c.collectivity, str(c.orders), format_minutes(c.total_minutes),
                      format_minutes(c.reserved_minutes))
    show(table)


def register(group: click.Group) -> None:
    """Attach these commands to the ``atelier`` group."""
    group.add_command(attendance.attendance)
    group.add_command(attendance.time_group)
    group.add_command(hours)
