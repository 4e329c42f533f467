"""Shared fixtures: a workshop per test, on the backends a test is for.

A test of the store (the default) runs on a real database: SQLite, and PostgreSQL
when ``ATELIER_TEST_POSTGRES_URL`` is set (then a connection failure fails the
test, it never skips) — PostgreSQL in the slow run that CI makes. A test of the use
cases through ``Workshop`` (module marked ``pytest.mark.service``) runs on the
in-memory fake of the storage (``tests/fakes``) in the quick run, and on SQLite and
PostgreSQL in the slow run, so the fake and the store are held to the same tests; a
test of such a module that needs a real database is marked ``pytest.mark.database``.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from stdnum import luhn

from atelier import Workshop
from atelier.domain.actor import Actor
from atelier.store import database
from atelier.store.tables import metadata
from tests.fakes import FakeUnitOfWorkFactory

#: Loaded here, not by their entry points (see ``addopts`` in pyproject.toml).
pytest_plugins = ["_hypothesis_pytestplugin", "schemathesis.pytest.plugin"]

PG_URL = os.environ.get("ATELIER_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]
#: The databases of a store test: SQLite in the quick run, PostgreSQL (when its URL is set)
#: in the slow run that CI makes.
DATABASES: list[Any] = ["sqlite", *(pytest.param(b, marks=pytest.mark.slow)
                                    for b in BACKENDS if b != "sqlite")]
#: The in-memory storage of the service tests: ``memory://<name>`` URLs, one per test.
MEMORY = "memory"
_MEMORY: dict[str, FakeUnitOfWorkFactory] = {}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Which backends a test runs on (see the module's docstring)."""
    definition = metafunc.definition
    if "backend" not in metafunc.fixturenames or any(
            m.args and m.args[0] == "backend" for m in definition.iter_markers("parametrize")):
        return  # no backend, or the test names its own
    if definition.get_closest_marker("service") and not definition.get_closest_marker(
            "database"):
        params: list[Any] = [MEMORY, *(pytest.param(b, marks=pytest.mark.slow)
                                       for b in BACKENDS)]
    else:
        params = list(DATABASES)
    metafunc.parametrize("backend", params, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """The backend under test: ``memory``, ``sqlite`` or ``postgresql``."""
    found: str = request.param
    return found


def open_workshop(url: str, *, actor: str | None = None, door: str = "library",
                  role: str = "admin", clock: Callable[[], dt.datetime] | None = None
                  ) -> Workshop:
    """``Workshop.open`` for the tests: a ``memory://`` URL opens the in-memory storage
    of this test (every handle on the same URL sees the same data)."""
    if url.startswith(f"{MEMORY}://"):
        who = Actor(actor or "test", door, role)  # type: ignore[arg-type]
        return Workshop(units=_MEMORY[url], actor=who, clock=clock or dt.datetime.now)
    return Workshop.open(url, actor=actor, door=door, role=role, clock=clock)
DATA = Path(__file__).parent / "data"


def engine_of(ws: Workshop) -> sa.Engine:
    """The SQLAlchemy engine behind a workshop opened on a database: the store's tests reach
    the tables through it."""
    engine: sa.Engine = ws.units.engine  # type: ignore[attr-defined]
    return engine


def make_siret(siren8: str = "21290019", nic4: str = "0001") -> str:
    """A valid SIRET (both check digits computed) from 8 + 4 digits."""
    siren = siren8 + luhn.calc_check_digit(siren8)
    body = siren + nic4
    return body + luhn.calc_check_digit(body)


class Clock:
    """A settable clock for use cases (local naive time, like the workshop's PC)."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "atelier.db"
    engine = database.create_engine(f"sqlite:///{path}")
    database.upgrade(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


def reset_postgres(url: str) -> None:
    """Empty the PostgreSQL test database: truncate when at head, else rebuild the schema."""
    engine = database.create_engine(url)
    try:
        head = database.head_revision(engine)
        current = database.current_revision(engine)
        with engine.begin() as conn:
            if current == head:
                names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
                conn.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
            else:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE")
                conn.exec_driver_sql("CREATE SCHEMA public")
        if current != head:
            database.upgrade(engine)
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A PostgreSQL database of this test run's own, created on the server given by
    ``ATELIER_TEST_POSTGRES_URL`` and dropped at the end (parallel runs never meet)."""
    assert PG_URL is not None
    admin = sa.create_engine(database.resolve_url(PG_URL), isolation_level="AUTOCOMMIT")
    name = f"atelier_test_{os.getpid()}_{secrets.token_hex(3)}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture
def db_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path,
           sqlite_template: Path) -> Iterator[str]:
    """A database URL at schema head with no data, on the backend under test (for the
    in-memory storage, a ``memory://`` URL that :func:`open_workshop` understands)."""
    if backend == MEMORY:
        url = f"{MEMORY}://{secrets.token_hex(8)}"
        _MEMORY[url] = FakeUnitOfWorkFactory()
        yield url
        del _MEMORY[url]
        return
    yield _database_url(request, backend, tmp_path, sqlite_template)


def _database_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path,
                  sqlite_template: Path) -> str:
    if backend == "sqlite":
        target = tmp_path / "atelier.db"
        shutil.copy(sqlite_template, target)
        return f"sqlite:///{target}"
    url: str = request.getfixturevalue("pg_database")
    reset_postgres(url)
    return url


def dump(engine: sa.Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, ordered by primary key: what "the database is unchanged"
    means to the tests that compare before and after."""
    with engine.connect() as conn:
        return {table.name: [tuple(r) for r in conn.execute(
            sa.select(table).order_by(*table.primary_key.columns))]
            for table in metadata.sorted_tables}


@pytest.fixture
def clock() -> Clock:
    return Clock(dt.datetime(2026, 3, 2, 9, 0))


@pytest.fixture
def workshop(db_url: str, clock: Clock) -> Iterator[Workshop]:
    """An initialised workshop (schema + default catalogue) acting as a supervisor."""
    ws = open_workshop(db_url, actor="Claire (encadrante)", clock=clock)
    ws.init()
    yield ws
    ws.close()


@pytest.fixture
def engine(db_url: str) -> Iterator[sa.Engine]:
    eng = database.create_engine(db_url)
    yield eng
    eng.dispose()


def write_csv(path: Path, header: list[str], rows: list[list[str]], *, delimiter: str = ";",
              encoding: str = "utf-8-sig") -> Path:
    """Write a CSV file as a library system would export it."""
    import csv

    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def qualified_trainee(ws: Workshop, post: str | None = None, *, level: int = 4,
                      start: dt.date = dt.date(2026, 1, 5)) -> str:
    """A trainee on a 24-hour CEP, assessed at ``level`` in every skill of the catalogue,
    so the skill gate lets them do any operation (tests of the flow, not of the gate)."""
    code = ws.add_trainee(contract="cep", weekly_hours=24, start=start, post=post)
    for skill in ws.catalogue().skills:
        ws.assess(code, skill.code, level, evidence="test fixture")
    return code
