"""Deliveries: numbered notes, gapless per year."""

from __future__ import annotations

import datetime as dt

import attrs


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
    order_ref: str
    delivered_on: dt.date
    barcodes: tuple[str, ...]
