"""Engines and schema upgrades: SQLite by default, PostgreSQL by URL."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

if TYPE_CHECKING:
    from alembic.config import Config

DEFAULT_URL = "sqlite:///atelier.db"

#: The newest migration this version ships (a test checks it against Alembic's head),
#: so that checking a database needs no Alembic import on a cold CLI call.
SCHEMA_HEAD = "0004"
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
        chosen = f"sqlite:///{chosen}"
    if chosen.startswith("postgresql://") or chosen.startswith("postgres://"):
        chosen = "postgresql+psycopg://" + chosen.split("://", 1)[1]
    return chosen


def create_engine(url: str | None = None) -> Engine:
    """An engine with the pragmas and transaction behaviour atelier relies on.

    SQLite: WAL, foreign keys, ``synchronous=NORMAL``, a busy timeout, and
    write transactions opened with ``BEGIN IMMEDIATE`` so two writers queue
    instead of failing when one upgrades its lock.
    """
    resolved = resolve_url(url)
    if resolved.startswith("sqlite"):
        engine = sa.create_engine(resolved, connect_args={"timeout": 30})
        _configure_sqlite(engine)
        return engine
    return sa.create_engine(resolved, pool_pre_ping=True)


def _configure_sqlite(engine: Engine) -> None:
    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own
        # transaction handling defers BEGIN and breaks SAVEPOINT/IMMEDIATE).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        if engine.url.database not in (None, "", ":memory:"):
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration pointing at the migrations shipped in the package."""
    # Alembic is imported here, not at module level: a cold CLI call that only
    # reads (``atelier status``) should not pay for it.
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision(engine: Engine) -> str:
    """The newest migration shipped with this version of atelier."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


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
    ``"empty"`` (no schema yet), ``"outdated"`` (older than this version) or
    ``"newer"`` (written by a newer version of atelier).
    """
    database = engine.url.database
    is_file = engine.url.get_backend_name() == "sqlite" and database not in (None, "", ":memory:")
    if is_file and not Path(str(database)).exists():
        return "missing"
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("alembic_version"):
            return "empty"
        current = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    if current is None:
        return "empty"
    if current == SCHEMA_HEAD:
        return None
    # Revisions are numbered 0001, 0002…: their order is the string order.
    return "outdated" if current < SCHEMA_HEAD else "newer"
