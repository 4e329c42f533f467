"""The collectivity's read model: its orders, and the workshop's queue and time.

Queries here read nothing of people but the weekly time of the contracts in
force (one sum); no trainee code, name, work record or note is selected. Every
read of a client's order is bounded by the collectivity (and the order a link
is limited to) in the ``WHERE`` clause itself, so another client's order is
simply not found.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa

from atelier.domain.estimate import OPEN_STATUSES, RankedWork
from atelier.domain.item import CustodyCounts
from atelier.domain.tracking import (
    QueuedOrder,
    TrackedLine,
    TrackedOrder,
    WorkAhead,
    WorkshopQueue,
)
from atelier.domain.views import DeliverySummary
from atelier.store.base import chunks
from atelier.store.queries import custody_counts
from atelier.store.queue import KeptQueue, QueueCache
from atelier.store.tracking_sql import (
    BARCODES,
    CLIENT_NAME,
    CONTRACTS_IN_FORCE,
    COUNT,
    COUNTS,
    DELIVERIES,
    DELIVERY_BY,
    LINES,
    ONE,
    ONE_ORDER,
    PAGE,
    QUEUE,
    UNLISTED,
)


def _line(row: Any) -> TrackedLine:
    return TrackedLine(line_no=row.line_no, service=row.service, format=row.format,
                       quantity=row.quantity, items=row.items_total, items_done=row.items_done,
                       tasks_total=row.tasks_total, tasks_done=row.tasks_done,
                       remaining_seconds=row.remaining_seconds)


def _rows(conn: sa.Connection, statement: sa.Select[Any], ids: Sequence[int]
          ) -> Iterator[Any]:
    """The rows of ``statement`` (one of the IN statements) for the orders ``ids``: by
    equality for one order, else in slices of ids the databases accept."""
    if len(ids) == 1:
        yield from conn.execute(ONE[statement], {"oid": ids[0]})
        return
    for part in chunks(ids):
        yield from conn.execute(statement, {"ids": list(part)})


class SqlTracking:
    """What a collectivity's link shows, read in a few set-based queries."""

    def __init__(self, conn: sa.Connection, digests: dict[int, str],
                 queue: QueueCache | None = None, generation: int = 0) -> None:
        self.conn = conn
        #: Catalogue id -> digest, shared with the catalogue repository of the same
        #: transaction (so reading an order's catalogue costs no query once parsed).
        self.digests = digests
        #: The workshop's queue kept between reads, and the count of its writes seen
        #: before this transaction began (None: the queue is read every time).
        self._cache = queue
        self._generation = generation

    # -- scoping -------------------------------------------------------------------------

    def collectivity_name(self, collectivity_id: int) -> str | None:
        """The collectivity's name, or None if there is no such collectivity."""
        found = self.conn.execute(CLIENT_NAME, {"cid": collectivity_id}).scalar()
        return None if found is None else str(found)

    def client_orders(self, collectivity_id: int, order_ref: str | None, *, limit: int,
                      offset: int) -> tuple[int, list[TrackedOrder], WorkshopQueue]:
        """``(total, one page of orders newest first, the workshop's queue)`` of the
        collectivity (only ``order_ref`` if the link is limited to it). The queue is
        read only when an order of the page is open (else it is empty)."""
        limited = order_ref is not None
        params = {"cid": collectivity_id, "ref": order_ref}
        total = int(self.conn.execute(COUNT[limited], params).scalar_one())
        rows = self.conn.execute(PAGE[limited],
                                 {**params, "limit": limit, "offset": offset}).all()
        orders, queue = self._with_queue(rows)
        return total, orders, queue

    def client_order(self, collectivity_id: int, order_ref: str | None,
                     public_id: str) -> tuple[TrackedOrder | None, WorkshopQueue]:
        """The collectivity's order of ``public_id`` (None for another client's order, or
        one outside the link) and the workshop's queue if the order is open."""
        rows = self.conn.execute(ONE_ORDER[order_ref is not None],
                                 {"cid": collectivity_id, "ref": order_ref,
                                  "pid": public_id}).all()
        if not rows or rows[0].part != 0:
            return None, WorkshopQueue()
        order = self._one_order(rows)
        return order, self._queue_of([order])

    def _one_order(self, rows: Sequence[Any]) -> TrackedOrder:
        """The order of the rows of :data:`ONE_ORDER` (its row first)."""
        head = rows[0]
        custody: list[tuple[str, int, int]] = []
        lines: list[TrackedLine] = []
        shipped: list[DeliverySummary] = []
        # Unpacked, not read by name: a few dozen rows of sixteen columns.
        for part, k, s0, s1, _s2, _s3, _s4, _s5, d0, _d1, n0, n1, n2, n3, n4, n5 in rows[1:]:
            if part == 1:
                custody.append((s0, int(n0), int(n1)))
            elif part == 2:
                lines.append(TrackedLine(
                    line_no=k, service=s0, format=s1, quantity=n0, items=n1, items_done=n2,
                    tasks_total=n3, tasks_done=n4, remaining_seconds=n5))
            else:
                shipped.append(DeliverySummary(number=s0, delivered_on=d0, items=int(n0)))
        order_id, catalogue_id = int(head.n0), int(head.n1)
        self.digests[catalogue_id] = head.s5
        return TrackedOrder(
            id=order_id, public_id=head.s0, ref=head.s1, collectivity=head.s2,
            state=head.s3, created_on=head.d0, due_date=head.d1, purchase_order=head.s4,
            catalogue_id=catalogue_id, items=custody_counts(custody), lines=tuple(lines),
            deliveries=tuple(shipped))

    def delivery_barcodes(self, collectivity_id: int, order_ref: str | None,
                          number: str) -> tuple[str, ...] | None:
        """The barcodes returned under delivery ``number`` of the collectivity's orders
        (only ``order_ref`` if the link is limited to it), or None."""
        delivery_id = self.conn.execute(DELIVERY_BY[order_ref is not None],
                                        {"cid": collectivity_id, "ref": order_ref,
                                         "number": number}).scalar()
        if delivery_id is None:
            return None
        return tuple(self.conn.execute(BARCODES, {"delivery": delivery_id}).scalars())

    # -- details of a few orders -----------------------------------------------------------

    def _counts(self, ids: Sequence[int]) -> dict[int, CustodyCounts]:
        rows: dict[int, list[tuple[str, int, int]]] = {}
        for order_id, state, n, received in _rows(self.conn, COUNTS, ids):
            rows.setdefault(int(order_id), []).append((state, int(n), int(received)))
        return {order_id: custody_counts(rows.get(order_id, [])) for order_id in ids}

    def _lines(self, ids: Sequence[int]) -> dict[int, list[TrackedLine]]:
        out: dict[int, list[TrackedLine]] = {order_id: [] for order_id in ids}
        for row in _rows(self.conn, LINES, ids):
            out[int(row.order_id)].append(_line(row))
        return out

    def _deliveries(self, ids: Sequence[int]) -> dict[int, list[DeliverySummary]]:
        out: dict[int, list[DeliverySummary]] = {order_id: [] for order_id in ids}
        for row in _rows(self.conn, DELIVERIES, ids):
            out[int(row.order_id)].append(DeliverySummary(
                number=row.number, delivered_on=row.delivered_on, items=int(row.items)))
        return out

    def _with_queue(self, rows: Sequence[Any]) -> tuple[list[TrackedOrder], WorkshopQueue]:
        """The orders of ``rows`` in full and, for those whose derived status is open,
        what the expected date needs of the workshop's queue (any client's orders): the
        work ahead of each, from the running sums of the queue ranked, and the accepted
        orders with no item listed yet."""
        ids = [int(r.id) for r in rows]
        if not ids:
            return [], WorkshopQueue()
        counts, lines, shipped = self._counts(ids), self._lines(ids), self._deliveries(ids)
        orders = []
        for r in rows:
            self.digests[int(r.catalogue_id)] = r.catalogue_digest
            orders.append(TrackedOrder(
                id=int(r.id), public_id=r.public_id, ref=r.ref, collectivity=r.collectivity,
                state=r.state, created_on=r.created_on, due_date=r.due_date,
                purchase_order=r.purchase_order, catalogue_id=int(r.catalogue_id),
                items=counts[int(r.id)], lines=tuple(lines[int(r.id)]),
                deliveries=tuple(shipped[int(r.id)])))
        return orders, self._queue_of(orders)

    def _queue_of(self, orders: Sequence[TrackedOrder]) -> WorkshopQueue:
        """What the expected dates of ``orders`` need of the workshop's queue (nothing
        when none of them is open)."""
        waiting = [o for o in orders if o.status in OPEN_STATUSES]
        if not waiting:
            return WorkshopQueue()
        kept = self._queue()
        ahead = {o.id: WorkAhead(*kept.ranked.ahead(o.id, o.due_date)) for o in waiting}
        return WorkshopQueue(ahead=ahead, unlisted=kept.unlisted)

    def _queue(self) -> KeptQueue:
        """The workshop's queue: kept from an earlier read if no write committed since
        (and it is younger than the TTL), else read whole in two statements' worth."""
        kept = None if self._cache is None else self._cache.get()
        if kept is not None:
            self.digests.update(kept.digests)
            return kept
        ranked = RankedWork.of((int(r.id), r.due_date, int(r.minutes or 0),
                                int(r.documents or 0)) for r in self.conn.execute(QUEUE))
        unlisted = tuple(self._unlisted())
        kept = KeptQueue(ranked=ranked, unlisted=unlisted,
                         digests=tuple((q.catalogue_id, self.digests[q.catalogue_id])
                                       for q in unlisted))
        if self._cache is not None:
            self._cache.keep(self._generation, kept)
        return kept

    def _unlisted(self) -> list[QueuedOrder]:
        """The accepted orders of the workshop with no item listed yet, in full."""
        found = self.conn.execute(UNLISTED).all()
        ids = [int(r.id) for r in found]
        if not ids:
            return []
        counts, lines, shipped = self._counts(ids), self._lines(ids), self._deliveries(ids)
        queue = []
        for r in found:
            self.digests[int(r.catalogue_id)] = r.catalogue_digest
            queue.append(QueuedOrder(id=int(r.id), due_date=r.due_date, state=r.state,
                                     catalogue_id=int(r.catalogue_id), items=counts[int(r.id)],
                                     deliveries=len(shipped[int(r.id)]),
                                     lines=tuple(lines[int(r.id)])))
        return queue

    def weekly_minutes(self, today: dt.date) -> int:
        """The weekly time of the contracts in force on ``today``, summed over the
        active trainees (each counted once, by their latest-started contract); kept
        with the workshop's queue (see atelier.store.queue)."""
        kept = None if self._cache is None else self._cache.weekly_minutes(today)
        if kept is not None:
            return kept
        minutes = self._weekly_minutes(today)
        if self._cache is not None:
            self._cache.keep_weekly_minutes(self._generation, today, minutes)
        return minutes

    def _weekly_minutes(self, today: dt.date) -> int:
        current: dict[int, tuple[dt.date, int, int]] = {}
        for trainee_id, start_on, contract_id, minutes in self.conn.execute(
                CONTRACTS_IN_FORCE, {"today": today}):
            seen = current.get(int(trainee_id))
            if seen is None or (start_on, contract_id) > seen[:2]:
                current[int(trainee_id)] = (start_on, int(contract_id), int(minutes))
        return sum(minutes for _start, _id, minutes in current.values())
