"""``atelier client …`` and ``atelier order …``: collectivities, quotes and orders."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from atelier.cli.context import common, emit, json_option, open_workshop, settings
from atelier.cli.i18n import KINDS, STATUS, label, t
from atelier.cli.params import Day

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
        # The name as kept (spaces trimmed), not as typed.
        stored = ws.collectivity(new_id).name if not s.json else name
    if s.json:
        emit({"id": new_id})
    else:
        click.echo(t("client.added", s.lang, id=new_id, name=stored))


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
    if not found:
        click.echo(t("client.none", s.lang))
        return
    from atelier.cli.formats import french_key
    from atelier.cli.tables import show, table

    listed = table((("N°", "#", {"justify": "right"}), ("Nom", "Name"), ("Type", "Kind"),
                    ("SIRET", "SIRET", {"no_wrap": True}), ("Chorus Pro", "Chorus Pro")),
                   s.lang, "Collectivités" if s.lang == "fr" else "Collectivities")
    for c in sorted(found, key=lambda c: french_key(c.name)):
        listed.add_row(str(c.id), c.name, label(KINDS, c.kind, s.lang), c.siret or "—",
                       c.chorus_service_code or "—")
    show(listed)


@click.group()
def order() -> None:
    """Orders: quotes, acceptance, cancellation, the list."""


@order.command("create")
@click.option("--client", "client_id", required=True, type=int, help="Collectivity id.")
@click.option("--line", "lines", required=True, multiple=True, metavar="SERVICE[:FORMAT]=QTY",
              help="An order line (repeatable), e.g. couvrage:poche=120.")
@click.option("--due", type=Day(), help="Due date YYYY-MM-DD.")
@click.option("--po", "purchase_order", help="Purchase-order / engagement number.")
@click.option("--reserved", is_flag=True, help="Reserved contract / social clause.")
@click.option("--accepted", is_flag=True, help="The client already agreed: skip the quote.")
@common
@json_option
def order_create(client_id: int, lines: tuple[str, ...], due: dt.datetime | None,
                 purchase_order: str | None, reserved: bool, accepted: bool) -> None:
    """Create an order (a quote unless --accepted) with prices frozen from the catalogue."""
    from atelier.cli.formats import money_text

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
                     total=money_text(st.total_cents, s.lang)))


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
@click.option("--limit", type=click.IntRange(1, 100_000), default=None,
              help="At most this many orders (default: all of them).")
@click.option("--page", type=click.IntRange(1, 100_000), default=1, show_default=True,
              help="With --limit: which page of orders (1 is the newest).")
@common
@json_option
def order_list(client_id: int | None, limit: int | None, page: int) -> None:
    """List orders, newest first, with their derived status."""
    s = settings()
    with open_workshop() as ws:
        # The page is cut by the database: a long history costs only the page shown.
        found = ws.orders(client_id, limit=limit,
                          offset=0 if limit is None else (page - 1) * limit)
    if s.json:
        emit(found)
        return
    if not found:
        click.echo(t("order.none", s.lang))
        return
    from atelier.cli.tables import show

    show(orders_table(found, s.lang, "Commandes" if s.lang == "fr" else "Orders"))


def orders_table(found: list[OrderSummary], lang: str, title: str | None = None) -> Table:
    """The orders as a table for people: ref, client, status, items, due date, amount.

    One line per order at 100 columns: a collectivity's name is cut with an ellipsis
    rather than folded over three lines."""
    from atelier.cli.formats import day_text, money_text, number_text
    from atelier.cli.tables import one_line, table

    listed = table((("Commande", "Order", {"no_wrap": True}),
                    ("Collectivité", "Collectivity"),
                    ("État", "Status", {"no_wrap": True}),
                    ("Documents", "Items", {"justify": "right", "no_wrap": True}),
                    ("Échéance", "Due", {"no_wrap": True}),
                    ("Montant HT", "Excl. VAT", {"justify": "right", "no_wrap": True})),
                   lang, title)
    for o in found:
        listed.add_row(o.ref, one_line(o.collectivity), label(STATUS, o.status, lang),
                       number_text(o.items, lang), day_text(o.due_date, lang),
                       money_text(o.total_cents, lang, tax=False))
    return listed


def register(group: click.Group) -> None:
    """Attach these commands to the ``atelier`` group."""
    group.add_command(client)
    group.add_command(order)
