"""Use cases of collectivities and orders: register a client, quote, accept, cancel, read."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence

from atelier.domain import bounds
from atelier.domain import order as order_rules
from atelier.domain.actor import Actor
from atelier.domain.collectivity import (
    Collectivity,
    Contact,
    check_collectivity_id,
    new_collectivity,
)
from atelier.domain.delivery import order_ref
from atelier.domain.item import check_custody
from atelier.domain.order import LineRequest, Order
from atelier.domain.views import AuditRecord, ItemView, OrderStatus, OrderSummary
from atelier.services.catalogues import active_catalogue
from atelier.services.ports import UnitOfWork


def check_ref(ref: str) -> str:
    """An order's reference as a caller names it, in capitals (``cmd-2026-0001`` names
    ``CMD-2026-0001``; see :func:`atelier.domain.order.check_ref`)."""
    return order_rules.check_ref(ref)


def add_collectivity(uow: UnitOfWork, actor: Actor, *, name: str, kind: str,
                     siret: str | None = None, chorus_service_code: str | None = None,
                     engagement_ref: str | None = None, contacts: Sequence[Contact] = (),
                     now: dt.datetime) -> int:
    """Register a client collectivity; the SIRET's check digit is verified."""
    made = new_collectivity(name, kind=kind, siret=siret,
                            chorus_service_code=chorus_service_code,
                            engagement_ref=engagement_ref, contacts=contacts)
    new_id = uow.collectivities.add(made, public_id=secrets.token_hex(16), now=now)
    uow.audit.record(actor, "collectivity.add", "collectivity", str(new_id), None,
                     {"name": made.name, "kind": made.kind, "siret": made.siret,
                      "chorus_service_code": made.chorus_service_code,
                      "engagement_ref": made.engagement_ref,
                      "contacts": len(made.contacts)}, now)
    return new_id


def collectivity(uow: UnitOfWork, collectivity_id: int) -> Collectivity:
    """One collectivity by id."""
    return uow.collectivities.get(check_collectivity_id(collectivity_id))


def create_order(uow: UnitOfWork, actor: Actor, *, collectivity_id: int,
                 lines: Sequence[LineRequest], due_date: dt.date | None = None,
                 purchase_order: str | None = None, reserved_contract: bool = False,
                 accepted: bool = False, now: dt.datetime) -> str:
    """Create an order (a quote unless ``accepted``) with prices frozen from the catalogue.

    Returns the order reference, numbered per year without gaps (``CMD-2026-0001``).
    """
    catalogue_id, catalogue = active_catalogue(uow)
    uow.collectivities.get(check_collectivity_id(collectivity_id))
    priced = order_rules.price_lines(catalogue, list(lines))
    today = now.date()
    due = order_rules.check_due_date(due_date, today)
    po = bounds.name(purchase_order, "purchase_order", bounds.PROCUREMENT) \
        if purchase_order else None
    seq = uow.counters.next("order", today.year)
    order = Order(id=0, ref=order_ref(today.year, seq), collectivity_id=collectivity_id,
                  state=order_rules.ACCEPTED if accepted else order_rules.QUOTE, lines=priced,
                  created_on=today, due_date=due, purchase_order=po,
                  reserved_contract=bool(reserved_contract), catalogue_id=catalogue_id)
    uow.orders.add(order, public_id=secrets.token_hex(16))
    uow.audit.record(actor, "order.create", "order", order.ref, None, {
        "collectivity_id": collectivity_id, "state": order.state,
        "lines": [f"{ln.service}:{ln.format}={ln.quantity}@{ln.unit_cents}" for ln in priced],
        "total_cents": order.total_cents,
        "due_date": due.isoformat() if due else None, "purchase_order": po,
        "reserved_contract": order.reserved_contract}, now)
    return order.ref


def accept_order(uow: UnitOfWork, actor: Actor, ref: str, now: dt.datetime,
                 expected_version: int | None = None) -> None:
    """The client agreed to the quote: the order is accepted."""
    order = _order(uow, ref, expected_version)
    order_rules.check_accept(order)
    uow.orders.set_state(order, order_rules.ACCEPTED, None)
    uow.audit.record(actor, "order.accept", "order", ref, {"state": order.state},
                     {"state": order_rules.ACCEPTED}, now)


def cancel_order(uow: UnitOfWork, actor: Actor, ref: str, reason: str, now: dt.datetime,
                 expected_version: int | None = None) -> None:
    """Cancel an order while the workshop holds none of its books; open tasks are cancelled.

    The order is locked first, so that a reception of one of its books (which
    locks it too) cannot slip in between the count of books held and the cancel.
    """
    order = _order(uow, ref, expected_version, lock="update")
    why = bounds.name(reason, "reason", bounds.REASON)
    order_rules.check_cancel(order, uow.items.counts(order.id))
    uow.orders.set_state(order, order_rules.CANCELLED, why)
    items = uow.items.find(order.id)
    cancelled = uow.tasks.cancel_open([i.id for i in items])
    uow.audit.record(actor, "order.cancel", "order", ref, {"state": order.state},
                     {"state": order_rules.CANCELLED, "reason": why,
                      "tasks_cancelled": cancelled}, now)


def _order(uow: UnitOfWork, ref: str, expected_version: int | None,
           lock: str | None = None) -> Order:
    order = uow.orders.get(check_ref(ref), lock=lock)
    order_rules.check_version(order, expected_version)
    return order


def order_status(uow: UnitOfWork, ref: str) -> OrderStatus:
    """Where an order stands: derived status, custody counts, progress per line, deliveries."""
    return uow.queries.order_status(check_ref(ref))


def list_orders(uow: UnitOfWork, collectivity_id: int | None = None, *,
                limit: int | None = None, offset: int = 0) -> list[OrderSummary]:
    """Every order (or one collectivity's), newest first, with its derived status; with
    ``limit``, one page of at most ``limit`` orders from ``offset`` (paged in SQL)."""
    if collectivity_id is not None:
        check_collectivity_id(collectivity_id)
    if limit is not None:
        bounds.integer(limit, "limit", 1, bounds.MAX_COUNT, code="limit_range")
    bounds.integer(offset, "offset", 0, bounds.MAX_ID, code="offset_range")
    return uow.orders.summaries(collectivity_id, limit=limit, offset=offset)


def count_orders(uow: UnitOfWork, collectivity_id: int | None = None) -> int:
    """How many orders there are (or one collectivity has): the total of the paged list."""
    if collectivity_id is not None:
        check_collectivity_id(collectivity_id)
    return uow.orders.count(collectivity_id)


def order_items(uow: UnitOfWork, ref: str, custody: str | None = None, *,
                after: str | None = None, limit: int | None = None) -> list[ItemView]:
    """The items of an order (optionally only those in one custody state), by barcode;
    with ``limit``, one page of them after the barcode ``after``."""
    state = None if custody is None else check_custody(custody)
    if limit is not None:
        bounds.integer(limit, "limit", 1, bounds.MAX_COUNT, code="limit_range")
    return uow.queries.order_items(check_ref(ref), state,
                                   after=bounds.optional_key(after, "after", bounds.BARCODE),
                                   limit=limit)


def audit(uow: UnitOfWork, entity: str | None, key: str | None,
          limit: int) -> list[AuditRecord]:
    """The newest audit records (at most ``limit``), optionally of one entity."""
    bounds.integer(limit, "limit", 1, bounds.MAX_COUNT)
    return uow.audit.latest(bounds.optional_key(entity, "entity", bounds.KEY),
                            bounds.optional_key(key, "key", bounds.KEY), limit)
