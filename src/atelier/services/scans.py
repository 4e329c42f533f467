"""Barcodes as scanned: validated, de-duplicated, and matched to an order's items."""

from __future__ import annotations

from collections.abc import Sequence

from atelier.domain import item as custody
from atelier.domain.errors import FileRejected, InvalidInput, Problem
from atelier.domain.views import ItemRef
from atelier.services.ports import UnitOfWork


def known_items(uow: UnitOfWork, order_id: int, scanned: Sequence[str]) -> list[ItemRef]:
    """The items named, or FileRejected listing every unknown barcode by its position."""
    if not scanned:
        raise InvalidInput("barcodes", "no barcode given", code="no_barcodes")
    found = {i.barcode: i for i in uow.items.find(order_id, scanned)}
    problems = [Problem("barcode", "not an item of this order", n, b)
                for n, b in enumerate(scanned, start=1) if b not in found]
    if problems:
        raise FileRejected("barcodes", problems)
    return [found[b] for b in scanned]


def dedupe_scans(barcodes: Sequence[str]) -> tuple[list[str], tuple[str, ...]]:
    """Validated barcodes in scan order, once each, and those scanned more than once.

    Blank lines (a scanner's stray Enter) are skipped.
    """
    seen: dict[str, None] = {}
    repeated: list[str] = []
    for raw in barcodes:
        if not raw.strip():
            continue
        code = custody.validate_barcode(raw)
        if code in seen:
            repeated.append(code)
        seen[code] = None
    return list(seen), tuple(dict.fromkeys(repeated))
