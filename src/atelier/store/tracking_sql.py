"""The statements of the collectivity's read model (:mod:`atelier.store.tracking`), built
once: their compiled form and cache key are reused by every request, the read that
hundreds of collectivities poll.

Nothing here selects a trainee's code, name, work record or note; the only read of
people is the weekly time of the contracts in force (one sum). Every statement on a
client's orders is bounded by the collectivity (and the order a link is limited to)
in its ``WHERE`` clause.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from atelier.store import tables as t

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

CLIENT_NAME = sa.select(_c.c.name).where(_c.c.id == _CID)

_SCOPED = (sa.select(*_ORDER_COLUMNS).join(_cat, _cat.c.id == _o.c.catalogue_id)
           .join(_c, _c.c.id == _o.c.collectivity_id).where(_o.c.collectivity_id == _CID))
#: The same, for a link limited to one order.
_SCOPED_REF = _SCOPED.where(_o.c.ref == _REF)

PAGE = {limited: q.order_by(_o.c.id.desc()).limit(sa.bindparam("limit"))
         .offset(sa.bindparam("offset")) for limited, q in ((False, _SCOPED), (True, _SCOPED_REF))}
COUNT = {limited: sa.select(sa.func.count()).select_from(q.subquery())
          for limited, q in ((False, _SCOPED), (True, _SCOPED_REF))}

_DELIVERY = (sa.select(_d.c.id).join(_o, _o.c.id == _d.c.order_id)
             .where(_d.c.number == sa.bindparam("number"), _o.c.collectivity_id == _CID))
DELIVERY_BY = {False: _DELIVERY, True: _DELIVERY.where(_o.c.ref == _REF)}
BARCODES = (sa.select(_i.c.barcode).where(_i.c.delivery_id == sa.bindparam("delivery"))
             .order_by(_i.c.barcode))

COUNTS = (sa.select(_oc.c.order_id, _oc.c.custody, _oc.c["items"], _oc.c.received)
           .where(_oc.c.order_id.in_(_IDS)))
LINES = sa.select(_ln).where(_ln.c.order_id.in_(_IDS)).order_by(_ln.c.order_id, _ln.c.line_no)
DELIVERIES = (sa.select(_d.c.order_id, _d.c.number, _d.c.delivered_on, _d.c["items"])
               .where(_d.c.order_id.in_(_IDS)).order_by(_d.c.order_id, _d.c.seq))
#: The same three for one order (a collectivity's order by its public id, the common
#: read): by equality, without a list parameter expanded and rendered on every call.
_OID: sa.BindParameter[int] = sa.bindparam("oid", type_=sa.Integer)
ONE = {COUNTS: sa.select(*COUNTS.selected_columns).where(_oc.c.order_id == _OID),
        LINES: sa.select(_ln).where(_ln.c.order_id == _OID).order_by(_ln.c.line_no),
        DELIVERIES: (sa.select(*DELIVERIES.selected_columns).where(_d.c.order_id == _OID)
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
ONE_ORDER = {limited: _one_order_statement(limited) for limited in (False, True)}

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


QUEUE, UNLISTED = _queue_statements()

_TODAY = sa.bindparam("today", type_=sa.Date)
CONTRACTS_IN_FORCE = (
    sa.select(t.contracts.c.trainee_id, t.contracts.c.start_on, t.contracts.c.id,
              t.contracts.c.weekly_minutes)
    .join(t.trainees, t.trainees.c.id == t.contracts.c.trainee_id)
    .where(t.trainees.c.active, t.contracts.c.start_on <= _TODAY,
           sa.or_(t.contracts.c.planned_end.is_(None), t.contracts.c.planned_end >= _TODAY),
           sa.or_(t.trainees.c.exit_on.is_(None), t.trainees.c.exit_on >= _TODAY)))
