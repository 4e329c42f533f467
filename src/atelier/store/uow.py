"""The SQL unit of work: one connection, one transaction, every repository on it."""

from __future__ import annotations

from types import TracebackType

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from atelier.store.database import WRITE_OPTION
from atelier.store.hours import SqlHours
from atelier.store.people import SqlPeople
from atelier.store.production import SqlDeliveries, SqlItems, SqlTasks, SqlWork
from atelier.store.queries import SqlQueries
from atelier.store.repositories import (
    SqlAudit,
    SqlCatalogues,
    SqlCollectivities,
    SqlCounters,
    SqlOrders,
)
from atelier.store.skills import SqlSkills
from atelier.store.tokens import SqlTokens
from atelier.store.tracking import SqlTracking


class SqlUnitOfWork:
    """Commits when the block ends normally, rolls back when it raises.

    ``write=True`` takes SQLite's write lock at the start (``BEGIN IMMEDIATE``)
    so concurrent writers queue rather than fail half-way.
    """

    def __init__(self, engine: Engine, *, write: bool = True) -> None:
        self.engine = engine
        self.write = write

    def __enter__(self) -> SqlUnitOfWork:
        conn = self.engine.connect()
        self.conn = conn.execution_options(**{WRITE_OPTION: self.write})
        self._tx = self.conn.begin()
        c = self.conn
        digests: dict[int, str] = {}
        self.catalogues = SqlCatalogues(c, digests)
        self.collectivities = SqlCollectivities(c)
        self.counters = SqlCounters(c)
        self.orders = SqlOrders(c, digests)
        self.items = SqlItems(c)
        self.tasks = SqlTasks(c)
        self.work = SqlWork(c)
        self.deliveries = SqlDeliveries(c)
        self.audit = SqlAudit(c)
        self.queries = SqlQueries(c)
        self.people = SqlPeople(c)
        self.hours = SqlHours(c)
        self.skills = SqlSkills(c)
        self.tokens = SqlTokens(c)
        self.tracking = SqlTracking(c, digests)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            if exc_type is None and self.write:
                self._tx.commit()
            else:
                self._tx.rollback()
        finally:
            self.conn.close()


def is_retryable(exc: BaseException) -> bool:
    """A PostgreSQL serialization failure or deadlock: the whole use case may run again."""
    if not isinstance(exc, sa.exc.OperationalError | sa.exc.DBAPIError):
        return False
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return code in ("40001", "40P01")
