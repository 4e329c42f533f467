"""Barcodes as a scanner reads them: checked, counted once, and matched to an order's items.

A batch of scans is all or nothing: one barcode that is not an item of the
order refuses the batch, naming each unknown one by its place in the batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TypeVar

from atelier.domain.errors import FileRejected, InvalidInput, Problem
from atelier.domain.item import validate_barcode

T = TypeVar("T")


def dedupe_scans(barcodes: Iterable[str]) -> tuple[list[str], tuple[str, ...]]:
    """Validated barcodes in scan order, once each, and those scanned more than once.

    Blank lines (a scanner's stray Enter) are skipped.
    """
    seen: dict[str, None] = {}
    repeated: list[str] = []
    for raw in barcodes:
        if isinstance(raw, str) and not raw.strip():
            continue
        code = validate_barcode(raw)
        if code in seen:
            repeated.append(code)
        seen[code] = None
    return list(seen), tuple(dict.fromkeys(repeated))


def require_scans(scanned: Sequence[str]) -> Sequence[str]:
    """A batch names at least one barcode."""
    if not scanned:
        raise InvalidInput("barcodes", "no barcode given", code="no_barcodes")
    return scanned


def all_known(scanned: Sequence[str], found: Mapping[str, T]) -> list[T]:
    """The items of the scanned barcodes, in scan order, or FileRejected listing every
    barcode that is not an item of the order, by its position in the batch."""
    problems = [Problem("barcode", "not an item of this order", n, b)
                for n, b in enumerate(scanned, start=1) if b not in found]
    if problems:
        raise FileRejected("barcodes", problems)
    return [found[b] for b in scanned]
