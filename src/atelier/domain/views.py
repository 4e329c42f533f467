"""Read models: plain frozen values returned by queries and use cases."""

from __future__ import annotations

import datetime as dt

import attrs

from atelier.domain.item import CustodyCounts


@attrs.frozen
class ServiceProgress:
    """Progress of one order line: tasks done out of all, and items finished."""

    line_no: int
    service: str
    format: str
    quantity: int
    unit_cents: int
    items: int
    items_done: int
    tasks_total: int
    tasks_done: int
    remaining_minutes: float

    @property
    def percent(self) -> int:
        """Share of the line's tasks done, 0–100 (rounded down)."""
        return 100 * self.tasks_done // self.tasks_total if self.tasks_total else 0


@attrs.frozen
class DeliverySummary:
    """One delivery note of an order."""

    number: str
    delivered_on: dt.date
    items: int


@attrs.frozen
class OrderStatus:
    """Where an order stands: what a supervisor or a librarian wants to know."""

    ref: str
    status: str
    collectivity: str
    state: str
    created_on: dt.date
    due_date: dt.date | None
    purchase_order: str | None
    reserved_contract: bool
    total_cents: int
    items: CustodyCounts
    services: tuple[ServiceProgress, ...]
    deliveries: tuple[DeliverySummary, ...]
    version: int

    def as_dict(self) -> dict[str, object]:
        """The documented JSON shape of ``atelier status --json``."""
        return {
            "ref": self.ref,
            "status": self.status,
            "collectivity": self.collectivity,
            "created_on": self.created_on.isoformat(),
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "purchase_order": self.purchase_order,
            "reserved_contract": self.reserved_contract,
            "total_cents": self.total_cents,
            "items": self.items.as_dict(),
            "services": [
                {
                    "line": s.line_no,
                    "service": s.service,
                    "format": s.format,
                    "quantity": s.quantity,
                    "unit_cents": s.unit_cents,
                    "items": s.items,
                    "items_done": s.items_done,
                    "tasks_total": s.tasks_total,
                    "tasks_done": s.tasks_done,
                    "percent": s.percent,
                    "remaining_minutes": round(s.remaining_minutes, 1),
                }
                for s in self.services
            ],
            "deliveries": [
                {"number": d.number, "delivered_on": d.delivered_on.isoformat(), "items": d.items}
                for d in self.deliveries
            ],
            "version": self.version,
        }


@attrs.frozen
class OrderSummary:
    """A line of the order list."""

    ref: str
    collectivity: str
    status: str
    due_date: dt.date | None
    items: int
    total_cents: int


@attrs.frozen
class ItemView:
    """One item of an order as people look it up: identity, custody, and where it went."""

    barcode: str
    title: str | None
    author: str | None
    isbn: str | None
    call_number: str | None
    format: str
    placeholder: bool
    custody: str
    reason: str | None
    delivery: str | None

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of ``atelier items list --json``."""
        return attrs.asdict(self)


@attrs.frozen
class TaskRef:
    """A task as the work use cases need it."""

    id: int
    item_id: int
    line_id: int
    seq: int
    barcode: str
    operation: str
    skill: str
    min_level: int
    standard_seconds: int
    checkpoint: bool
    status: str
    version: int
    #: The last step of its routing: done means the item is finished for this line.
    last_step: bool = False


@attrs.frozen
class ItemRef:
    """An item's identity and custody, as the custody use cases need it."""

    id: int
    barcode: str
    custody: str
    version: int
    received: bool


@attrs.frozen
class AuditRecord:
    """One audit record: who did what, when, through which door, before → after."""

    id: int
    at: dt.datetime
    actor: str
    door: str
    action: str
    entity: str
    entity_key: str
    before: object
    after: object
