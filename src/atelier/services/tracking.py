"""Use cases of the collectivity's side: its orders, their progress and expected dates.

Every function takes the collectivity (and the order a link may be limited
to) and reads only within it: another client's order or delivery, or an order
outside the link, is :class:`NotFound`, exactly as if it did not exist.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from atelier.domain.catalogue import Catalogue
from atelier.domain.errors import InvalidInput, NotFound
from atelier.domain.tracking import (
    OPEN_STATUSES,
    ClientOrder,
    ClientOverview,
    LineProgress,
    QueuedOrder,
    TrackedLine,
    TrackedOrder,
    estimate,
    minutes_ahead,
)
from atelier.services.ports import UnitOfWork

_PUBLIC_ID = re.compile(r"[0-9a-f]{32}")
#: What a delivery note's number may look like (``BL-2026-0007``).
_DELIVERY_NUMBER = re.compile(r"[A-Za-z0-9_-]{1,32}")

#: Largest page of orders.
MAX_LIMIT = 500
#: Largest offset (what a database integer holds).
MAX_OFFSET = 2**31 - 1


def _seconds_per_item(catalogue: Catalogue, service: str) -> int:
    """Standard seconds of a service's routing on one item (as its tasks are made)."""
    try:
        ops = catalogue.service(service).operations
    except NotFound:
        return 0
    return sum(round(op.standard_minutes * 60) for op in ops)


def remaining_minutes(lines: tuple[TrackedLine, ...], catalogue: Catalogue) -> int:
    """Standard minutes of work left: the open tasks of the listed items; for an order
    with no item listed yet, the ordered quantities at the catalogue's standard times."""
    if any(line.items for line in lines):
        seconds = sum(line.remaining_seconds for line in lines)
    else:
        seconds = sum(line.quantity * _seconds_per_item(catalogue, line.service)
                      for line in lines)
    return math.ceil(seconds / 60)


def _queue(uow: UnitOfWork, queued: list[QueuedOrder]) -> list[tuple[int, dt.date | None, int]]:
    """``(order id, due date, minutes left)`` of every open order of the workshop."""
    return [(q.id, q.due_date, remaining_minutes(q.lines, uow.catalogues.get(q.catalogue_id)))
            for q in queued if q.status in OPEN_STATUSES]


def _format_name(catalogue: Catalogue, code: str) -> str:
    for fmt in catalogue.formats:
        if fmt.code == code:
            return fmt.name
    return code


def _service_name(catalogue: Catalogue, code: str) -> str:
    try:
        return catalogue.service(code).name
    except NotFound:
        return code


def _client_order(uow: UnitOfWork, order: TrackedOrder,
                  queue: list[tuple[int, dt.date | None, int]], weekly_minutes: int,
                  today: dt.date) -> ClientOrder:
    catalogue = uow.catalogues.get(order.catalogue_id)
    status = order.status
    own = remaining_minutes(order.lines, catalogue)
    ahead = minutes_ahead(order.id, order.due_date, queue) if status in OPEN_STATUSES else 0
    services = tuple(
        LineProgress(line_no=ln.line_no, service=ln.service,
                     service_name=_service_name(catalogue, ln.service), format=ln.format,
                     format_name=_format_name(catalogue, ln.format), quantity=ln.quantity,
                     items=ln.items, items_done=ln.items_done, tasks_total=ln.tasks_total,
                     tasks_done=ln.tasks_done)
        for ln in order.lines)
    return ClientOrder(public_id=order.public_id, ref=order.ref,
                       collectivity=order.collectivity, status=status,
                       created_on=order.created_on, due_date=order.due_date,
                       purchase_order=order.purchase_order, items=order.items,
                       services=services, deliveries=order.deliveries,
                       estimate=estimate(status, own, ahead, weekly_minutes, today))


def _collectivity(uow: UnitOfWork, collectivity_id: int) -> str:
    name = uow.tracking.collectivity_name(collectivity_id)
    if name is None:
        raise NotFound("collectivity", collectivity_id)
    return name


def client_orders(uow: UnitOfWork, collectivity_id: int, order_ref: str | None,
                  today: dt.date, *, limit: int = 100, offset: int = 0) -> ClientOverview:
    """The collectivity's orders (one page, newest first), each with its progress and
    expected date; only ``order_ref`` when the link is limited to it."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput("limit", f"between 1 and {MAX_LIMIT}", value=limit,
                           code="limit_range", low=1, high=MAX_LIMIT)
    if not 0 <= offset <= MAX_OFFSET:
        raise InvalidInput("offset", f"between 0 and {MAX_OFFSET}", value=offset,
                           code="offset_range", low=0, high=MAX_OFFSET)
    name = _collectivity(uow, collectivity_id)
    total, orders, queued = uow.tracking.client_orders(collectivity_id, order_ref, limit=limit,
                                                       offset=offset)
    queue: list[tuple[int, dt.date | None, int]] = []
    weekly = 0
    if any(o.status in OPEN_STATUSES for o in orders):
        queue, weekly = _queue(uow, queued), uow.tracking.weekly_minutes(today)
    return ClientOverview(collectivity=name, total=total, orders=tuple(
        _client_order(uow, o, queue, weekly, today) for o in orders))


def client_order(uow: UnitOfWork, collectivity_id: int, order_ref: str | None,
                 public_id: str, today: dt.date) -> ClientOrder:
    """One order of the collectivity by its public id, or NotFound (also for another
    client's order, an order outside the link, or an id that cannot be one)."""
    found: TrackedOrder | None = None
    queued: list[QueuedOrder] = []
    if _PUBLIC_ID.fullmatch(public_id):
        found, queued = uow.tracking.client_order(collectivity_id, order_ref, public_id)
    if found is None:
        raise NotFound("order", public_id[:64])
    queue: list[tuple[int, dt.date | None, int]] = []
    weekly = 0
    if found.status in OPEN_STATUSES:
        queue, weekly = _queue(uow, queued), uow.tracking.weekly_minutes(today)
    return _client_order(uow, found, queue, weekly, today)


def client_delivery_barcodes(uow: UnitOfWork, collectivity_id: int, order_ref: str | None,
                             number: str) -> tuple[str, ...]:
    """The barcodes returned under one of the collectivity's delivery notes, or NotFound."""
    found = None
    if _DELIVERY_NUMBER.fullmatch(number):
        found = uow.tracking.delivery_barcodes(collectivity_id, order_ref, number)
    if found is None:
        raise NotFound("delivery", number[:64])
    return found
