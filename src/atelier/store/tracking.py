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
from atelier.store import tables as t
from atelier.store.base import chunks
from atelier.store.queries import custody_counts
from atelier.store.queue import KeptQueue, QueueCache

_o, _c, _i, _ln, _d, _cat, _oc = (t.orders, t.collectivities, t.items, t.order_lines,
                                  t.deliveries, t.catalogues, t.order_custody)

_ORDER_COLUMNS = (_o.c.id, _o.c.public_id, _o.c.ref, _c.c.name.label("collectivity"),
                  _o.c.state, _o.c.created_on, _o.c.due_date, _o.c.purchase_order,
                  _o.c.catalogue_id, _cat.c.digest.label("catalogue_digest"))

# Statements built once (their compiled form and cache key are reused): a client's
# status page is the read that hundreds of collectivities poll.
_CID: sa.BindParameter[int] = sa.bindparam("cid", type_=sa.Integer)
_REF: sa.BindParameter[str] = sa.bindparam("ref", type_=sa.String)
_IDS: sa.BindParameter[list[int]] = sa.bindparam("ids", expanding=True)

_CLIENT_NAME = sa.select(_c.c.name).where(_c.c.id == _CID)

_SCOPED = (sa.select(*_ORDER_COLUMNS).join(_cat, _cat.c.id == _o.c.catalogue_id)
           .join(_c, _c.c.id == _o.c.collectivity_id).where(_o.c.collectivity_id == _CID))
#: The same, for a link limited to one order.
_SCOPED_REF = _SCOPED.where(_o.c.ref == _REF)

_PAGE = {limited: q.order_by(_o.c.id.desc()).limit(sa.bindparam("limit"))
         .offset(sa.bindparam("offset")) for limited, q in ((False, _SCOPED), (True, _SCOPED_REF))}
_COUNT = {limited: sa.select(sa.func.count()).select_from(q.subquery())
          for limited, q in ((False, _SCOPED), (True, _SCOPED_REF))}

_DELIVERY = (sa.select(_d.c.id).join(_o, _o.c.id == _d.c.order_id)
             .where(_d.c.number == sa.bindparam("number"), _o.c.collectivity_id == _CID))
_DELIVERY_BY = {False: _DELIVERY, True: _DELIVERY.where(_o.c.ref == _REF)}
_BARCODES = (sa.select(_i.c.barcode).where(_i.c.delivery_id == sa.bindparam("delivery"))
             .order_by(_i.c.barcode))

_COUNTS = (sa.select(_oc.c.order_id, _oc.c.custody, _oc.c["items"], _oc.c.received)
           .where(_oc.c.order_id.in_(_IDS)))
_LINES = sa.select(_ln).where(_ln.c.order_id.in_(_IDS)).order_by(_ln.c.order_id, _ln.c.line_no)
_DELIVERIES = (sa.select(_d.c.order_id, _d.c.number, _d.c.delivered_on, _d.c["items"])
               .where(_d.c.order_id.in_(_IDS)).order_by(_d.c.order_id, _d.c.seq))
#: The same three for one order (a collectivity's order by its public id, the common
#: read): by equality, without a list parameter expanded and rendered on every call.
_OID: sa.BindParameter[int] = sa.bindparam("oid", type_=sa.Integer)
_ONE = {_COUNTS: sa.select(*_COUNTS.selected_columns).where(_oc.c.order_id == _OID),
        _LINES: sa.select(_ln).where(_ln.c.order_id == _OID).order_by(_ln.c.line_no),
        _DELIVERIES: (sa.select(*_DELIVERIES.selected_columns).where(_d.c.order_id == _OID)
                      .order_by(_d.c.seq))}



def _one_order_statement(limited: bool) -> sa.CompoundSelect[Any]:
    """One order of a collectivity by its public id, in full, in one statement: the
    order's row (part 0), then its custody counters (1), its lines by number (2) and its
    deliveries in their order (3). Each part finds the order as the collectivity's
    order of ``:pid`` (and of ``:ref`` for a link limited to one order): another
    client's order has no row at all. Every part has the same columns: a part number,
    its sort key, six texts, two dates and six integers (each part fills its own)."""
    scope = [_o.c.collectivity_id == _CID, _o.c.public_id == sa.bindparam("pid")]
    if limited:
        scope.append(_o.c.ref == _REF)
    head_q = _SCOPED_REF if limited else _SCOPED
    order = head_q.where(_o.c.public_id == sa.bindparam("pid")).subquery("scoped")
    # The details join the order's id alone (no catalogue, no collectivity to join).
    found = sa.select(_o.c.id).where(*scope).subquery("found")

    def part(number: int, key: Any, texts: Sequence[Any], days: Sequence[Any],
             numbers: Sequence[Any], source: Any) -> sa.Select[Any]:
        def pad(values: Sequence[Any], size: int, type_: Any) -> list[Any]:
            return [*values, *(sa.cast(sa.null(), type_) for _ in range(size - len(values)))]

        columns = [sa.literal_column(str(number), sa.Integer).label("part"), key.label("k"),
                   *(c.label(f"s{i}") for i, c in enumerate(pad(texts, 6, sa.String))),
                   *(c.label(f"d{i}") for i, c in enumerate(pad(days, 2, sa.Date))),
                   *(c.label(f"n{i}") for i, c in enumerate(pad(numbers, 6, sa.Integer)))]
        return sa.select(*columns).select_from(source)

    first = sa.cast(sa.literal_column("0"), sa.Integer)
    col = order.c
    head = part(0, first, [col.public_id, col.ref, col.collectivity, col.state,
                           col.purchase_order, col.catalogue_digest],
                [col.created_on, col.due_date], [col.id, col.catalogue_id], order)
    counts = part(1, first, [_oc.c.custody], [], [_oc.c["items"], _oc.c.received],
                  found.join(_oc, _oc.c.order_id == found.c.id))
    lines = part(2, _ln.c.line_no, [_ln.c.service, _ln.c.format], [],
                 [_ln.c.quantity, _ln.c.items_total, _ln.c.items_done, _ln.c.tasks_total,
                  _ln.c.tasks_done, _ln.c.remaining_seconds],
                 found.join(_ln, _ln.c.order_id == found.c.id))
    shipped = part(3, _d.c.seq, [_d.c.number], [_d.c.delivered_on], [_d.c["items"]],
                   found.join(_d, _d.c.order_id == found.c.id))
    return sa.union_all(head, counts, lines, shipped).order_by(
        sa.literal_column("part"), sa.literal_column("k"))


#: A collectivity's order by its public id, in full (see :func:`_one_order_statement`).
_ONE_ORDER = {limited: _one_order_statement(limited) for limited in (False, True)}

def _queue_statements() -> tuple[sa.Select[Any], sa.Select[Any]]:
    """The workshop's queue, read from the counters alone (never an item row).

    The candidates: accepted orders with standard time left on their tasks, or with no
    item listed yet (one row each from their lines' counters). For each, from its
    custody counters and its deliveries, whether its derived status is open (the SQL
    form of :func:`atelier.domain.order.derive_status`), the minutes left (rounded up)
    and the documents left. Returns ``(the work of the open candidates with listed
    items ahead of each order of :ids, summed: one row per order; the candidates with no
    item listed)``: what grows is the number of open orders, never their items.
    """
    work = (sa.select(_o.c.id, _o.c.due_date,
                      sa.func.sum(_ln.c.remaining_seconds).label("seconds"),
                      sa.func.sum(_ln.c.items_total).label("listed"))
            .join(_ln, _ln.c.order_id == _o.c.id)
            .where(_o.c.state == "accepted")
            .group_by(_o.c.id, _o.c.due_date)
            .having(sa.or_(sa.func.sum(_ln.c.remaining_seconds) > 0,
                           sa.func.sum(_ln.c.items_total) == 0))
            .subquery("work"))

    # The custody pivot in one pass over the candidates' counter rows (a join and
    # conditional sums: cheaper than a lookup per state and candidate).
    def held(state: str) -> sa.ColumnElement[int]:
        return sa.func.sum(sa.case((_oc.c.custody == state, _oc.c["items"]), else_=0))

    shipped = (sa.select(sa.func.count()).select_from(_d).where(_d.c.order_id == work.c.id)
               .scalar_subquery())
    cand = (sa.select(work.c.id, work.c.due_date, work.c.seconds, work.c.listed,
                      held("expected").label("expected"), held("received").label("received"),
                      held("in_workshop").label("in_workshop"), held("ready").label("ready"),
                      sa.func.coalesce(sa.func.sum(_oc.c["items"]), 0).label("total"),
                      shipped.label("shipped"))
            .select_from(work.outerjoin(_oc, _oc.c.order_id == work.c.id))
            .group_by(work.c.id, work.c.due_date, work.c.seconds, work.c.listed)
            .subquery("cand"))
    custody = cand.c.received + cand.c.in_workshop + cand.c.ready
    is_open = sa.case(
        (sa.and_(cand.c.total > 0, cand.c.expected + custody == 0), False),
        (cand.c.shipped > 0, custody > 0),
        (custody == 0, True),
        (sa.and_(cand.c.ready > 0, cand.c.expected == 0, cand.c.received == 0,
                 cand.c.in_workshop == 0), False),
        else_=True)
    listed = sa.and_(cand.c.listed > 0, cand.c.total > 0)
    queue = (sa.select(cand.c.id, cand.c.due_date,
                       ((cand.c.seconds + 59) // 60).label("minutes"),
                       (cand.c.expected + cand.c.received + cand.c.in_workshop)
                       .label("documents"))
             .where(listed, is_open))
    # Not listed: no item under any line, or none at all in the custody counters (the
    # negation of ``listed``, without the custody pivot of every candidate).
    counted = sa.exists().where(_oc.c.order_id == work.c.id, _oc.c["items"] > 0)
    unlisted = (sa.select(_o.c.id, _o.c.due_date, _o.c.state, _o.c.catalogue_id,
                          _cat.c.digest.label("catalogue_digest"))
                .join(work, work.c.id == _o.c.id).join(_cat, _cat.c.id == _o.c.catalogue_id)
                .where(sa.or_(work.c.listed <= 0, sa.not_(counted))).order_by(_o.c.id))
    return queue, unlisted


_QUEUE, _UNLISTED = _queue_statements()

_TODAY = sa.bindparam("today", type_=sa.Date)
_CONTRACTS_IN_FORCE = (
    sa.select(t.contracts.c.trainee_id, t.contracts.c.start_on, t.contracts.c.id,
              t.contracts.c.weekly_minutes)
    .join(t.trainees, t.trainees.c.id == t.contracts.c.trainee_id)
    .where(t.trainees.c.active, t.contracts.c.start_on <= _TODAY,
           sa.or_(t.contracts.c.planned_end.is_(None), t.contracts.c.planned_end >= _TODAY),
           sa.or_(t.trainees.c.exit_on.is_(None), t.trainees.c.exit_on >= _TODAY)))


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
        yield from conn.execute(_ONE[statement], {"oid": ids[0]})
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
        found = self.conn.execute(_CLIENT_NAME, {"cid": collectivity_id}).scalar()
        return None if found is None else str(found)

    def client_orders(self, collectivity_id: int, order_ref: str | None, *, limit: int,
                      offset: int) -> tuple[int, list[TrackedOrder], WorkshopQueue]:
        """``(total, one page of orders newest first, the workshop's queue)`` of the
        collectivity (only ``order_ref`` if the link is limited to it). The queue is
        read only when an order of the page is open (else it is empty)."""
        limited = order_ref is not None
        params = {"cid": collectivity_id, "ref": order_ref}
        total = int(self.conn.execute(_COUNT[limited], params).scalar_one())
        rows = self.conn.execute(_PAGE[limited],
                                 {**params, "limit": limit, "offset": offset}).all()
        orders, queue = self._with_queue(rows)
        return total, orders, queue

    def client_order(self, collectivity_id: int, order_ref: str | None,
                     public_id: str) -> tuple[TrackedOrder | None, WorkshopQueue]:
        """The collectivity's order of ``public_id`` (None for another client's order, or
        one outside the link) and the workshop's queue if the order is open."""
        rows = self.conn.execute(_ONE_ORDER[order_ref is not None],
                                 {"cid": collectivity_id, "ref": order_ref,
                                  "pid": public_id}).all()
        if not rows or rows[0].part != 0:
            return None, WorkshopQueue()
        order = self._one_order(rows)
        return order, self._queue_of([order])

    def _one_order(self, rows: Sequence[Any]) -> TrackedOrder:
        """The order of the rows of :data:`_ONE_ORDER` (its row first)."""
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
        delivery_id = self.conn.execute(_DELIVERY_BY[order_ref is not None],
                                        {"cid": collectivity_id, "ref": order_ref,
                                         "number": number}).scalar()
        if delivery_id is None:
            return None
        return tuple(self.conn.execute(_BARCODES, {"delivery": delivery_id}).scalars())

    # -- details of a few orders -----------------------------------------------------------

    def _counts(self, ids: Sequence[int]) -> dict[int, CustodyCounts]:
        rows: dict[int, list[tuple[str, int, int]]] = {}
        for order_id, state, n, received in _rows(self.conn, _COUNTS, ids):
            rows.setdefault(int(order_id), []).append((state, int(n), int(received)))
        return {order_id: custody_counts(rows.get(order_id, [])) for order_id in ids}

    def _lines(self, ids: Sequence[int]) -> dict[int, list[TrackedLine]]:
        out: dict[int, list[TrackedLine]] = {order_id: [] for order_id in ids}
        for row in _rows(self.conn, _LINES, ids):
            out[int(row.order_id)].append(_line(row))
        return out

    def _deliveries(self, ids: Sequence[int]) -> dict[int, list[DeliverySummary]]:
        out: dict[int, list[DeliverySummary]] = {order_id: [] for order_id in ids}
        for row in _rows(self.conn, _DELIVERIES, ids):
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
                                int(r.documents or 0)) for r in self.conn.execute(_QUEUE))
        unlisted = tuple(self._unlisted())
        kept = KeptQueue(ranked=ranked, unlisted=unlisted,
                         digests=tuple((q.catalogue_id, self.digests[q.catalogue_id])
                                       for q in unlisted))
        if self._cache is not None:
            self._cache.keep(self._generation, kept)
        return kept

    def _unlisted(self) -> list[QueuedOrder]:
        """The accepted orders of the workshop with no item listed yet, in full."""
        found = self.conn.execute(_UNLISTED).all()
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
        active trainees (each counted once, by their latest-started contract)."""
        current: dict[int, tuple[dt.date, int, int]] = {}
        for trainee_id, start_on, contract_id, minutes in self.conn.execute(
                _CONTRACTS_IN_FORCE, {"today": today}):
            seen = current.get(int(trainee_id))
            if seen is None or (start_on, contract_id) > seen[:2]:
                current[int(trainee_id)] = (start_on, int(contract_id), int(minutes))
        return sum(minutes for _start, _id, minutes in current.values())
