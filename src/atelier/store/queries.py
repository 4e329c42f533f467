"""Read models: set-based queries returning frozen values, never ORM objects."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from atelier.domain.errors import NotFound
from atelier.domain.item import CustodyCounts
from atelier.domain.order import derive_status
from atelier.domain.views import DeliverySummary, ItemView, OrderStatus, ServiceProgress
from atelier.store import tables as t

_o, _c, _i, _ln, _d, _oc = (t.orders, t.collectivities, t.items, t.order_lines, t.deliveries,
                            t.order_custody)

# Statements built once (their compiled form and cache key are reused on every call).
_STATUS_ORDER = (sa.select(_o, _c.c.name.label("client"))
                 .join(_c, _c.c.id == _o.c.collectivity_id)
                 .where(_o.c.ref == sa.bindparam("ref")))
_STATUS_CUSTODY = (sa.select(_oc.c.custody, _oc.c["items"], _oc.c.received)
                   .where(_oc.c.order_id == sa.bindparam("order_id")))
_STATUS_LINES = (sa.select(_ln).where(_ln.c.order_id == sa.bindparam("order_id"))
                 .order_by(_ln.c.line_no))
_STATUS_DELIVERIES = (sa.select(_d.c.number, _d.c.delivered_on, _d.c["items"])
                      .where(_d.c.order_id == sa.bindparam("order_id")).order_by(_d.c.seq))


def custody_counts(rows: Iterable[Any]) -> CustodyCounts:
    """An order's custody counts from its ``order_custody`` rows ``(state, items,
    received)``; states whose counter went back to zero count as absent."""
    return CustodyCounts.from_rows([(state, int(n), int(received))
                                    for state, n, received in rows if n or received])


class SqlQueries:
    """The order status read model: the order, its custody counters, its lines with
    their progress counters and its deliveries with their item counts.

    Every query reads counters bounded by ``order_id`` through a primary key or an
    index, so its cost is a few rows, whatever the size of the order or the database.
    """

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def order_status(self, ref: str) -> OrderStatus:
        row = self.conn.execute(_STATUS_ORDER, {"ref": ref}).first()
        if row is None:
            raise NotFound("order", ref)
        key = {"order_id": row.id}
        counts = custody_counts(self.conn.execute(_STATUS_CUSTODY, key))
        services = []
        total = 0
        for line in self.conn.execute(_STATUS_LINES, key):
            total += line.quantity * line.unit_cents
            services.append(ServiceProgress(
                line_no=line.line_no, service=line.service, format=line.format,
                quantity=line.quantity, unit_cents=line.unit_cents, items=line.items_total,
                items_done=line.items_done, tasks_total=line.tasks_total,
                tasks_done=line.tasks_done,
                remaining_minutes=round(line.remaining_seconds / 60, 1)))
        deliveries = tuple(
            DeliverySummary(number=r.number, delivered_on=r.delivered_on, items=int(r.items))
            for r in self.conn.execute(_STATUS_DELIVERIES, key))
        return OrderStatus(
            ref=row.ref, status=derive_status(row.state, counts, len(deliveries)),
            collectivity=row.client, state=row.state, created_on=row.created_on,
            due_date=row.due_date, purchase_order=row.purchase_order,
            reserved_contract=bool(row.reserved_contract), total_cents=total, items=counts,
            services=tuple(services), deliveries=deliveries, version=row.version)

    def order_items(self, ref: str, custody: str | None = None, *, after: str | None = None,
                    limit: int | None = None) -> list[ItemView]:
        """The items of an order (optionally in one custody state), by barcode; a page of
        at most ``limit`` of them after the barcode ``after`` (keyset: the unique index
        on the order and the barcode finds the page, however far it is)."""
        o, i, d = _o, _i, _d
        order_id = self.conn.execute(sa.select(o.c.id).where(o.c.ref == ref)).scalar()
        if order_id is None:
            raise NotFound("order", ref)
        q = (sa.select(i.c.barcode, i.c.title, i.c.author, i.c.isbn, i.c.call_number,
                       i.c.format, i.c.placeholder, i.c.custody, i.c.reason,
                       d.c.number.label("delivery"))
             .outerjoin(d, d.c.id == i.c.delivery_id)
             .where(i.c.order_id == order_id).order_by(i.c.barcode))
        if custody is not None:
            q = q.where(i.c.custody == custody)
        if after is not None:
            q = q.where(i.c.barcode > after)
        if limit is not None:
            q = q.limit(limit)
        return [ItemView(barcode=r.barcode, title=r.title, author=r.author, isbn=r.isbn,
                         call_number=r.call_number, format=r.format,
                         placeholder=bool(r.placeholder), custody=r.custody, reason=r.reason,
                         delivery=r.delivery) for r in self.conn.execute(q)]
