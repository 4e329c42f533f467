"""The SQL unit of work: one connection, one transaction, every repository on it; and the
factory a ``Workshop`` gets its units of work from."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Generic, TypeVar, overload

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from atelier.domain.catalogue import Catalogue
from atelier.domain.errors import DatabaseUnusable
from atelier.store import database, faults
from atelier.store.checkpoint import Checkpointer
from atelier.store.database import WRITE_OPTION
from atelier.store.queue import QueueCache
from atelier.store.repositories import CatalogueCache

T = TypeVar("T")

if TYPE_CHECKING:
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
    from atelier.store.scope import SqlOneTransaction
    from atelier.store.skills import SqlSkills
    from atelier.store.tokens import SqlTokens
    from atelier.store.tracking import SqlTracking


class _built(Generic[T]):
    """A repository of the unit of work, built on first use and then kept in the
    instance (``functools.cached_property`` without its per-instance lock, which Python
    3.11 takes on every first access: a unit of work lives in one thread)."""

    def __init__(self, build: Callable[[SqlUnitOfWork], T]) -> None:
        self._build = build
        self._name = build.__name__
        self.__doc__ = build.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    @overload
    def __get__(self, unit: None, owner: type) -> _built[T]: ...

    @overload
    def __get__(self, unit: SqlUnitOfWork, owner: type) -> T: ...

    def __get__(self, unit: SqlUnitOfWork | None, owner: type) -> T | _built[T]:
        if unit is None:
            return self
        value = self._build(unit)
        unit.__dict__[self._name] = value  # later reads find it before the descriptor
        return value


class SqlUnitOfWork:
    """Commits when the block ends normally, rolls back when it raises.

    ``write=True`` takes SQLite's write lock at the start (``BEGIN IMMEDIATE``)
    so concurrent writers queue rather than fail half-way. What the database
    says of a clash with another writer becomes the library's own error:
    :class:`Contention` (may be run again) or :class:`Conflict`.
    """

    def __init__(self, engine: Engine, catalogues: CatalogueCache, *, write: bool = True,
                 within: sa.Connection | None = None, queue: QueueCache | None = None,
                 committed: Callable[[], None] | None = None) -> None:
        self.engine = engine
        #: Called after this unit's write committed: the factory drops its kept queue and
        #: takes a WAL checkpoint if one is due (None inside a larger transaction).
        self._committed = None if within is not None else committed
        self.write = write
        self._cache = catalogues
        #: The workshop's kept queue (None inside a larger transaction: what it wrote
        #: and has not committed would not show in a queue kept before it).
        self._queue = None if within is not None else queue
        #: A connection whose transaction this unit runs inside, as a savepoint (see
        #: :mod:`atelier.store.scope`); None: a connection and a transaction of its own.
        self._within = within

    def __enter__(self) -> SqlUnitOfWork:
        # Noted before the transaction begins: a queue this transaction reads is kept
        # only if no write committed since (see atelier.store.queue).
        self._generation = 0 if self._queue is None else self._queue.generation
        try:
            if self._within is not None:
                self.conn = self._within
                self._tx: sa.Transaction = self.conn.begin_nested()
            else:
                conn = self.engine.connect()
                self.conn = conn.execution_options(**{WRITE_OPTION: self.write})
                self._tx = self.conn.begin()
        except sa.exc.DBAPIError as exc:
            raise faults.translated(exc, self.engine.url) from exc
        #: Catalogue id -> digest, shared by the repositories of this transaction that
        #: read catalogues (so an order's catalogue, once parsed, costs no query).
        self._digests: dict[int, str] = {}
        return self

    # The repositories are built on first use, and their modules imported then: a
    # command that reads one order's status loads neither the people, the hours nor
    # the tokens (B8, the cold CLI call), and a unit of work builds only what it uses.

    @_built
    def catalogues(self) -> SqlCatalogues:
        from atelier.store.repositories import SqlCatalogues
        return SqlCatalogues(self.conn, self._digests, self._cache)

    @_built
    def collectivities(self) -> SqlCollectivities:
        from atelier.store.repositories import SqlCollectivities
        return SqlCollectivities(self.conn)

    @_built
    def counters(self) -> SqlCounters:
        from atelier.store.repositories import SqlCounters
        return SqlCounters(self.conn)

    @_built
    def orders(self) -> SqlOrders:
        from atelier.store.repositories import SqlOrders
        return SqlOrders(self.conn, self._digests)

    @_built
    def items(self) -> SqlItems:
        from atelier.store.production import SqlItems
        return SqlItems(self.conn)

    @_built
    def tasks(self) -> SqlTasks:
        from atelier.store.production import SqlTasks
        return SqlTasks(self.conn)

    @_built
    def work(self) -> SqlWork:
        from atelier.store.production import SqlWork
        return SqlWork(self.conn)

    @_built
    def deliveries(self) -> SqlDeliveries:
        from atelier.store.production import SqlDeliveries
        return SqlDeliveries(self.conn)

    @_built
    def audit(self) -> SqlAudit:
        from atelier.store.repositories import SqlAudit
        return SqlAudit(self.conn)

    @_built
    def queries(self) -> SqlQueries:
        from atelier.store.queries import SqlQueries
        return SqlQueries(self.conn)

    @_built
    def people(self) -> SqlPeople:
        from atelier.store.people import SqlPeople
        return SqlPeople(self.conn)

    @_built
    def hours(self) -> SqlHours:
        from atelier.store.hours import SqlHours
        return SqlHours(self.conn)

    @_built
    def skills(self) -> SqlSkills:
        from atelier.store.skills import SqlSkills
        return SqlSkills(self.conn)

    @_built
    def tokens(self) -> SqlTokens:
        from atelier.store.tokens import SqlTokens
        return SqlTokens(self.conn)

    @_built
    def tracking(self) -> SqlTracking:
        from atelier.store.tracking import SqlTracking
        return SqlTracking(self.conn, self._digests, self._queue, self._generation)

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            if exc_type is None and self.write:
                self._tx.commit()
                if self._committed is not None:
                    self._committed()
            else:
                self._tx.rollback()
        except sa.exc.DBAPIError as failed:
            raise faults.translated(failed, self.engine.url) from failed
        finally:
            if self._within is None:
                self.conn.close()
        if isinstance(exc, sa.exc.DBAPIError):
            raise faults.translated(exc, self.engine.url) from exc


class SqlUnitOfWorkFactory:
    """Units of work on one database (SQLite file or PostgreSQL), for one ``Workshop``.

    ``parse`` turns a stored catalogue's text into a :class:`Catalogue` (the
    composition root gives the catalogue reader): parsed catalogues are kept per
    factory, by digest, since a stored version never changes. The first unit of
    work checks that the database is at this version's schema and says clearly
    when it is not (absent, empty, older, newer), instead of failing on a missing
    table.
    """

    def __init__(self, engine: Engine, parse: Callable[[str, str], Catalogue]) -> None:
        self._engine = engine
        self._catalogues = CatalogueCache(parse)
        #: The queue the expected dates read, kept between reads (atelier.store.queue).
        self.queue = QueueCache()
        #: SQLite's WAL checkpoints, in the background (None on PostgreSQL).
        self.checkpoints = Checkpointer.of(engine)
        self._schema_ok = False

    def __call__(self, *, write: bool) -> SqlUnitOfWork:
        if not self._schema_ok:
            self._check_schema()
        return SqlUnitOfWork(self._engine, self._catalogues, write=write, queue=self.queue,
                             committed=self._committed)

    @property
    def location(self) -> str:
        """Where the data is, as a person reads it: a SQLite file's path as typed (not
        percent-encoded), other databases' URL without the password."""
        return faults.location(self._engine.url)

    @property
    def engine(self) -> Engine:
        """The engine (benchmarks and tests of the store reach the database through it)."""
        return self._engine

    def upgrade(self) -> None:
        """Bring the schema to head (Alembic migrations shipped in the package).

        A database written by a newer atelier, or carrying a revision atelier does
        not know, is refused with the same error every other call gives.
        """
        problem = self._guarded(database.schema_problem)
        if problem in ("newer", "unknown"):
            raise self._unusable(problem)
        self._guarded(database.upgrade)
        self.queue.wrote()
        self._schema_ok = True

    def revisions(self) -> tuple[str | None, str]:
        """``(current, head)`` migration revisions of the database."""
        # The head is the constant this version ships (a test holds it equal to
        # Alembic's): parsing the migration scripts on every health check cost 8 ms.
        return self._guarded(database.current_revision), database.SCHEMA_HEAD

    def close(self) -> None:
        """Release the database connections (after a checkpoint under way)."""
        if self.checkpoints is not None:
            self.checkpoints.wait()
        self._engine.dispose()

    def one_transaction(self) -> SqlOneTransaction:
        """A factory whose units of work all run inside one write transaction (each a
        savepoint), committed or rolled back as a whole: see :mod:`atelier.store.scope`."""
        from atelier.store.scope import SqlOneTransaction  # it builds on this module

        if not self._schema_ok:
            self._check_schema()
        return SqlOneTransaction(self._engine, self._catalogues, self.location, self,
                                 self._committed)

    def _committed(self) -> None:
        """A write committed: no queue read before it is served again, and the WAL is
        checkpointed in the background if it is due."""
        self.queue.wrote()
        if self.checkpoints is not None:
            self.checkpoints.committed()

    def _check_schema(self) -> None:
        problem = self._guarded(database.schema_problem)
        if problem is not None:
            raise self._unusable(problem)
        self._schema_ok = True

    def _unusable(self, problem: str) -> DatabaseUnusable:
        where = self.location
        return DatabaseUnusable(
            f"the database {where} is {problem}: run `atelier init`"
            + (" with a newer atelier" if problem in ("newer", "unknown") else ""),
            code=f"database_{problem}", url=where)

    def _guarded(self, step: Callable[[Engine], T]) -> T:
        """Run a schema step, turning what the driver says into the library's error."""
        try:
            return step(self._engine)
        except sa.exc.DBAPIError as exc:
            raise faults.translated(exc, self._engine.url) from exc
