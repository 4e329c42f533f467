"""What the use cases need from storage, as protocols (the store implements them).

Use cases take a ``UnitOfWork``: one transaction, committed when the use case
returns, rolled back when it raises.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

import attrs

from atelier.domain.actor import Actor
from atelier.domain.catalogue import Catalogue, Operation
from atelier.domain.collectivity import Collectivity, Contact
from atelier.domain.item import CustodyCounts
from atelier.domain.order import Order, OrderLine
from atelier.domain.views import (
    AuditRecord,
    ItemRef,
    ItemView,
    OrderStatus,
    OrderSummary,
    TaskRef,
)
from atelier.services.ports_hours import HoursRepository
from atelier.services.ports_people import PeopleRepository
from atelier.services.ports_skills import SkillsRepository
from atelier.services.ports_tokens import TokenRepository
from atelier.services.ports_tracking import TrackingQueries


@attrs.frozen
class NewItem:
    """An item to insert, with the order lines (hence the routings) it falls under."""

    barcode: str
    format: str
    lines: tuple[OrderLine, ...]
    title: str | None = None
    author: str | None = None
    isbn: str | None = None
    call_number: str | None = None
    doc_type: str | None = None
    placeholder: bool = False
    source_line: int | None = None


class CatalogueRepository(Protocol):
    def install(self, catalogue: Catalogue, source_name: str, text: str, digest: str,
                now: dt.datetime) -> tuple[int, bool]: ...
    def active(self) -> tuple[int, Catalogue]: ...
    def get(self, catalogue_id: int) -> Catalogue: ...


class CollectivityRepository(Protocol):
    def add(self, *, public_id: str, name: str, kind: str, siret: str | None,
            chorus_service_code: str | None, engagement_ref: str | None,
            contacts: Sequence[Contact], now: dt.datetime) -> int: ...
    def get(self, collectivity_id: int) -> Collectivity: ...
    def all(self) -> list[Collectivity]: ...


class CounterRepository(Protocol):
    def next(self, name: str, year: int) -> int: ...


class OrderRepository(Protocol):
    def add(self, order: Order, public_id: str) -> int: ...
    def get(self, ref: str, *, lock: str | None = None) -> Order:
        """The order; ``lock="share"`` keeps its state from changing until the end of the
        transaction, ``lock="update"`` is taken by the act that will change it."""
        ...
    def set_state(self, order: Order, state: str, reason: str | None) -> None: ...
    def summaries(self, collectivity_id: int | None) -> list[OrderSummary]: ...


class ItemRepository(Protocol):
    def import_exists(self, order_id: int, digest: str) -> bool: ...
    def barcodes(self, order_id: int) -> set[str]: ...
    def add_import(self, order_id: int, digest: str, source_name: str, now: dt.datetime) -> int: ...
    def finish_import(self, import_id: int, rows: int) -> None: ...
    def add_many(self, order_id: int, import_id: int | None, new_items: Sequence[NewItem],
                 routings: Mapping[int, Sequence[Operation]]) -> int: ...
    def count(self, order_id: int) -> int: ...
    def find(self, order_id: int, barcodes: Iterable[str] | None = None,
             custody: Iterable[str] | None = None, *, lock: bool = False) -> list[ItemRef]:
        """Items of the order; ``lock``: locked until the end of the transaction."""
        ...
    def move(self, items: Sequence[ItemRef], target: str, *, reason: str | None = None,
             received_at: dt.datetime | None = None, delivery_id: int | None = None) -> None: ...
    def counts(self, order_id: int) -> CustodyCounts: ...


class TaskRepository(Protocol):
    def for_items(self, item_ids: Sequence[int], operation: str | None = None) -> list[TaskRef]: ...
    def for_barcodes(self, order_id: int, barcodes: Sequence[str], operation: str,
                     ) -> tuple[list[ItemRef], list[TaskRef]]:
        """The items named and their tasks of ``operation``, in one read."""
        ...
    def workable(self, order_id: int, operation: str) -> list[TaskRef]: ...
    def set_status(self, tasks: Sequence[TaskRef], status: str, *,
                   rework: bool = False) -> None: ...
    def release_next(self, done: Sequence[TaskRef]) -> None: ...
    def open_counts(self, item_ids: Sequence[int]) -> dict[int, int]: ...
    def cancel_open(self, item_ids: Sequence[int]) -> int: ...


class WorkRepository(Protocol):
    def add_record(self, *, order_id: int, operation: str, trainee_id: int, post_code: str | None,
                   supervisor: str | None, minutes: Sequence[int], tasks: Sequence[TaskRef],
                   now: dt.datetime, day: dt.date | None = None) -> int:
        """A work record counted on ``day`` (default: the date of ``now``)."""
        ...
    def add_checks(self, checks: Sequence[tuple[TaskRef, TaskRef | None]], result: str,
                   defect: str | None, checker: str, now: dt.datetime) -> None: ...


class DeliveryRepository(Protocol):
    def add(self, order_id: int, number: str, year: int, seq: int, delivered_on: dt.date,
            now: dt.datetime) -> int: ...
    def barcodes(self, number: str) -> tuple[str, str, dt.date, list[str]]: ...


class AuditRepository(Protocol):
    def record(self, actor: Actor, action: str, entity: str, key: str,
               before: Any, after: Any, now: dt.datetime) -> None: ...
    def latest(self, entity: str | None = None, key: str | None = None,
               limit: int = 100) -> list[AuditRecord]: ...


class StatusQueries(Protocol):
    def order_status(self, ref: str) -> OrderStatus: ...
    def order_items(self, ref: str, custody: str | None = None) -> list[ItemView]: ...


class UnitOfWork(Protocol):
    """One transaction and the repositories that work inside it (read-only members,
    so an implementation may use its own repository classes)."""

    @property
    def catalogues(self) -> CatalogueRepository: ...

    @property
    def collectivities(self) -> CollectivityRepository: ...

    @property
    def counters(self) -> CounterRepository: ...

    @property
    def orders(self) -> OrderRepository: ...

    @property
    def items(self) -> ItemRepository: ...

    @property
    def tasks(self) -> TaskRepository: ...

    @property
    def work(self) -> WorkRepository: ...

    @property
    def deliveries(self) -> DeliveryRepository: ...

    @property
    def audit(self) -> AuditRepository: ...

    @property
    def queries(self) -> StatusQueries: ...

    @property
    def people(self) -> PeopleRepository: ...

    @property
    def hours(self) -> HoursRepository: ...

    @property
    def skills(self) -> SkillsRepository: ...

    @property
    def tokens(self) -> TokenRepository: ...

    @property
    def tracking(self) -> TrackingQueries: ...
