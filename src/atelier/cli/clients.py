"""``atelier client …`` and ``atelier order …``: collectivities, quotes and orders."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from atelier.cli.context import common, console, emit, json_option, open_workshop, settings
from atelier.cli.i18n import KINDS, STATUS, label, t

if TYPE_CHECKING:
    from rich.table import Table

    from atelier import OrderSummary

KIND_CHOICES = ["mediatheque", "library_network", "school", "archive", "town_hall", "other"]


@click.group()
def client() -> None:
    """Collectivities: the libraries, schools, archives and town halls that order work."""


@client.command("add")
@click.argument("name")
@click.option("--kind", required=True, type=click.Choice(KIND_CHOICES),
              help="What kind of collectivity.")
@click.option("--siret", help="SIRET (14 digits, check digit verified).")
@click.option("--chorus-code", help="Chorus Pro service code of the buyer.")
@click.option("--engagement", help="Engagement / purchase-order number of the buyer.")
@click.option("--contact", "contacts", multiple=True, metavar="NAME[,ROLE[,EMAIL[,PHONE]]]",
              help="A contact person (repeatable).")
@common
@json_option
def client_add(name: str, kind: str, siret: str | None, chorus_code: str | None,
               engagement: str | None, contacts: tuple[str, ...]) -> None:
    """Register a collectivity. Prints its id."""
    from atelier import Contact

    s = settings()
    people = []
    for raw in contacts:
        parts = [p.strip() for p in raw.split(",")] + ["", "", ""]
        people.append(Contact(name=parts[0], role=parts[1], email=parts[2], phone=parts[3]))
    with open_workshop() as ws:
        new_id = ws.add_collectivity(name, kind=kind, siret=siret,
                                     chorus_service_code=chorus_code,
                                     engagement_ref=engagement, contacts=people)
    if s.json:
        emit({"id": new_id})
    else:
        click.echo(t("client.added", s.lang, id=new_id, name=name))


@client.command("list")
@common
@json_option
def client_list() -> None:
    """List the collectivities."""
    s = settings()
    with open_workshop() as ws:
        found = ws.collectivities()
    if s.json:
        emit(found)
        return
    from rich.table import Table

    fr = s.lang == "fr"
    table = Table()
    for col in ("N°" if fr else "#", "Nom" if fr else "Name", "Type" if fr else "Kind", "SIRET",
                "Chorus Pro"):
        table.add_column(col)
    for c in found:
        table.add_row(str(c.id), c.name, label(KINDS, c.kind, s.lang), c.siret or "—",
                      c.chorus_service_code or "—")
    console().print(table)


@click.group()
def order() -> None:
    """Orders: quotes, acceptance, cancellation, the list."""


@order.command("create")
@click.option("--client", "client_id", required=True, type=int, help="Collectivity id.")
@click.option("--line", "lines", required=True, multiple=True, metavar="SERVICE[:FORMAT]=QTY",
              help="An order line (repeatable), e.g. couvrage:poche=120.")
@click.option("--due", type=click.DateTime(formats=["%Y-%m-%d"]), help="Due date YYYY-MM-DD.")
@click.option("--po", "purchase_order", help="Purchase-order / engagement number.")
@click.option("--reserved", is_flag=True, help="Reserved contract / social clause.")
@click.option("--accepted", is_flag=True, help="The client already agreed: skip the quote.")
@common
@json_option
def order_create(client_id: int, lines: tuple[str, ...], due: dt.datetime | None,
                 purchase_order: str | None, reserved: bool, accepted: bool) -> None:
    """Create an order (a quote unless --accepted) with prices frozen from the catalogue."""
    from atelier.domain.money import format_euros

    s = settings()
    with open_workshop() as ws:
        ref = ws.create_order(client_id, lines, due_date=due.date() if due else None,
                              purchase_order=purchase_order, reserved_contract=reserved,
                              accepted=accepted)
        st = ws.status(ref)
    if s.json:
        emit({"ref": ref, "status": st.status, "total_cents": st.total_cents})
    else:
        click.echo(t("order.created", s.lang, ref=ref, status=label(STATUS, st.status, s.lang),
                     total=format_euros(st.total_cents)))


@order.command("accept")
@click.argument("order_ref")
@click.option("--version", "expected", type=int, help="Refuse if the order changed since.")
@common
@json_option
def order_accept(order_ref: str, expected: int | None) -> None:
    """The client accepted the quote."""
    s = settings()
    with open_workshop() as ws:
        ws.accept(order_ref, expected_version=expected)
    if s.json:
        emit({"ref": order_ref, "status": "accepted"})
    else:
        click.echo(t("order.accepted", s.lang, ref=order_ref))


@order.command("cancel")
@click.argument("order_ref")
@click.option("--reason", required=True, help="Why the order is cancelled.")
@click.option("--version", "expected", type=int, help="Refuse if the order changed since.")
@common
@json_option
def order_cancel(order_ref: str, reason: str, expected: int | None) -> None:
    """Cancel an order (only while the workshop holds none of its books)."""
    s = settings()
    with open_workshop() as ws:
        ws.cancel(order_ref, reason, expected_version=expected)
    if s.json:
        emit({"ref": order_ref, "status": "cancelled"})
    else:
        click.echo(t("order.cancelled", s.lang, ref=order_ref))


@order.command("list")
@click.option("--client", "client_id", type=int, help="Only this collectivity's orders.")
@common
@json_option
def order_list(client_id: int | None) -> None:
    """List orders, newest first, with their derived status."""
    s = settings()
    with open_workshop() as ws:
        found = ws.orders(client_id)
    if s.json:
        emit(found)
        return
    console().print(orders_table(found, s.lang))


def orders_table(found: list[OrderSummary], lang: str, title: str | None = None) -> Table:
    """The orders as a table for people: ref, client, status, items, due date, amount."""
    from rich.table import Table

    from atelier.domain.money import format_euros

    fr = lang == "fr"
    table = Table(title=title)
    table.add_column("Commande" if fr else "Order", no_wrap=True)
    for col in (("Collectivité", "Collectivity"), ("État", "Status"), ("Documents", "Items"),
                ("Échéance", "Due")):
        table.add_column(col[0] if fr else col[1])
    table.add_column("Montant HT" if fr else "Amount", justify="right", no_wrap=True)
    for o in found:
        table.add_row(o.ref, o.collectivity, label(STATUS, o.status, lang), str(o.items),
                      o.due_date.strftime("%d/%m/%Y") if o.due_date else "—",
                      format_euros(o.total_cents))
    return table


def register(group: click.Group) -> None:
    """Attach these commands to the ``atelier`` group."""
    group.add_command(client)
    group.add_command(order)
