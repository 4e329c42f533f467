"""Use cases of deliveries: hand finished books back under a numbered note."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from atelier.domain import bounds
from atelier.domain import item as custody
from atelier.domain import order as order_rules
from atelier.domain.actor import Actor
from atelier.domain.delivery import Delivery, delivery_number, require_finished
from atelier.domain.results import DeliveryResult
from atelier.domain.scans import all_known, dedupe_scans, require_scans
from atelier.services.orders import check_ref
from atelier.services.ports import UnitOfWork


def deliver(uow: UnitOfWork, actor: Actor, ref: str, barcodes: Sequence[str] | None,
            now: dt.datetime) -> DeliveryResult:
    """Deliver the named items (or every ready one) under a new delivery note.

    Only finished (ready) items can be delivered; the note is numbered
    ``BL-YEAR-NNNN`` in one gapless sequence per year.
    """
    order = uow.orders.get(check_ref(ref))
    order_rules.check_open_for_work(order)
    if barcodes is None:
        items = require_finished(order.ref, uow.items.find(order.id, custody=[custody.READY]))
    else:
        scanned, _ = dedupe_scans(barcodes)
        require_scans(scanned)
        items = all_known(scanned, {i.barcode: i for i in uow.items.find(order.id, scanned)})
        for it in items:
            custody.check_move(it.barcode, it.custody, custody.RETURNED)
    today = now.date()
    seq = uow.counters.next("delivery", today.year)
    number = delivery_number(today.year, seq)
    delivery_id = uow.deliveries.add(order.id, number, today.year, seq, today, now)
    uow.items.move(items, custody.RETURNED, delivery_id=delivery_id)
    uow.audit.record(actor, "delivery.create", "delivery", number,
                     {"custody": custody.READY},
                     {"order": order.ref, "custody": custody.RETURNED,
                      "barcodes": [i.barcode for i in items]}, now)
    return DeliveryResult(order_ref=order.ref, number=number,
                          barcodes=tuple(sorted(i.barcode for i in items)))


def delivery(uow: UnitOfWork, number: str) -> Delivery:
    """A delivery note and the barcodes it handed back (sorted)."""
    order_ref, num, day, barcodes = uow.deliveries.barcodes(bounds.key(number, "number",
                                                                       bounds.REF))
    return Delivery(number=num, order_ref=order_ref, delivered_on=day, barcodes=tuple(barcodes))
