"""Engines and schema upgrades: SQLite by default, PostgreSQL by URL."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from atelier.domain.errors import DatabaseUnusable
from atelier.store.checkpoint import WAL_KEPT_BYTES

if TYPE_CHECKING:
    from alembic.config import Config

DEFAULT_URL = "sqlite:///atelier.db"

#: The newest migration this version ships (a test checks it against Alembic's head),
#: so that checking a database needs no Alembic import on a cold CLI call.
SCHEMA_HEAD = "0008"
_MIGRATIONS = Path(__file__).with_name("migrations")

#: Execution option that asks for a write transaction (BEGIN IMMEDIATE on SQLite).
WRITE_OPTION = "atelier_write"


def resolve_url(url: str | None) -> str:
    """The database URL: the argument, else ``ATELIER_DATABASE_URL``, else ``./atelier.db``.

    A bare path (``shop.db``) is taken as a SQLite file; ``postgresql://`` URLs
    use psycopg 3.
    """
    chosen = url or os.environ.get("ATELIER_DATABASE_URL") or DEFAULT_URL
    if "://" not in chosen:
        # A path is taken as it is written: ``100%`` or ``%25`` in a folder's name is
        # not URL escaping (the URL built here encodes it).
        chosen = sa.engine.URL.create("sqlite", database=chosen).render_as_string()
    if chosen.startswith("postgresql://") or chosen.startswith("postgres://"):
        chosen = "postgresql+psycopg://" + chosen.split("://", 1)[1]
    return chosen


#: How long a writer waits for another one to finish, by default (seconds).
DEFAULT_LOCK_TIMEOUT = 30.0
#: How long a writer waits quietly before it says it is waiting (seconds): two quick
#: acts on the same file meet often and should not print anything.
_QUIET_WAIT_MS = 200


def lock_timeout(seconds: float | None = None) -> float:
    """The wait for another writer: ``seconds``, else ``ATELIER_LOCK_TIMEOUT``, else 30 s."""
    if seconds is None:
        raw = os.environ.get("ATELIER_LOCK_TIMEOUT", "")
        try:
            seconds = float(raw) if raw.strip() else DEFAULT_LOCK_TIMEOUT
        except ValueError:
            seconds = DEFAULT_LOCK_TIMEOUT
    # Bounded both ways: never wait forever, never refuse at once because of a typo.
    return min(max(seconds, 0.0), 3600.0) if seconds == seconds else DEFAULT_LOCK_TIMEOUT


def create_engine(url: str | None = None, *, wait: float | None = None,
                  on_wait: Callable[[float], None] | None = None) -> Engine:
    """An engine with the pragmas and transaction behaviour atelier relies on.

    SQLite: WAL (checkpointed off the commit path: :mod:`atelier.store.checkpoint`),
    foreign keys, ``synchronous=NORMAL``, and write transactions
    opened with ``BEGIN IMMEDIATE`` so two writers queue instead of failing when
    one upgrades its lock. A writer that finds the file held by another waits up
    to ``wait`` seconds (:func:`lock_timeout`), calling ``on_wait(seconds)`` once
    when it starts waiting so that a person can be told. The URL's scheme must be
    ``sqlite`` or ``postgresql``: anything else is refused as
    :class:`DatabaseUnusable` (``database_scheme``).
    """
    resolved = resolve_url(url)
    try:
        parsed = sa.engine.make_url(resolved)
    except sa.exc.ArgumentError as exc:
        raise DatabaseUnusable(f"not a database URL: {resolved!r}", code="database_url",
                               url=resolved) from exc
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql") or parsed.get_driver_name() not in (
            "pysqlite", "psycopg"):
        shown = parsed.render_as_string(hide_password=True)
        raise DatabaseUnusable(f"unsupported database {shown}: atelier works on a SQLite "
                               "file or a postgresql:// URL", code="database_scheme", url=shown)
    seconds = lock_timeout(wait)
    if backend == "sqlite":
        engine = sa.create_engine(parsed, connect_args={"timeout": seconds})
        _configure_sqlite(engine, seconds, on_wait)
        return engine
    return sa.create_engine(parsed, pool_pre_ping=True)


def _configure_sqlite(engine: Engine, seconds: float,
                      on_wait: Callable[[float], None] | None) -> None:
    busy_ms = int(seconds * 1000)

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own
        # transaction handling defers BEGIN and breaks SAVEPOINT/IMMEDIATE).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={busy_ms}")
        if engine.url.database not in (None, "", ":memory:"):
            cur.execute("PRAGMA journal_mode=WAL")
            # Checkpoints off the commit path: the unit-of-work factory takes them in the
            # background (atelier.store.checkpoint); the WAL restarts truncated, so its
            # size says how much waits.
            cur.execute("PRAGMA wal_autocheckpoint=0")
            cur.execute(f"PRAGMA journal_size_limit={WAL_KEPT_BYTES}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        if not conn.get_execution_options().get(WRITE_OPTION, False):
            conn.exec_driver_sql("BEGIN")
            return
        if on_wait is None or busy_ms <= _QUIET_WAIT_MS:
            # Nobody to tell of a wait: the whole bound at once, without the two
            # statements that set a quiet wait first (every write transaction paid them).
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            return
        raw = conn.connection.dbapi_connection
        assert raw is not None
        raw.execute(f"PRAGMA busy_timeout={min(_QUIET_WAIT_MS, busy_ms)}")
        try:
            # Through SQLAlchemy, not the raw connection: what the engine emits is what its
            # events (and the benchmarks that replay them) see.
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            return
        except sa.exc.OperationalError as exc:
            locked = "locked" in str(exc.orig)
        finally:
            raw.execute(f"PRAGMA busy_timeout={busy_ms}")
        # Another writer holds the file: say so once, then wait for the rest of the bound.
        # (Any other failure is raised again below, wrapped by SQLAlchemy like every error.)
        if locked:
            on_wait(seconds)
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration pointing at the migrations shipped in the package."""
    # Alembic is imported here, not at module level: a cold CLI call that only
    # reads (``atelier status``) should not pay for it.
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    # Alembic's config is a configparser: a ``%`` in the URL (an encoded password
    # ``p%40ss``, a folder ``100%``, ``Prélude`` percent-encoded) must be doubled.
    url = engine.url.render_as_string(hide_password=False)
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision(engine: Engine) -> str:
    """The newest migration shipped with this version of atelier."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at, or None for an empty database.

    Read directly (one ``SELECT``), without Alembic: ``/api/v1/health`` and ``atelier
    init`` ask it on every call.
    """
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("alembic_version"):
            return None
        found = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    return None if found is None else str(found)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (default: head), keeping the data."""
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the schema back to ``revision`` (for tests and rollbacks)."""
    from alembic import command

    command.downgrade(alembic_config(engine), revision)


def schema_problem(engine: Engine) -> str | None:
    """Why the database cannot be used as it is, or None when it is at head.

    ``"missing"`` (a SQLite file that does not exist: it is not created),
    ``"empty"`` (no schema yet), ``"outdated"`` (older than this version),
    ``"newer"`` (written by a newer version of atelier) or ``"unknown"`` (tables
    but no revision atelier knows: an emptied or foreign ``alembic_version``).
    """
    url = engine.url
    database = url.database
    is_file = (url.get_backend_name() == "sqlite" and database not in (None, "", ":memory:")
               and url.query.get("uri") != "true")
    if is_file and not Path(str(database)).exists():
        return "missing"
    with engine.connect() as conn:
        inspector = sa.inspect(conn)
        ours = inspector.has_table("collectivities")
        if not inspector.has_table("alembic_version"):
            return "unknown" if ours else "empty"
        current = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    if current is None:
        return "unknown" if ours else "empty"
    if current == SCHEMA_HEAD:
        return None
    if not re.fullmatch(r"\d{4}", str(current)):
        return "unknown"
    # Revisions are numbered 0001, 0002…: their order is the string order.
    return "outdated" if current < SCHEMA_HEAD else "newer"
