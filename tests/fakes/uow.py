"""The fake unit of work and its factory: the whole storage in memory.

A unit of work reads the data committed when it began and writes on copies of the
tables it changes: a write transaction that ends normally puts them in place, one that
raises (or a read transaction) drops them, so a use case that fails half-way leaves
no trace. Write transactions run one at a time (as SQLite's ``BEGIN IMMEDIATE``
makes them), so the locks the SQL store takes are nothing here.
"""

from __future__ import annotations

import threading
from types import TracebackType

from tests.fakes.hours import FakeHours
from tests.fakes.orders import (
    FakeAudit,
    FakeCatalogues,
    FakeCollectivities,
    FakeCounters,
    FakeOrders,
    FakeQueries,
)
from tests.fakes.people import FakePeople
from tests.fakes.production import FakeDeliveries, FakeItems, FakeTasks, FakeWork
from tests.fakes.skills import FakeSkills
from tests.fakes.tables import Database, Tx
from tests.fakes.tokens import FakeTokens
from tests.fakes.tracking import FakeTracking


class FakeUnitOfWork:
    """One transaction on the in-memory data, and every repository working inside it."""

    catalogues: FakeCatalogues
    collectivities: FakeCollectivities
    counters: FakeCounters
    orders: FakeOrders
    items: FakeItems
    tasks: FakeTasks
    work: FakeWork
    deliveries: FakeDeliveries
    audit: FakeAudit
    queries: FakeQueries
    people: FakePeople
    hours: FakeHours
    skills: FakeSkills
    tokens: FakeTokens
    tracking: FakeTracking

    def __init__(self, db: Database, *, write: bool) -> None:
        self.db = db
        self.write = write

    def __enter__(self) -> FakeUnitOfWork:
        if self.write:
            if self.db.writer_thread == threading.get_ident():
                raise RuntimeError("a write transaction inside another one of the same thread: "
                                   "the SQL store would wait for itself")
            self.db.writer.acquire()
            self.db.writer_thread = threading.get_ident()
        tx = self.tx = Tx(self.db)
        self.catalogues = FakeCatalogues(tx)
        self.collectivities = FakeCollectivities(tx)
        self.counters = FakeCounters(tx)
        self.orders = FakeOrders(tx)
        self.items = FakeItems(tx)
        self.tasks = FakeTasks(tx)
        self.work = FakeWork(tx)
        self.deliveries = FakeDeliveries(tx)
        self.audit = FakeAudit(tx)
        self.queries = FakeQueries(tx)
        self.people = FakePeople(tx)
        self.hours = FakeHours(tx)
        self.skills = FakeSkills(tx)
        self.tokens = FakeTokens(tx)
        self.tracking = FakeTracking(tx)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            if exc_type is None and self.write:
                self.tx.commit()
        finally:
            if self.write:
                self.db.writer_thread = None
                self.db.writer.release()


class FakeUnitOfWorkFactory:
    """Units of work on one in-memory database (a ``UnitOfWorkFactory``)."""

    def __init__(self) -> None:
        self.db = Database()

    def __call__(self, *, write: bool) -> FakeUnitOfWork:
        return FakeUnitOfWork(self.db, write=write)

    @property
    def location(self) -> str:
        return "memory://"

    def upgrade(self) -> None:
        """Nothing to migrate: the tables are the current schema's."""

    def revisions(self) -> tuple[str | None, str]:
        """Always at the store's head revision."""
        from atelier.store.database import SCHEMA_HEAD  # imported here: it loads SQLAlchemy

        return SCHEMA_HEAD, SCHEMA_HEAD

    def close(self) -> None:
        """Nothing to release."""
