"""One write transaction around several units of work (an HTTP request made with an
``Idempotency-Key``: its use cases and its stored answer commit together or not at all).

Each unit of work taken from :class:`SqlOneTransaction` is a savepoint of the one
transaction: a use case that raises leaves nothing, as on its own, while what the
others wrote waits for :meth:`SqlOneTransaction.commit`.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from atelier.services.ports import UnitOfWorkFactory
from atelier.store import faults
from atelier.store.database import WRITE_OPTION
from atelier.store.repositories import CatalogueCache
from atelier.store.uow import SqlUnitOfWork


class SqlOneTransaction:
    """A unit-of-work factory on one connection and one write transaction (``BEGIN
    IMMEDIATE`` on SQLite: the workshop's other writers wait for it)."""

    def __init__(self, engine: Engine, catalogues: CatalogueCache, location: str,
                 parent: UnitOfWorkFactory, committed: Callable[[], None]) -> None:
        self._engine = engine
        #: The factory's step after a commit (its kept queue dropped, a WAL checkpoint).
        self._committed = committed
        self._catalogues = catalogues
        self._location = location
        self._parent = parent
        self._conn: sa.Connection | None = None
        self._tx: sa.RootTransaction | None = None

    def begin(self) -> None:
        """Open the connection and its transaction."""
        try:
            self._conn = self._engine.connect().execution_options(**{WRITE_OPTION: True})
            self._tx = self._conn.begin()
        except sa.exc.DBAPIError as exc:
            self._release()
            raise faults.translated(exc, self._engine.url) from exc

    def __call__(self, *, write: bool) -> SqlUnitOfWork:
        if self._conn is None:
            raise RuntimeError("the transaction is not open (begin() first, once)")
        return SqlUnitOfWork(self._engine, self._catalogues, within=self._conn)

    def commit(self) -> None:
        """Commit everything the units wrote, and release the connection."""
        try:
            if self._tx is not None:
                self._tx.commit()
                self._committed()
        except sa.exc.DBAPIError as exc:
            raise faults.translated(exc, self._engine.url) from exc
        finally:
            self._release()

    def rollback(self) -> None:
        """Drop everything the units wrote, and release the connection (safe to repeat)."""
        try:
            if self._tx is not None and self._tx.is_active:
                self._tx.rollback()
        finally:
            self._release()

    def _release(self) -> None:
        if self._conn is not None:
            self._conn.close()
        self._conn = self._tx = None

    @property
    def location(self) -> str:
        """The database's URL without its password."""
        return self._location

    @property
    def engine(self) -> Engine:
        """The engine (as the factory this one was taken from gives it)."""
        return self._engine

    def upgrade(self) -> None:
        """The factory's own (a transaction is only taken once the schema is at head: there
        is nothing to do, and nothing waits for this transaction's lock)."""
        self._parent.upgrade()

    def revisions(self) -> tuple[str | None, str]:
        """``(current, head)`` migration revisions of the database."""
        return self._parent.revisions()

    def one_transaction(self) -> SqlOneTransaction:
        """Not inside another: one transaction is one."""
        raise RuntimeError("a transaction inside another one")

    def close(self) -> None:
        """Nothing of its own to release: the engine is the workshop's."""
