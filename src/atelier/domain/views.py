"""Read models: plain frozen values returned by queries and use cases."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import attrs

from atelier.domain.item import Custody, CustodyCounts
from atelier.domain.order import OrderState, Status
from atelier.domain.shape import internal, shown_as
from atelier.domain.task import TaskStatus


@attrs.frozen
class ServiceProgress:
    """Progress of one order line: tasks done out of all, and items finished."""

    DERIVED: ClassVar[tuple[str, ...]] = ("percent",)

    line_no: int = attrs.field(metadata=shown_as("line"))
    service: str
    format: str
    quantity: int
    unit_cents: int
    items: int
    items_done: int
    tasks_total: int
    tasks_done: int
    #: Standard minutes of work left on the line, to the tenth of a minute.
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
    status: Status
    collectivity: str
    #: The client-side state the status is derived from.
    state: OrderState = attrs.field(metadata=internal())
    created_on: dt.date
    due_date: dt.date | None
    purchase_order: str | None
    reserved_contract: bool
    total_cents: int
    items: CustodyCounts
    services: tuple[ServiceProgress, ...]
    deliveries: tuple[DeliverySummary, ...]
    version: int


@attrs.frozen
class OrderSummary:
    """A line of the order list."""

    ref: str
    collectivity: str
    status: Status
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
    custody: Custody
    reason: str | None
    delivery: str | None


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
    status: TaskStatus
    version: int
    #: The last step of its routing: done means the item is finished for this line.
    last_step: bool = False


@attrs.frozen
class ItemRef:
    """An item's identity and custody, as the custody use cases need it."""

    id: int
    barcode: str
    custody: Custody
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
    entity_key: str = attrs.field(metadata=shown_as("key"))
    before: object
    after: object
