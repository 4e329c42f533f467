"""What the acts on orders return: plain values, shown as they are to every door.

An order's reference is shown as ``ref``, the name every door has always used.
"""

from __future__ import annotations

import attrs

from atelier.domain.item import Custody
from atelier.domain.item_list import LineOverflow
from atelier.domain.shape import shown_as
from atelier.domain.task import CheckOutcome

_REF = shown_as("ref")


@attrs.frozen
class ImportResult:
    """What an item-list import (or the numbering of placeholder items) did.

    ``source`` is the file as given (None for placeholders); ``already_imported``:
    the same file was imported before, and nothing changed; ``over_quantity``: the order
    lines the import took past their ordered quantity (a warning: the items were added)."""

    order_ref: str = attrs.field(metadata=_REF)
    source: str | None = attrs.field(metadata=shown_as("file"))
    items: int
    tasks: int
    already_imported: bool = False
    over_quantity: tuple[LineOverflow, ...] = ()


@attrs.frozen
class NotExpected:
    """A barcode of the order scanned at reception that was not expected any more, and
    where its item is."""

    barcode: str
    custody: Custody


@attrs.frozen
class ReceiveResult:
    """Barcodes scanned at reception, sorted into what happened to each."""

    order_ref: str = attrs.field(metadata=_REF)
    received: tuple[str, ...]
    unknown: tuple[str, ...]
    #: Barcodes of the order that were not expected any more.
    not_expected: tuple[NotExpected, ...]
    #: Barcodes scanned more than once in the same batch (counted once).
    repeated: tuple[str, ...]


@attrs.frozen
class WorkResult:
    """Work recorded on a batch of tasks for one operation."""

    record_id: int
    order_ref: str = attrs.field(metadata=_REF)
    operation: str
    trainee: str
    tasks: int
    minutes: int
    items_ready: int


@attrs.frozen
class CheckResult:
    """A quality check on a batch: how many passed or failed, and items now finished."""

    order_ref: str = attrs.field(metadata=_REF)
    operation: str
    result: CheckOutcome
    tasks: int
    items_ready: int


@attrs.frozen
class CustodyResult:
    """Items moved to a final custody state (missing or refused)."""

    order_ref: str = attrs.field(metadata=_REF)
    state: Custody
    barcodes: tuple[str, ...]
    tasks_cancelled: int


@attrs.frozen
class DeliveryResult:
    """A delivery made: its note number and the barcodes handed back."""

    order_ref: str = attrs.field(metadata=_REF)
    number: str
    barcodes: tuple[str, ...]
