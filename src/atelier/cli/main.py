"""``atelier``: the command group, set-up, the demo, the catalogue and order status."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from atelier.cli.context import (
    common,
    console,
    emit,
    json_option,
    open_workshop,
    settings,
    without_collector,
)
from atelier.cli.help import HelpGroup, localize, sniff_lang
from atelier.cli.i18n import CUSTODY, STATUS, label, t
from atelier.cli.lazy import LazyGroup, make_lazy
from atelier.cli.names import Names
from atelier.domain.bounds import LANGS

if TYPE_CHECKING:
    from atelier import OrderSummary, PostView


#: The commands of the other modules, by name: a module is imported the first time one of
#: its commands is asked for, so that a cold ``atelier status`` pays for none of them. A test
#: checks that this table is what each module's ``register`` adds.
LAZY_COMMANDS = {
    **dict.fromkeys(("serve", "token"), "atelier.cli.api"),
    **dict.fromkeys(("client", "order"), "atelier.cli.clients"),
    **dict.fromkeys(("attendance", "hours", "time"), "atelier.cli.hours"),
    **dict.fromkeys(("post", "trainee"), "atelier.cli.people"),
    **dict.fromkeys(("audit", "deliver", "delivery", "items", "receive", "work"),
                    "atelier.cli.production"),
    **dict.fromkeys(("skill", "skills"), "atelier.cli.skills"),
}


class AtelierGroup(LazyGroup, HelpGroup):
    """The ``atelier`` group: click's own usage errors and help speak the staff's language
    too, and the other modules' commands are imported on first use."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        argv = list(sys.argv[1:] if args is None else args)
        try:
            value = super().main(argv, prog_name, complete_var, False, **extra)
        except click.exceptions.NoArgsIsHelpError as err:  # a group alone: its help, no error
            err.show()
            sys.exit(err.exit_code)
        except click.ClickException as err:
            _show_usage_error(err, _sniff_lang(argv))
            sys.exit(err.exit_code)
        except click.exceptions.Abort:
            click.echo("Abandon." if _sniff_lang(argv) == "fr" else "Aborted!", err=True)
            sys.exit(1)
        sys.exit(value if isinstance(value, int) else 0)


def _sniff_lang(argv: list[str]) -> str:
    """The language asked for, read from the raw arguments (the error may come before
    any option was parsed)."""
    from atelier.cli.i18n import resolve_lang

    return sniff_lang(argv) or resolve_lang(None)


def _show_usage_error(err: click.ClickException, lang: str) -> None:
    from atelier.cli.text_usage import usage_text

    ctx = getattr(err, "ctx", None)
    if isinstance(err, click.UsageError) and ctx is not None:
        usage = ctx.get_usage()
        if lang == "fr":
            usage = usage.replace("Usage:", "Utilisation :", 1)
        click.echo(usage, err=True)
        hint = f"{ctx.command_path} {ctx.help_option_names[0]}"
        click.echo(f"Essayez « {hint} » pour l'aide." if lang == "fr"
                   else f"Try '{hint}' for help.", err=True)
    text = usage_text(err.format_message(), lang)
    click.echo(f"Erreur : {text}" if lang == "fr" else f"Error: {text}", err=True)


@click.group(cls=AtelierGroup, context_settings={"help_option_names": ["-h", "--help"],
                                                  "max_content_width": 100})
@common
@click.version_option(package_name="atelier")
def main() -> None:
    """atelier: orders, items, work and pathways of a work-integration workshop.

    Messages are in French unless --lang en (or ATELIER_LANG=en). The database
    is ./atelier.db unless --db or ATELIER_DATABASE_URL names another one
    (a SQLite file or a postgresql:// URL).
    """


@main.command()
@click.option("--catalogue", type=click.Path(exists=True, dir_okay=False),
              help="A catalogue TOML file (default: the bookbinding catalogue).")
@common
@json_option
def init(catalogue: str | None) -> None:
    """Create or upgrade the database and load the catalogue."""
    s = settings()
    with open_workshop() as ws:
        catalogue_id, created = ws.init(catalogue)
        cat = ws.catalogue()
        current, _ = ws.schema_revision()
        url = ws.location
    if s.json:
        emit({"database": url, "schema": current, "catalogue": {
            "id": catalogue_id, "code": cat.code, "version": cat.version, "created": created}})
        return
    click.echo(t("init.done", s.lang, url=url, revision=current, catalogue=cat.name,
                 version=cat.version, how=t("init.installed" if created else "init.kept",
                                            s.lang)))


@main.command()
@click.option("--db", "path", default="atelier-demo.db", show_default=True,
              help="The SQLite file to create.")
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@click.option("--lang", type=click.Choice(LANGS), envvar="ATELIER_LANG", default=None,
              help="Language of messages (default fr).")
@json_option
def demo(path: str, force: bool, lang: str | None) -> None:
    """Build a realistic demo workshop in a fresh SQLite file and show its overview."""
    import shlex

    from atelier import Workshop, build_demo
    from atelier.cli.i18n import resolve_lang

    s = settings()
    s.lang = resolve_lang(lang or s.lang)
    target = Path(path)
    if target.exists():
        if not force:
            raise click.ClickException(t("demo.exists", s.lang, path=path))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
    with Workshop.open(str(target), actor=s.user or "démo", door="cli") as ws:
        ws.init()
        build_demo(ws)
        orders = ws.orders()
        posts = ws.posts()
        if s.json:
            emit({"database": str(target), "orders": orders, "posts": posts})
            return
        _overview(orders, posts, s.lang)
        click.echo(t("demo.done", s.lang, path=target))
        busy = next((o.ref for o in orders if o.status == "in_progress"), orders[0].ref)
        # Quoted so that the hint can be pasted as it is, spaces and accents included.
        click.echo(t("demo.next", s.lang, path=shlex.quote(str(target)), ref=busy))


def _overview(orders: list[OrderSummary], posts: list[PostView], lang: str) -> None:
    from atelier.cli import clients, people

    fr = lang == "fr"
    con = console()
    con.print(clients.orders_table(orders, lang, "Commandes" if fr else "Orders"))
    con.print(people.posts_table(posts, lang))


@main.command()
@click.argument("order_ref")
@common
@json_option
def status(order_ref: str) -> None:
    """Where an order stands: status, items by custody, progress per line, deliveries."""
    with without_collector():  # a few rows: the cold start is most of it (B8)
        _status(order_ref)


def _status(order_ref: str) -> None:
    s = settings()
    with open_workshop() as ws:
        st = ws.status(order_ref)
        if s.json:
            emit(st)
            return
        names = Names.of(ws.catalogue())
    from atelier.cli.formats import day_text, money_text, number_text
    from atelier.cli.screen import Screen
    from atelier.domain.durations import format_minutes
    from atelier.domain.item import CUSTODY_STATES

    fr = s.lang == "fr"
    screen = Screen()  # drawn without rich when the output is plain (a cold call: B8)
    screen.line((st.ref, "bold"), " — ", st.collectivity, " — ",
                (label(STATUS, st.status, s.lang), "bold"))
    screen.line("Échéance " if fr else "Due ", day_text(st.due_date, s.lang),
                " · bon de commande " if fr else " · purchase order ",
                st.purchase_order or "—", " · total ", money_text(st.total_cents, s.lang))
    # The states that hold items, so that the line fits 100 columns.
    held = [f"{label(CUSTODY, k, s.lang)} {number_text(getattr(st.items, k), s.lang)}"
            for k in CUSTODY_STATES if getattr(st.items, k)]
    screen.line(t("status.items", s.lang, n=number_text(st.items.total, s.lang)),
                " — " if held else "", " · ".join(held))
    if st.status == "delivered" and st.items.expected:
        # Listed but never sent: why a delivered order still counts items "expected".
        screen.text(t("status.never_received_one" if st.items.expected == 1
                      else "status.never_received", s.lang, n=st.items.expected))
    right = {"justify": "right", "no_wrap": True}
    lines = screen.table((("Prestation", "Service"), ("Format", "Format"),
                          ("Qté", "Qty", right), ("Documents finis", "Items done", right),
                          ("Tâches", "Tasks", right), ("Avancement", "Progress", right),
                          ("Reste", "Left", right)),
                         s.lang, "Avancement" if fr else "Progress")
    for p in st.services:
        lines.add_row(names.service(p.service), names.format(p.format), str(p.quantity),
                      f"{p.items_done}/{p.items}", f"{p.tasks_done}/{p.tasks_total}",
                      f"{p.percent} %", format_minutes(round(p.remaining_minutes)))
    for d in st.deliveries:
        screen.text(t("status.delivery", s.lang, number=d.number,
                      on=day_text(d.delivered_on, s.lang), n=d.items))
    screen.show()


@main.group()
def catalogue() -> None:
    """The catalogue of services, operations, prices and skills."""


@catalogue.command("show")
@common
@json_option
def catalogue_show() -> None:
    """Show the active catalogue (services with routings and prices, skills)."""
    s = settings()
    with open_workshop() as ws:
        cat = ws.catalogue()
    if s.json:
        emit(cat)
        return
    from atelier.cli.formats import money_text
    from atelier.cli.tables import line, one_line, table

    fr = s.lang == "fr"
    con = console()
    names = Names.of(cat)
    con.print(line((cat.name, "bold"), f" ({cat.code} {cat.version})"))
    for svc in cat.services:
        ops = table((("Opération", "Operation"), ("Code", "Code", {"no_wrap": True}),
                     ("Min/doc", "Min/item", {"justify": "right", "no_wrap": True}),
                     ("Compétence", "Skill"), ("Niveau", "Level", {"justify": "right"}),
                     ("Contrôle", "Check", {"justify": "center"})),
                    s.lang, f"{svc.name} ({svc.code}, {svc.category})")
        for op in svc.operations:
            ops.add_row(op.name, op.code, f"{op.standard_minutes:g}".replace(
                ".", "," if fr else "."), one_line(names.skill(op.skill)), str(op.min_level),
                "✓" if op.checkpoint else "")
        con.print(ops)
        for fmt, breaks in svc.prices.items():  # a line per format: it fits 100 columns
            steps = [money_text(b.unit_cents, s.lang, tax=False) if b.min_quantity <= 1 else
                     t("catalogue.price_from", s.lang,
                       price=money_text(b.unit_cents, s.lang, tax=False), n=b.min_quantity)
                     for b in breaks]
            con.print(line(t("catalogue.prices", s.lang, format=names.format(fmt)),
                           (" ; " if fr else "; ").join(steps)))
        con.print("")
    skills = table((("Code", "Code", {"no_wrap": True}), ("Intitulé", "Name"),
                    ("Type", "Kind"), ("Réf.", "Ref.")),
                   s.lang, "Compétences" if fr else "Skills")
    for sk in cat.skills:
        skills.add_row(sk.code, sk.name, sk.kind, sk.reference)
    con.print(skills)


localize(main)  # every command defined here shows its help in French…
make_lazy(main, LAZY_COMMANDS, localize)  # …and so does each one loaded later


def run() -> None:
    """Entry point used by ``python -m atelier``."""
    main(prog_name="atelier", windows_expand_args=False)


if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    run()
