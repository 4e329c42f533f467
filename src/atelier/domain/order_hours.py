"""Insertion hours per order and per collectivity: what a reserved contract or a social
clause asks the workshop to show (work records plus time entries on the order)."""

from __future__ import annotations

from typing import ClassVar

import attrs


@attrs.frozen
class OrderHours:
    """Insertion hours spent on one order (work records plus time entries on it)."""

    DERIVED: ClassVar[tuple[str, ...]] = ("total_minutes",)

    order: str
    collectivity_id: int
    collectivity: str
    reserved_contract: bool
    work_minutes: int
    entry_minutes: int

    @property
    def total_minutes(self) -> int:
        """All the insertion minutes of the order."""
        return self.work_minutes + self.entry_minutes


@attrs.frozen
class CollectivityHours:
    """Insertion hours spent for one collectivity, and those under reserved contracts."""

    collectivity_id: int
    collectivity: str
    orders: int
    total_minutes: int
    reserved_minutes: int


def collectivity_totals(orders: list[OrderHours]) -> list[CollectivityHours]:
    """Order hours summed per collectivity, by name."""
    found: dict[int, tuple[str, int, int, int]] = {}
    for o in orders:
        name, count, total, reserved = found.get(o.collectivity_id, (o.collectivity, 0, 0, 0))
        found[o.collectivity_id] = (name, count + 1, total + o.total_minutes,
                                    reserved + (o.total_minutes if o.reserved_contract else 0))
    return sorted((CollectivityHours(cid, name, count, total, reserved)
                   for cid, (name, count, total, reserved) in found.items()),
                  key=lambda c: (c.collectivity.casefold(), c.collectivity_id))
