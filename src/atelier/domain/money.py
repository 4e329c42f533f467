"""Money in integer cents: never floats."""

from __future__ import annotations


def line_total_cents(quantity: int, unit_cents: int) -> int:
    """Total of an order line, in cents."""
    return quantity * unit_cents


def format_euros(cents: int) -> str:
    """French display of an amount: ``1 234,56 €``."""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    grouped = f"{euros:,}".replace(",", "\u202f")
    return f"{sign}{grouped},{rest:02d} €"


def split_evenly(total: int, parts: int) -> list[int]:
    """Split a whole amount (minutes, cents) into ``parts`` integers that add up exactly.

    The first ``total % parts`` parts get one more unit, so nothing is lost to
    rounding: ``sum(split_evenly(t, n)) == t``.
    """
    if parts <= 0:
        raise ValueError("parts must be positive")
    base, extra = divmod(total, parts)
    return [base + 1 if i < extra else base for i in range(parts)]
