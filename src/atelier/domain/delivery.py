"""Deliveries: numbered notes, gapless per year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TypeVar

import attrs

from atelier.domain.errors import RuleViolation
from atelier.domain.shape import shown_as


def delivery_number(year: int, seq: int) -> str:
    """The printed number of a delivery note: ``BL-2026-0007``."""
    return f"BL-{year}-{seq:04d}"


def order_ref(year: int, seq: int) -> str:
    """The reference of an order: ``CMD-2026-0042``."""
    return f"CMD-{year}-{seq:04d}"


@attrs.frozen
class Delivery:
    """A delivery note as read back: its number, date and the barcodes returned."""

    number: str
    order_ref: str = attrs.field(metadata=shown_as("ref"))
    delivered_on: dt.date
    barcodes: tuple[str, ...]


T = TypeVar("T")


def require_finished(ref: str, ready: Sequence[T]) -> Sequence[T]:
    """A delivery of "every finished item" needs one finished item at least."""
    if not ready:
        raise RuleViolation(f"order {ref} has no finished item to deliver",
                            code="nothing_to_deliver", ref=ref)
    return ready
