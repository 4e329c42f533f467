"""Use cases of the collectivity's side: its orders, their progress and expected dates.

Every function takes the collectivity (and the order a link may be limited
to) and reads only within it: another client's order or delivery, or an order
outside the link, is :class:`NotFound`, exactly as if it did not exist.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable

from atelier.domain.catalogue import Catalogue
from atelier.domain.errors import NotFound
from atelier.domain.estimate import OPEN_STATUSES, documents_left, estimate, minutes_ahead
from atelier.domain.item import CustodyCounts
from atelier.domain.tracking import (
    ClientCustody,
    ClientOrder,
    ClientOverview,
    LineProgress,
    QueuedOrder,
    TrackedLine,
    TrackedOrder,
    WorkAhead,
    WorkshopQueue,
    check_delivery_number,
    check_page,
    check_public_id,
    found,
)
from atelier.services.ports import UnitOfWork


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


#: ``(order id, due date, amount left)`` of the workshop's open orders.
Queue = list[tuple[int, dt.date | None, int]]


def _left(items: CustodyCounts, lines: tuple[TrackedLine, ...]) -> int:
    return documents_left(items, ((ln.format, ln.quantity) for ln in lines))


def _queue(uow: UnitOfWork, queued: Iterable[QueuedOrder]) -> tuple[Queue, Queue]:
    """The open orders of ``queued`` with the standard minutes, and the documents, they
    have left."""
    open_orders = [q for q in queued if q.status in OPEN_STATUSES]
    minutes = [(q.id, q.due_date,
                remaining_minutes(q.lines, uow.catalogues.get(q.catalogue_id)))
               for q in open_orders]
    return minutes, [(q.id, q.due_date, _left(q.items, q.lines)) for q in open_orders]


def _ahead(uow: UnitOfWork, order: TrackedOrder, queue: WorkshopQueue) -> tuple[int, int]:
    """``(standard minutes, documents)`` the open orders taken before ``order`` have left:
    those with listed items as the store summed them, plus those with none listed yet
    (priced here from their catalogue)."""
    listed = queue.ahead.get(order.id, WorkAhead())
    minutes, documents = _queue(uow, queue.unlisted)
    return (listed.minutes + minutes_ahead(order.id, order.due_date, minutes),
            listed.documents + minutes_ahead(order.id, order.due_date, documents))


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


def _client_order(uow: UnitOfWork, order: TrackedOrder, queue: WorkshopQueue,
                  weekly_minutes: int, today: dt.date) -> ClientOrder:
    catalogue = uow.catalogues.get(order.catalogue_id)
    status = order.status
    own = remaining_minutes(order.lines, catalogue)
    ahead = ahead_items = 0
    if status in OPEN_STATUSES:
        ahead, ahead_items = _ahead(uow, order, queue)
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
                       purchase_order=order.purchase_order,
                       items=ClientCustody.of(order.items),
                       services=services, deliveries=order.deliveries,
                       estimate=estimate(status, own, ahead, weekly_minutes, today,
                                         order_items=_left(order.items, order.lines),
                                         ahead_items=ahead_items))


def _collectivity(uow: UnitOfWork, collectivity_id: int) -> str:
    return found(uow.tracking.collectivity_name(collectivity_id), "collectivity",
                 collectivity_id)


def client_orders(uow: UnitOfWork, collectivity_id: int, order_ref: str | None,
                  today: dt.date, *, limit: int = 100, offset: int = 0) -> ClientOverview:
    """The collectivity's orders (one page, newest first), each with its progress and
    expected date; only ``order_ref`` when the link is limited to it."""
    check_page(limit, offset)
    name = _collectivity(uow, collectivity_id)
    total, orders, queue = uow.tracking.client_orders(collectivity_id, order_ref, limit=limit,
                                                       offset=offset)
    weekly = 0
    if any(o.status in OPEN_STATUSES for o in orders):
        weekly = uow.tracking.weekly_minutes(today)
    return ClientOverview(collectivity=name, total=total, limit=limit, offset=offset,
                          orders=tuple(_client_order(uow, o, queue, weekly, today)
                                       for o in orders))


def client_order(uow: UnitOfWork, collectivity_id: int, order_ref: str | None,
                 public_id: str, today: dt.date) -> ClientOrder:
    """One order of the collectivity by its public id, or NotFound (also for another
    client's order, an order outside the link, or an id that cannot be one)."""
    tracked: TrackedOrder | None = None
    queue = WorkshopQueue()
    wanted = check_public_id(public_id)
    if wanted is not None:
        tracked, queue = uow.tracking.client_order(collectivity_id, order_ref, wanted)
    order = found(tracked, "order", public_id)
    weekly = 0
    if order.status in OPEN_STATUSES:
        weekly = uow.tracking.weekly_minutes(today)
    return _client_order(uow, order, queue, weekly, today)


def client_delivery_barcodes(uow: UnitOfWork, collectivity_id: int, order_ref: str | None,
                             number: str) -> tuple[str, ...]:
    """The barcodes returned under one of the collectivity's delivery notes, or NotFound."""
    barcodes = None
    wanted = check_delivery_number(number)
    if wanted is not None:
        barcodes = uow.tracking.delivery_barcodes(collectivity_id, order_ref, wanted)
    return found(barcodes, "delivery", number)
