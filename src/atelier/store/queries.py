"""Read models: set-based queries returning frozen values, never ORM objects."""

from __future__ import annotations

import sqlalchemy as sa

from atelier.domain.errors import NotFound
from atelier.domain.item import CustodyCounts
from atelier.domain.order import derive_status
from atelier.domain.views import DeliverySummary, ItemView, OrderStatus, ServiceProgress
from atelier.store import tables as t


class SqlQueries:
    """The order status read model: the order, its lines with their progress counters,
    one GROUP BY of its items' custody and its deliveries.

    Every query is bounded by ``order_id`` through an index, so its cost grows
    with the order, not with the database.
    """

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def order_status(self, ref: str) -> OrderStatus:
        o, c, i, ln, d = (t.orders, t.collectivities, t.items, t.order_lines,
                             t.deliveries)
        row = self.conn.execute(
            sa.select(o, c.c.name.label("client")).join(c, c.c.id == o.c.collectivity_id)
            .where(o.c.ref == ref)).first()
        if row is None:
            raise NotFound("order", ref)
        counts = CustodyCounts.from_rows([
            (state, int(n), int(received)) for state, n, received in self.conn.execute(
                sa.select(i.c.custody, sa.func.count(), sa.func.count(i.c.received_at))
                .where(i.c.order_id == row.id).group_by(i.c.custody))])

        services = []
        total = 0
        for line in self.conn.execute(sa.select(ln).where(ln.c.order_id == row.id)
                                      .order_by(ln.c.line_no)):
            total += line.quantity * line.unit_cents
            services.append(ServiceProgress(
                line_no=line.line_no, service=line.service, format=line.format,
                quantity=line.quantity, unit_cents=line.unit_cents, items=line.items_total,
                items_done=line.items_done, tasks_total=line.tasks_total,
                tasks_done=line.tasks_done,
                remaining_minutes=round(line.remaining_seconds / 60, 1)))
        deliveries = tuple(
            DeliverySummary(number=r.number, delivered_on=r.delivered_on, items=int(r.n))
            for r in self.conn.execute(
                sa.select(d.c.number, d.c.delivered_on, sa.func.count(i.c.id).label("n"))
                .outerjoin(i, i.c.delivery_id == d.c.id).where(d.c.order_id == row.id)
                .group_by(d.c.id, d.c.number, d.c.delivered_on).order_by(d.c.seq)))
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
        o, i, d = t.orders, t.items, t.deliveries
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
