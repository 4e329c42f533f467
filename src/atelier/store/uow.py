"""The SQL unit of work: one connection, one transaction, every repository on it; and the
factory a ``Workshop`` gets its units of work from."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from atelier.domain.catalogue import Catalogue
from atelier.domain.errors import Conflict, Contention, DatabaseUnusable
from atelier.store import database
from atelier.store.database import WRITE_OPTION
from atelier.store.hours import SqlHours
from atelier.store.people import SqlPeople
from atelier.store.production import SqlDeliveries, SqlItems, SqlTasks, SqlWork
from atelier.store.queries import SqlQueries
from atelier.store.repositories import (
    CatalogueCache,
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
    so concurrent writers queue rather than fail half-way. What the database
    says of a clash with another writer becomes the library's own error:
    :class:`Contention` (may be run again) or :class:`Conflict`.
    """

    def __init__(self, engine: Engine, catalogues: CatalogueCache, *, write: bool = True
                 ) -> None:
        self.engine = engine
        self.write = write
        self._cache = catalogues

    def __enter__(self) -> SqlUnitOfWork:
        try:
            conn = self.engine.connect()
            self.conn = conn.execution_options(**{WRITE_OPTION: self.write})
            self._tx = self.conn.begin()
        except sa.exc.DBAPIError as exc:
            raise _translated(exc) from exc
        c = self.conn
        digests: dict[int, str] = {}
        self.catalogues = SqlCatalogues(c, digests, self._cache)
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
        except sa.exc.DBAPIError as failed:
            raise _translated(failed) from failed
        finally:
            self.conn.close()
        if isinstance(exc, sa.exc.DBAPIError):
            raise _translated(exc) from exc


def _translated(exc: sa.exc.DBAPIError) -> Exception:
    """The library's error for what the database said, or the database's own error when
    it is not about another writer (a bug to see, not to hide)."""
    if isinstance(exc, sa.exc.IntegrityError):
        return Conflict("someone else wrote the same thing at the same time: reload and try "
                        "again", code="concurrent_write")
    if is_retryable(exc):
        return Contention("the database was busy with another act on the same data: nothing "
                          "was saved, try again", code="contention")
    return exc


def is_retryable(exc: BaseException) -> bool:
    """A PostgreSQL serialization failure or deadlock, or SQLite still locked after its busy
    timeout: the whole use case may run again."""
    if not isinstance(exc, sa.exc.DBAPIError):
        return False
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    if code in ("40001", "40P01", "55P03"):
        return True
    return isinstance(exc, sa.exc.OperationalError) and "database is locked" in str(exc.orig)


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
        self._schema_ok = False

    def __call__(self, *, write: bool) -> SqlUnitOfWork:
        if not self._schema_ok:
            self._check_schema()
        return SqlUnitOfWork(self._engine, self._catalogues, write=write)

    @property
    def location(self) -> str:
        """The database's URL without its password."""
        return self._engine.url.render_as_string(hide_password=True)

    @property
    def engine(self) -> Engine:
        """The engine (benchmarks and tests of the store reach the database through it)."""
        return self._engine

    def upgrade(self) -> None:
        """Bring the schema to head (Alembic migrations shipped in the package)."""
        database.upgrade(self._engine)
        self._schema_ok = True

    def revisions(self) -> tuple[str | None, str]:
        """``(current, head)`` migration revisions of the database."""
        return database.current_revision(self._engine), database.head_revision(self._engine)

    def close(self) -> None:
        """Release the database connections."""
        self._engine.dispose()

    def _check_schema(self) -> None:
        problem = database.schema_problem(self._engine)
        if problem is not None:
            where = self.location
            raise DatabaseUnusable(
                f"the database {where} is {problem}: run `atelier init`"
                + (" with a newer atelier" if problem == "newer" else ""),
                code=f"database_{problem}", url=where)
        self._schema_ok = True
