"""Delivery notes and the audit log, as people read them (registered by
:func:`atelier.cli.production.register`)."""

from __future__ import annotations

import click

from atelier.cli.context import common, emit, json_option, open_workshop, settings
from atelier.cli.i18n import label, t

#: The doors an act comes through, as people say them.
DOORS = {"cli": ("ligne de commande", "command line"), "api": ("API web", "web API"),
         "library": ("bibliothèque Python", "Python library")}


@click.group()
def delivery() -> None:
    """Delivery notes."""


@delivery.command("show")
@click.argument("number")
@common
@json_option
def delivery_show(number: str) -> None:
    """A delivery note: order, date, returned barcodes."""
    s = settings()
    with open_workshop() as ws:
        d = ws.delivery(number)
    if s.json:
        emit(d)
        return
    from atelier.cli.formats import day_text, visible

    click.echo(t("delivery.head", s.lang, number=d.number, ref=d.order_ref,
                 on=day_text(d.delivered_on, s.lang), n=len(d.barcodes)))
    for code in d.barcodes:
        click.echo(f"  {visible(code)}")


@delivery.command("barcodes")
@click.argument("number")
@common
def delivery_barcodes(number: str) -> None:
    """The returned barcodes, one per line: what a library feeds to its batch tools."""
    with open_workshop() as ws:
        d = ws.delivery(number)
    for code in d.barcodes:
        click.echo(code)


@click.command()
@click.option("--entity", help="order, collectivity, delivery, catalogue, post, trainee.")
@click.option("--key", help="The entity's key (e.g. an order ref).")
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@common
@json_option
def audit(entity: str | None, key: str | None, limit: int) -> None:
    """The audit log, newest first: who, when, what, before → after, through which door."""
    s = settings()
    with open_workshop() as ws:
        records = ws.audit(entity, key, limit)
    if s.json:
        emit(records)
        return
    from atelier.cli.formats import moment_text
    from atelier.cli.names import action_text
    from atelier.cli.tables import show, table

    listed = table((("Quand", "When", {"no_wrap": True}), ("Qui", "Who"),
                    ("Par", "Door", {"no_wrap": True}), ("Acte", "Act")),
                   s.lang, "Journal d'audit" if s.lang == "fr" else "Audit log")
    for r in records:
        listed.add_row(moment_text(r.at, s.lang), r.actor, label(DOORS, r.door, s.lang),
                       action_text(r, s.lang))
    show(listed)
