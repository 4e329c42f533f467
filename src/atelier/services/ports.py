"""What the use cases need from storage, as protocols (the store implements them, and so
does the in-memory fake the service tests run on).

Use cases take a ``UnitOfWork``: one transaction, committed when the use case
returns, rolled back when it raises. A ``Workshop`` gets its units of work from
a :class:`UnitOfWorkFactory`. Repositories report storage facts only: what is
stored, ``NotFound``, and ``Conflict`` when two writers clash; every rule is the
domain's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Mapping, Sequence
    from types import TracebackType

    from atelier.domain.actor import Actor
    from atelier.domain.catalogue import Catalogue, Operation
    from atelier.domain.collectivity import Collectivity
    from atelier.domain.hours import DayBudget
    from atelier.domain.item import Custody, CustodyCounts
    from atelier.domain.item_list import NewItem
    from atelier.domain.order import Order, OrderState
    from atelier.domain.task import CheckOutcome, TaskStatus
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


class CatalogueRepository(Protocol):
    def install(self, catalogue: Catalogue, source_name: str, text: str, digest: str,
                now: dt.datetime) -> tuple[int, bool]:
        """Store a catalogue (kept whole, so old orders keep their prices) and make it the
        active one: ``(id, created)``; the same digest again only re-activates it."""
        ...

    def active(self) -> tuple[int, Catalogue] | None:
        """The active catalogue and its id, or None before any is installed."""
        ...

    def get(self, catalogue_id: int) -> Catalogue:
        """A catalogue by id (NotFound)."""
        ...


class CollectivityRepository(Protocol):
    def add(self, collectivity: Collectivity, public_id: str, now: dt.datetime) -> int: ...
    def get(self, collectivity_id: int) -> Collectivity: ...
    def all(self) -> list[Collectivity]: ...


class CounterRepository(Protocol):
    def next(self, name: str, year: int) -> int:
        """The next number of ``name`` in ``year``: gapless, given back on rollback."""
        ...


class OrderRepository(Protocol):
    def add(self, order: Order, public_id: str) -> int: ...
    def get(self, ref: str, *, lock: str | None = None) -> Order:
        """The order; ``lock="share"`` keeps its state from changing until the end of the
        transaction, ``lock="update"`` is taken by the act that will change it."""
        ...
    def set_state(self, order: Order, state: OrderState, reason: str | None) -> None: ...
    def summaries(self, collectivity_id: int | None, *, limit: int | None = None,
                  offset: int = 0) -> list[OrderSummary]:
        """Every order (or one collectivity's), newest first; with ``limit``, one page
        from ``offset``."""
        ...

    def count(self, collectivity_id: int | None) -> int:
        """How many orders there are (or one collectivity has)."""
        ...


class ItemRepository(Protocol):
    def import_exists(self, order_id: int, digest: str) -> bool: ...
    def barcodes(self, order_id: int) -> set[str]: ...
    def per_line(self, order_id: int) -> dict[int, int]:
        """Items listed under each line of the order, by line id."""
        ...
    def open_elsewhere(self, collectivity_id: int, order_id: int,
                       barcodes: Sequence[str]) -> dict[str, str]:
        """Those of ``barcodes`` still open (not returned, missing or refused) in another
        order, not cancelled, of the collectivity: barcode -> that order's reference."""
        ...
    def add_import(self, order_id: int, digest: str, source_name: str, now: dt.datetime) -> int: ...
    def finish_import(self, import_id: int, rows: int) -> None: ...
    def add_many(self, order_id: int, import_id: int | None, new_items: Sequence[NewItem],
                 routings: Mapping[int, Sequence[Operation]]) -> int:
        """Insert items and, for each, one pending task per operation of its lines;
        returns the tasks made."""
        ...
    def count(self, order_id: int) -> int: ...
    def find(self, order_id: int, barcodes: Iterable[str] | None = None,
             custody: Iterable[Custody] | None = None, *, lock: bool = False) -> list[ItemRef]:
        """Items of the order; ``lock``: locked until the end of the transaction."""
        ...
    def move(self, items: Sequence[ItemRef], target: Custody, *, reason: str | None = None,
             received_at: dt.datetime | None = None, delivery_id: int | None = None) -> None: ...
    def counts(self, order_id: int) -> CustodyCounts: ...


class TaskRepository(Protocol):
    def for_items(self, item_ids: Sequence[int], operation: str | None = None) -> list[TaskRef]: ...
    def for_barcodes(self, order_id: int, barcodes: Sequence[str], operation: str,
                     ) -> tuple[list[ItemRef], list[TaskRef]]:
        """The items named and their tasks of ``operation``, in one read."""
        ...
    def for_work(self, order_id: int, barcodes: Sequence[str], operation: str,
                 trainee_id: int, day: dt.date, month: str,
                 ) -> tuple[list[ItemRef], list[TaskRef], dict[int, int], dict[str, int],
                            DayBudget | None]:
        """What an act of work on scanned items decides on, the trainee's row locked
        before: ``(items, their tasks of operation, open tasks per item, the trainee's
        current level per skill of those tasks, the day's budget)``, in two reads (the
        items by :meth:`for_barcodes`, the rest in one row); the budget is None when no
        item was found."""
        ...
    def after_work(self, order_id: int, items: Sequence[ItemRef], open_before: Mapping[int, int],
                   done: Sequence[TaskRef]) -> tuple[list[ItemRef], dict[int, int]]:
        """The items of the tasks ``done`` (read by :meth:`for_work` with ``open_before``)
        as they stand once the work is written, locked, and their open tasks now."""
        ...
    def workable(self, order_id: int, operation: str) -> list[TaskRef]: ...
    def set_status(self, tasks: Sequence[TaskRef], status: TaskStatus, *,
                   rework: bool = False) -> None: ...
    def release_next(self, done: Sequence[TaskRef]) -> None:
        """The routing step after each task done becomes ready (if it was pending)."""
        ...
    def open_counts(self, item_ids: Sequence[int]) -> dict[int, int]: ...
    def cancel_open(self, item_ids: Sequence[int]) -> int: ...


class WorkRepository(Protocol):
    def add_record(self, *, order_id: int, operation: str, trainee_id: int, post_code: str | None,
                   supervisor: str | None, minutes: Sequence[int], tasks: Sequence[TaskRef],
                   now: dt.datetime, day: dt.date | None = None) -> int:
        """A work record counted on ``day`` (default: the date of ``now``)."""
        ...
    def add_checks(self, checks: Sequence[tuple[TaskRef, TaskRef | None]], result: CheckOutcome,
                   defect: str | None, checker: str, now: dt.datetime) -> None: ...


class DeliveryRepository(Protocol):
    def add(self, order_id: int, number: str, year: int, seq: int, delivered_on: dt.date,
            now: dt.datetime) -> int: ...
    def barcodes(self, number: str) -> tuple[str, str, dt.date, list[str]]:
        """``(order ref, number, day, barcodes sorted)`` of a delivery note (NotFound)."""
        ...


class AuditRepository(Protocol):
    def record(self, actor: Actor, action: str, entity: str, key: str,
               before: Any, after: Any, now: dt.datetime) -> None: ...
    def latest(self, entity: str | None = None, key: str | None = None,
               limit: int = 100) -> list[AuditRecord]: ...


class StatusQueries(Protocol):
    def order_status(self, ref: str) -> OrderStatus: ...
    def order_items(self, ref: str, custody: Custody | None = None, *, after: str | None = None,
                    limit: int | None = None) -> list[ItemView]: ...


class UnitOfWork(Protocol):
    """One transaction and the repositories that work inside it (read-only members,
    so an implementation may use its own repository classes). Used as a context
    manager: committed when the block ends normally, rolled back when it raises."""

    def __enter__(self) -> UnitOfWork: ...

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None: ...

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


class UnitOfWorkFactory(Protocol):
    """Where a ``Workshop``'s transactions come from: a database (``atelier.store``) or,
    in the service tests, memory.

    ``factory(write=True)`` is a context manager giving one :class:`UnitOfWork`:
    committed when the block ends normally, rolled back when it raises. A write
    that could not be serialised beside another raises
    :class:`~atelier.domain.errors.Contention` (nothing was written: the use case
    may run again); a unique key taken meanwhile raises
    :class:`~atelier.domain.errors.Conflict`.
    """

    def __call__(self, *, write: bool) -> UnitOfWork: ...

    @property
    def location(self) -> str:
        """Where the data is, as shown to people (a URL without its password)."""
        ...

    def upgrade(self) -> None:
        """Bring the storage to this version's schema, keeping the data."""
        ...

    def revisions(self) -> tuple[str | None, str]:
        """``(current, head)`` schema revisions of the storage."""
        ...

    def close(self) -> None:
        """Release what the factory holds (connections)."""
        ...

    def one_transaction(self) -> OneTransaction:
        """A factory whose units of work all run inside one write transaction."""
        ...


class OneTransaction(UnitOfWorkFactory, Protocol):
    """Units of work inside one write transaction, each a savepoint (a unit that raises
    leaves nothing); :meth:`commit` keeps what they all wrote, :meth:`rollback` nothing.
    An HTTP request with an ``Idempotency-Key`` runs in one, with its stored answer."""

    def begin(self) -> None:
        """Open the transaction (the storage's other writers wait for its end)."""
        ...

    def commit(self) -> None: ...

    def rollback(self) -> None:
        """Drop everything (safe to repeat, and after a failed commit)."""
        ...
