"""Insertion hours per order and per collectivity: what a reserved contract or a social
clause asks the workshop to show (work records plus time entries on the order)."""

from __future__ import annotations

from typing import Any

import attrs


@attrs.frozen
class OrderHours:
    """Insertion hours spent on one order (work records plus time entries on it)."""

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

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"order": self.order, "collectivity_id": self.collectivity_id,
                "collectivity": self.collectivity, "reserved_contract": self.reserved_contract,
                "work_minutes": self.work_minutes, "entry_minutes": self.entry_minutes,
                "total_minutes": self.total_minutes}


@attrs.frozen
class CollectivityHours:
    """Insertion hours spent for one collectivity, and those under reserved contracts."""

    collectivity_id: int
    collectivity: str
    orders: int
    total_minutes: int
    reserved_minutes: int

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"collectivity_id": self.collectivity_id, "collectivity": self.collectivity,
                "orders": self.orders, "total_minutes": self.total_minutes,
                "reserved_minutes": self.reserved_minutes}


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
