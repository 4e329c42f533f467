"""Use cases of items: import the list, placeholders, receive, missing and refused."""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Sequence

from atelier.domain import bounds
from atelier.domain import item as custody
from atelier.domain import order as order_rules
from atelier.domain.actor import Actor
from atelier.domain.catalogue import Catalogue, Operation
from atelier.domain.errors import Problem
from atelier.domain.item_list import (
    OVERFLOW_LIMIT,
    Fit,
    NewItem,
    check_list,
    check_overflow_limit,
    check_placeholder_count,
    listed_item,
    over_quantity,
    placeholder_barcodes,
    placeholder_plan,
)
from atelier.domain.order import Order
from atelier.domain.results import CustodyResult, ImportResult, NotExpected, ReceiveResult
from atelier.domain.scans import all_known, dedupe_scans, require_scans
from atelier.importing.item_file import ItemFileReader, ItemRow
from atelier.services.orders import check_ref
from atelier.services.ports import UnitOfWork

#: Rows inserted per statement batch: bounds memory whatever the file size.
BATCH = 2000


def routings(order: Order, catalogue: Catalogue) -> dict[int, tuple[Operation, ...]]:
    """Each order line's routing (its service's operations), by line id."""
    return {ln.id: catalogue.service(ln.service).operations for ln in order.lines}


def import_items(uow: UnitOfWork, actor: Actor, ref: str, path: str | os.PathLike[str],
                 now: dt.datetime, *, allow_shared: bool = False,
                 overflow_limit: float = OVERFLOW_LIMIT) -> ImportResult:
    """Import a collectivity's item list: every row lands, or none.

    Each item gets a task per operation of each of its services (pending until
    the book is received). Importing the same file again changes nothing.
    Raises FileRejected listing every bad row (line, field, reason): a barcode
    already in another open order of the same collectivity is one, unless
    ``allow_shared``. A line taken past its ordered quantity is reported in the
    result; past ``overflow_limit`` times its quantity, RuleViolation
    ``items_over_quantity``.
    """
    source = bounds.path(path)
    limit = check_overflow_limit(overflow_limit)
    order = uow.orders.get(check_ref(ref), lock="share")  # not cancelled until this lands
    order_rules.check_not_cancelled(order)
    catalogue = uow.catalogues.get(_catalogue_id(order))
    reader = ItemFileReader(source, formats={f.code: f.name for f in catalogue.formats},
                            services={s.code: s.name for s in catalogue.services})
    if uow.items.import_exists(order.id, reader.digest):
        return ImportResult(order_ref=order.ref, source=reader.source, items=0, tasks=0,
                            already_imported=True)
    existing = uow.items.barcodes(order.id)
    before = uow.items.per_line(order.id)
    import_id = uow.items.add_import(order.id, reader.digest, os.path.basename(reader.source),
                                     now)
    ops = routings(order, catalogue)
    problems: list[Problem] = []
    rows: list[ItemRow] = []
    batch: list[NewItem] = []
    adding: Counter[int] = Counter()
    fits: dict[tuple[str | None, tuple[str, ...]], Fit] = {}
    items = tasks = 0

    def take(pending: list[ItemRow]) -> None:
        # One look at the collectivity's other orders per batch of rows, not per row.
        elsewhere = {} if allow_shared else uow.items.open_elsewhere(
            order.collectivity_id, order.id, [r.barcode for r in pending])
        for row in pending:
            listed = listed_item(row.line, row.barcode, row.format, row.services, order.lines,
                                 existing, title=row.title, author=row.author, isbn=row.isbn,
                                 call_number=row.call_number, doc_type=row.doc_type,
                                 elsewhere=elsewhere, fits=fits)
            if isinstance(listed, Problem):
                problems.append(listed)
            elif not problems:  # once the file is refused, rows are read only to name problems
                batch.append(listed)
                adding.update(ln.id for ln in listed.lines)
        pending.clear()

    for row in reader:
        rows.append(row)
        if len(rows) >= BATCH:
            take(rows)
        if len(batch) >= BATCH:
            tasks += uow.items.add_many(order.id, import_id, batch, ops)
            items += len(batch)
            batch.clear()
    take(rows)
    check_list(reader.source, [*problems, *reader.problems])
    over = over_quantity(order.lines, before, adding, limit)
    if batch:
        tasks += uow.items.add_many(order.id, import_id, batch, ops)
        items += len(batch)
    uow.items.finish_import(import_id, items)
    uow.audit.record(actor, "items.import", "order", order.ref, None,
                     {"file": os.path.basename(reader.source), "digest": reader.digest,
                      "items": items, "tasks": tasks, "allow_shared": allow_shared,
                      "over_quantity": [f"{o.line_no}: {o.listed}/{o.ordered}" for o in over]},
                     now)
    return ImportResult(order_ref=order.ref, source=reader.source, items=items, tasks=tasks,
                        over_quantity=over)


def add_placeholder_items(uow: UnitOfWork, actor: Actor, ref: str, now: dt.datetime,
                          count: int | None = None, fmt: str | None = None) -> ImportResult:
    """Number placeholder items for an order that came without a list.

    Barcodes are ``REF-00001``…; each item falls under every line of its format.
    Without ``count``, one item per unit of the largest line of each format.
    """
    if count is not None:
        check_placeholder_count(count)
    wanted = bounds.optional_key(fmt, "format", bounds.CODE)
    order = uow.orders.get(check_ref(ref), lock="share")  # not cancelled until this lands
    order_rules.check_not_cancelled(order)
    catalogue = uow.catalogues.get(_catalogue_id(order))
    existing = uow.items.barcodes(order.id)
    start = uow.items.count(order.id)
    new: list[NewItem] = []
    for item_format, lines, n in placeholder_plan(order.lines, wanted, count):
        barcodes = placeholder_barcodes(order.ref, start, n, existing)
        new.extend(NewItem(barcode=b, format=item_format, lines=lines, placeholder=True)
                   for b in barcodes)
        start = int(barcodes[-1].rsplit("-", 1)[1])
    tasks = 0
    for i in range(0, len(new), BATCH):
        tasks += uow.items.add_many(order.id, None, new[i:i + BATCH], routings(order, catalogue))
    uow.audit.record(actor, "items.placeholders", "order", order.ref, None,
                     {"items": len(new), "tasks": tasks,
                      "first": new[0].barcode, "last": new[-1].barcode}, now)
    return ImportResult(order_ref=order.ref, source=None, items=len(new), tasks=tasks)


def receive(uow: UnitOfWork, actor: Actor, ref: str, barcodes: Sequence[str],
            now: dt.datetime) -> ReceiveResult:
    """Books scanned in: expected items become received and their first tasks ready.

    Unknown barcodes and items not expected any more are reported, not fatal.
    """
    order = uow.orders.get(check_ref(ref), lock="share")  # not cancelled while books come in
    order_rules.check_open_for_work(order)
    scanned, repeated = dedupe_scans(barcodes)
    found = {i.barcode: i for i in uow.items.find(order.id, scanned)}
    unknown = tuple(b for b in scanned if b not in found)
    to_receive = [found[b] for b in scanned if b in found and found[b].custody == custody.EXPECTED]
    not_expected = tuple(NotExpected(b, found[b].custody) for b in scanned
                         if b in found and found[b].custody != custody.EXPECTED)
    if to_receive:
        uow.items.move(to_receive, custody.RECEIVED, received_at=now)
        firsts = [t for t in uow.tasks.for_items([i.id for i in to_receive]) if t.seq == 1]
        uow.tasks.set_status(firsts, "ready")
        uow.audit.record(actor, "items.receive", "order", order.ref,
                         {"custody": custody.EXPECTED},
                         {"custody": custody.RECEIVED,
                          "barcodes": [i.barcode for i in to_receive]}, now)
    return ReceiveResult(order_ref=order.ref, received=tuple(i.barcode for i in to_receive),
                         unknown=unknown, not_expected=not_expected, repeated=repeated)


def set_final_custody(uow: UnitOfWork, actor: Actor, ref: str, barcodes: Sequence[str],
                      state: custody.Custody, reason: str, now: dt.datetime) -> CustodyResult:
    """Mark items missing or refused (with a reason); their open tasks are cancelled.

    All or nothing: an unknown barcode or a move the rules forbid refuses the batch.
    """
    why = custody.check_final_move(state, reason)
    order = uow.orders.get(check_ref(ref))
    scanned, _ = dedupe_scans(barcodes)
    require_scans(scanned)
    items = all_known(scanned, {i.barcode: i for i in uow.items.find(order.id, scanned)})
    for it in items:
        custody.check_move(it.barcode, it.custody, state)
    uow.items.move(items, state, reason=why)
    cancelled = uow.tasks.cancel_open([i.id for i in items])
    uow.audit.record(actor, f"items.{state}", "order", order.ref,
                     {"custody": {i.barcode: i.custody for i in items}},
                     {"custody": state, "reason": why, "barcodes": [i.barcode for i in items]},
                     now)
    return CustodyResult(order_ref=order.ref, state=state,
                         barcodes=tuple(i.barcode for i in items), tasks_cancelled=cancelled)


def _catalogue_id(order: Order) -> int:
    assert order.catalogue_id is not None, "a stored order always has its catalogue"
    return order.catalogue_id
