"""Plain results returned by the use cases."""

from __future__ import annotations

import attrs


@attrs.frozen
class ImportResult:
    """What an item-list import did. ``already_imported``: the same file was imported before."""

    order_ref: str
    source: str
    items: int
    tasks: int
    already_imported: bool = False


@attrs.frozen
class ReceiveResult:
    """Barcodes scanned at reception, sorted into what happened to each."""

    order_ref: str
    received: tuple[str, ...]
    unknown: tuple[str, ...]
    #: Barcodes of the order that were not expected any more: (barcode, custody).
    not_expected: tuple[tuple[str, str], ...]
    #: Barcodes scanned more than once in the same batch (counted once).
    repeated: tuple[str, ...]


@attrs.frozen
class WorkResult:
    """Work recorded on a batch of tasks for one operation."""

    record_id: int
    order_ref: str
    operation: str
    trainee: str
    tasks: int
    minutes: int
    items_ready: int


@attrs.frozen
class CheckResult:
    """A quality check on a batch: how many passed or failed, and items now finished."""

    order_ref: str
    operation: str
    result: str
    tasks: int
    items_ready: int


@attrs.frozen
class CustodyResult:
    """Items moved to a final custody state (missing or refused)."""

    order_ref: str
    state: str
    barcodes: tuple[str, ...]
    tasks_cancelled: int


@attrs.frozen
class DeliveryResult:
    """A delivery made: its note number and the barcodes handed back."""

    order_ref: str
    number: str
    barcodes: tuple[str, ...]
