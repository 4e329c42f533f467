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

    def __init__(self, db: Database, *, write: bool, within: Tx | None = None) -> None:
        self.db = db
        self.write = write
        #: The transaction this unit runs inside (see :class:`FakeOneTransaction`), as a
        #: savepoint: the tables it had changed, copied, put back if the unit raises.
        self.within = within

    def __enter__(self) -> FakeUnitOfWork:
        if self.within is not None:
            self.savepoint = {name: data.copy() for name, data in self.within.own.items()}
        elif self.write:
            if self.db.writer_thread == threading.get_ident():
                raise RuntimeError("a write transaction inside another one of the same thread: "
                                   "the SQL store would wait for itself")
            self.db.writer.acquire()
            self.db.writer_thread = threading.get_ident()
        tx = self.tx = self.within or Tx(self.db)
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
        if self.within is not None:
            if exc_type is not None or not self.write:
                self.within.own = self.savepoint
            return
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

    def one_transaction(self) -> FakeOneTransaction:
        """Units of work inside one write transaction, as the SQL store's
        ``one_transaction``."""
        return FakeOneTransaction(self.db)

    def upgrade(self) -> None:
        """Nothing to migrate: the tables are the current schema's."""

    def revisions(self) -> tuple[str | None, str]:
        """Always at the store's head revision."""
        from atelier.store.database import SCHEMA_HEAD  # imported here: it loads SQLAlchemy

        return SCHEMA_HEAD, SCHEMA_HEAD

    def close(self) -> None:
        """Nothing to release."""


class FakeOneTransaction:
    """One write transaction whose units of work are savepoints (as
    ``atelier.store.scope.SqlOneTransaction``): the writers' lock is held from
    :meth:`begin` to :meth:`commit` or :meth:`rollback`, whichever thread calls them."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.tx: Tx | None = None

    def begin(self) -> None:
        self.db.writer.acquire()
        self.tx = Tx(self.db)

    def __call__(self, *, write: bool) -> FakeUnitOfWork:
        if self.tx is None:
            raise RuntimeError("the transaction is not open (begin() first, once)")
        return FakeUnitOfWork(self.db, write=write, within=self.tx)

    def commit(self) -> None:
        if self.tx is not None:
            self.tx.commit()
        self.rollback()

    def rollback(self) -> None:
        if self.tx is not None:
            self.tx = None
            self.db.writer.release()

    @property
    def location(self) -> str:
        return "memory://"

    def upgrade(self) -> None:
        """Nothing to migrate."""

    def revisions(self) -> tuple[str | None, str]:
        from atelier.store.database import SCHEMA_HEAD

        return SCHEMA_HEAD, SCHEMA_HEAD

    def one_transaction(self) -> FakeOneTransaction:
        """Not inside another: one transaction is one."""
        raise RuntimeError("a transaction inside another one")

    def close(self) -> None:
        """Nothing of its own to release."""
