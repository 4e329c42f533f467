"""Use cases of collectivities and orders: quote, accept, cancel."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence

from atelier.domain import order as order_rules
from atelier.domain.actor import Actor
from atelier.domain.collectivity import (
    Contact,
    validate_kind,
    validate_name,
    validate_service_code,
    validate_siret,
)
from atelier.domain.delivery import order_ref
from atelier.domain.errors import Conflict, InvalidInput
from atelier.domain.order import LineRequest, Order
from atelier.domain.views import OrderStatus, OrderSummary
from atelier.importing.catalogue import parse_catalogue
from atelier.services.ports import UnitOfWork


def install_catalogue(uow: UnitOfWork, actor: Actor, text: str, source_name: str,
                      now: dt.datetime) -> tuple[int, bool]:
    """Store a catalogue file's text and make it the active one.

    Returns ``(catalogue_id, created)``; installing the same text again only
    re-activates it. A broken file raises CatalogueError and writes nothing.
    """
    catalogue = parse_catalogue(text, source_name)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    catalogue_id, created = uow.catalogues.install(catalogue, source_name, text, digest, now)
    uow.audit.record(actor, "catalogue.install", "catalogue", str(catalogue_id), None,
                     {"code": catalogue.code, "version": catalogue.version, "digest": digest,
                      "created": created}, now)
    return catalogue_id, created


def add_collectivity(uow: UnitOfWork, actor: Actor, *, name: str, kind: str,
                     siret: str | None = None, chorus_service_code: str | None = None,
                     engagement_ref: str | None = None, contacts: Sequence[Contact] = (),
                     now: dt.datetime) -> int:
    """Register a client collectivity; the SIRET's check digit is verified."""
    clean_name = validate_name(name)
    clean_kind = validate_kind(kind)
    clean_siret = validate_siret(siret) if siret else None
    code = validate_service_code(chorus_service_code) if chorus_service_code else None
    engagement = validate_name(engagement_ref, "engagement_ref", 100) if engagement_ref else None
    for contact in contacts:
        validate_name(contact.name, "contact.name")
    new_id = uow.collectivities.add(
        public_id=secrets.token_hex(16), name=clean_name, kind=clean_kind, siret=clean_siret,
        chorus_service_code=code, engagement_ref=engagement, contacts=contacts, now=now)
    uow.audit.record(actor, "collectivity.add", "collectivity", str(new_id), None,
                     {"name": clean_name, "kind": clean_kind, "siret": clean_siret,
                      "chorus_service_code": code, "engagement_ref": engagement,
                      "contacts": len(contacts)}, now)
    return new_id


def create_order(uow: UnitOfWork, actor: Actor, *, collectivity_id: int,
                 lines: Sequence[LineRequest], due_date: dt.date | None = None,
                 purchase_order: str | None = None, reserved_contract: bool = False,
                 accepted: bool = False, now: dt.datetime) -> str:
    """Create an order (a quote unless ``accepted``) with prices frozen from the catalogue.

    Returns the order reference, numbered per year without gaps (``CMD-2026-0001``).
    """
    catalogue_id, catalogue = uow.catalogues.active()
    uow.collectivities.get(collectivity_id)
    priced = order_rules.price_lines(catalogue, list(lines))
    today = now.date()
    if due_date is not None and due_date < today:
        raise InvalidInput("due_date", "must not be in the past", value=due_date.isoformat(),
                           code="due_in_past")
    po = validate_name(purchase_order, "purchase_order", 100) if purchase_order else None
    seq = uow.counters.next("order", today.year)
    order = Order(id=0, ref=order_ref(today.year, seq), collectivity_id=collectivity_id,
                  state=order_rules.ACCEPTED if accepted else order_rules.QUOTE, lines=priced,
                  created_on=today, due_date=due_date, purchase_order=po,
                  reserved_contract=reserved_contract, catalogue_id=catalogue_id)
    uow.orders.add(order, public_id=secrets.token_hex(16))
    uow.audit.record(actor, "order.create", "order", order.ref, None, {
        "collectivity_id": collectivity_id, "state": order.state,
        "lines": [f"{ln.service}:{ln.format}={ln.quantity}@{ln.unit_cents}" for ln in priced],
        "total_cents": order.total_cents,
        "due_date": due_date.isoformat() if due_date else None, "purchase_order": po,
        "reserved_contract": reserved_contract}, now)
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
    why = validate_name(reason, "reason", 500)
    order_rules.check_cancel(order, uow.items.counts(order.id))
    uow.orders.set_state(order, order_rules.CANCELLED, why)
    items = uow.items.find(order.id)
    cancelled = uow.tasks.cancel_open([i.id for i in items])
    uow.audit.record(actor, "order.cancel", "order", ref, {"state": order.state},
                     {"state": order_rules.CANCELLED, "reason": why,
                      "tasks_cancelled": cancelled}, now)


def _order(uow: UnitOfWork, ref: str, expected_version: int | None,
           lock: str | None = None) -> Order:
    order = uow.orders.get(ref, lock=lock)
    if expected_version is not None and order.version != expected_version:
        raise Conflict(f"order {ref} was changed by someone else (version {order.version}, "
                       f"expected {expected_version})", code="order_changed", ref=ref)
    return order


def order_status(uow: UnitOfWork, ref: str) -> OrderStatus:
    """Where an order stands: derived status, custody counts, progress per line, deliveries."""
    return uow.queries.order_status(ref)


def list_orders(uow: UnitOfWork, collectivity_id: int | None = None) -> list[OrderSummary]:
    """Every order (or one collectivity's), newest first, with its derived status."""
    return uow.orders.summaries(collectivity_id)
