"""Items, reception, work, quality checks, deliveries and the audit log."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from atelier.cli.context import (
    common,
    emit,
    json_option,
    open_workshop,
    read_barcodes,
    settings,
    working,
)
from atelier.cli.i18n import CUSTODY_ONE, label, t
from atelier.cli.params import Day
from atelier.domain.item_list import OVERFLOW_LIMIT

if TYPE_CHECKING:
    from atelier import Workshop


@click.group()
def items() -> None:
    """The books of an order: import the list, placeholders, missing and refused."""


@items.command("import")
@click.argument("order_ref")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--allow-shared", is_flag=True,
              help="Import barcodes already in another open order of the same collectivity.")
@click.option("--overflow-limit", type=float, default=OVERFLOW_LIMIT, show_default=True,
              metavar="FACTOR",
              help="Refuse the file if a line would hold more than FACTOR times its "
                   "ordered quantity (past the quantity itself, a warning).")
@common
@json_option
def items_import(order_ref: str, file: str, allow_shared: bool, overflow_limit: float) -> None:
    """Import the collectivity's item list (CSV from Koha, PMB…): every row, or none.

    Columns are recognised by name; UTF-8 (with or without BOM) or Windows-1252;
    separated by ; or , . On error every bad row is named and nothing is saved.
    """
    s = settings()
    with open_workshop() as ws, working("working.import", file=file):
        result = ws.import_items(order_ref, file, allow_shared=allow_shared,
                                 overflow_limit=overflow_limit)
    if s.json:
        emit(result)
    elif result.already_imported:
        click.echo(t("import.again", s.lang, ref=result.order_ref))
    else:
        click.echo(t("import.done", s.lang, items=result.items, file=file, tasks=result.tasks))
        for over in result.over_quantity:
            click.echo(t("import.over", s.lang, line=over.line_no, service=over.service,
                         format=over.format, listed=over.listed, ordered=over.ordered),
                       err=True)


@items.command("placeholders")
@click.argument("order_ref")
@click.option("--count", type=int, help="How many (default: the largest line of each format).")
@click.option("--format", "fmt", help="Only this format.")
@common
@json_option
def items_placeholders(order_ref: str, count: int | None, fmt: str | None) -> None:
    """Create numbered placeholder items for an order that came without a list."""
    s = settings()
    with open_workshop() as ws, working("working.placeholders"):
        result = ws.add_placeholders(order_ref, count, fmt)
    if s.json:
        emit(result)
    else:
        click.echo(t("placeholders.done", s.lang, ref=order_ref, items=result.items,
                     tasks=result.tasks))


@items.command("list")
@click.argument("order_ref")
@click.option("--custody", type=click.Choice(["expected", "received", "in_workshop", "ready",
                                              "returned", "missing", "refused"]),
              help="Only the items in this custody state.")
@common
@json_option
def items_list(order_ref: str, custody: str | None) -> None:
    """The items of an order with their custody state (and reason, delivery note)."""
    s = settings()
    with open_workshop() as ws:
        from atelier.cli.item_list import print_items, print_json

        if s.json:
            print_json(ws, order_ref, custody)
            return
        from atelier.cli.formats import screen_width
        from atelier.cli.names import Names

        print_items(ws, order_ref, custody, s.lang, screen_width(), Names.of(ws.catalogue()))


def _custody(order_ref: str, reason: str, state: str) -> None:
    s = settings()
    codes = list(read_barcodes(s.lang))
    with open_workshop() as ws:
        act = ws.mark_missing if state == "missing" else ws.refuse
        result = act(order_ref, codes, reason)
    if s.json:
        emit(result)
    else:
        click.echo(t(f"custody.{state}", s.lang, n=len(result.barcodes)))


@items.command("missing")
@click.argument("order_ref")
@click.option("--reason", required=True, help="Why (never arrived, lost…).")
@common
@json_option
def items_missing(order_ref: str, reason: str) -> None:
    """Mark items missing (barcodes on standard input)."""
    _custody(order_ref, reason, "missing")


@items.command("refuse")
@click.argument("order_ref")
@click.option("--reason", required=True, help="Why the item cannot be worked on.")
@common
@json_option
def items_refuse(order_ref: str, reason: str) -> None:
    """Refuse items unfit for the work: returned as they are (barcodes on standard input)."""
    _custody(order_ref, reason, "refused")


@click.command()
@click.argument("order_ref")
@common
@json_option
def receive(order_ref: str) -> None:
    """Receive books by scanning their barcodes, one per line on standard input.

    Unknown barcodes and books already received are reported, not fatal.
    """
    s = settings()
    codes = list(read_barcodes(s.lang))
    with open_workshop() as ws, working("working.receive", n=len(codes)):
        result = ws.receive(order_ref, codes)
    if s.json:
        emit(result)
        return
    click.echo(t("receive.done", s.lang, n=len(result.received), ref=order_ref))
    if result.unknown:
        click.echo(t("receive.unknown", s.lang, codes=" ".join(result.unknown)), err=True)
    if result.not_expected:
        click.echo(t("receive.not_expected", s.lang,
                     codes=" ".join(f"{n.barcode} ({label(CUSTODY_ONE, n.custody, s.lang)})"
                                    for n in result.not_expected)),
                   err=True)
    if result.repeated:
        click.echo(t("receive.repeated", s.lang, codes=" ".join(result.repeated)), err=True)


@click.group()
def work() -> None:
    """Production: record work on a batch of items, quality checks."""


@work.command("record")
@click.argument("order_ref")
@click.option("--operation", required=True, help="Operation code of the routing.")
@click.option("--trainee", required=True, help="Trainee code (T-0042).")
@click.option("--minutes", type=int, help="Minutes spent on the batch (default: standard time).")
@click.option("--supervisor", help="Staff member who supervised.")
@click.option("--service", help="Only this service (when services share the operation).")
@click.option("--all", "all_ready", is_flag=True,
              help="Every item of the order ready for this operation (no barcodes read).")
@click.option("--day", type=Day(),
              help="Day the work was done, YYYY-MM-DD (default today): it counts in its hours.")
@common
@json_option
def work_record(order_ref: str, operation: str, trainee: str, minutes: int | None,
                supervisor: str | None, service: str | None, all_ready: bool,
                day: dt.datetime | None) -> None:
    """Record an operation done by a trainee on items (barcodes on standard input, or --all).

    The skill gate applies: the trainee holds the level each operation needs, or
    one level below with --supervisor naming the staff member supervising.
    """
    s = settings()
    codes = None if all_ready else list(read_barcodes(s.lang))
    with open_workshop() as ws, working("working.record", operation=operation):
        r = ws.record_work(order_ref, operation, trainee, codes, minutes=minutes,
                           supervisor=supervisor, service=service,
                           day=None if day is None else day.date())
        if s.json:
            emit(r)
            return
        name = _operation_name(ws, operation)
    click.echo(t("work.done", s.lang, tasks=r.tasks, operation=name, trainee=trainee,
                 minutes=r.minutes, ready=r.items_ready))


@work.command("check")
@click.argument("order_ref")
@click.option("--operation", required=True, help="The checkpoint operation code.")
@click.option("--pass", "passed", flag_value=True, default=None, help="The check is passed.")
@click.option("--fail", "defect", metavar="DEFECT", help="The check failed with this defect code.")
@click.option("--checker", help="Staff member checking (default: --user).")
@click.option("--service", help="The service checked (needed to fail a check shared by "
              "several services of the same items).")
@click.option("--all", "all_ready", is_flag=True, help="Every item waiting for this check.")
@common
@json_option
def work_check(order_ref: str, operation: str, passed: bool | None, defect: str | None,
               checker: str | None, service: str | None, all_ready: bool) -> None:
    """Quality check at a checkpoint: --pass, or --fail DEFECT to send the items back to rework."""
    s = settings()
    if bool(passed) == bool(defect):
        raise click.UsageError("--pass ou --fail DEFECT" if s.lang == "fr"
                               else "give --pass or --fail DEFECT")
    codes = None if all_ready else list(read_barcodes(s.lang))
    with open_workshop() as ws, working("working.check", operation=operation):
        r = ws.check(order_ref, operation, codes, passed=bool(passed), defect=defect,
                     checker=checker, service=service)
        if s.json:
            emit(r)
            return
        name = _operation_name(ws, operation)
    click.echo(t(f"check.{r.result}", s.lang, operation=name, tasks=r.tasks,
                 ready=r.items_ready))


def _operation_name(ws: Workshop, code: str) -> str:
    """An operation by its catalogue name (the code typed, if the catalogue has none)."""
    from atelier.cli.names import Names

    return Names.of(ws.catalogue()).operation(code)


@click.command()
@click.argument("order_ref")
@click.option("--all", "all_ready", is_flag=True, help="Every finished item (no barcodes read).")
@common
@json_option
def deliver(order_ref: str, all_ready: bool) -> None:
    """Deliver finished items under a new numbered delivery note (barcodes on stdin, or --all)."""
    s = settings()
    codes = None if all_ready else list(read_barcodes(s.lang))
    with open_workshop() as ws, working("working.deliver"):
        r = ws.deliver(order_ref, codes)
    if s.json:
        emit(r)
    else:
        click.echo(t("deliver.done", s.lang, number=r.number, n=len(r.barcodes), ref=order_ref))


def register(group: click.Group) -> None:
    """Attach these commands to the ``atelier`` group."""
    from atelier.cli import records

    for command in (items, receive, work, deliver, records.delivery, records.audit):
        group.add_command(command)
