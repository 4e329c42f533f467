"""A database that is absent, empty or at another schema version is refused clearly."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from atelier import RuleViolation, Workshop
from atelier.store import database
from tests.conftest import engine_of


def test_the_cheap_head_constant_is_alembic_head(tmp_path: Path) -> None:
    engine = database.create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    assert database.head_revision(engine) == database.SCHEMA_HEAD


def test_a_missing_sqlite_file_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.db"
    with Workshop.open(f"sqlite:///{path}") as ws, pytest.raises(RuleViolation) as err:
        ws.orders()
    assert err.value.code == "database_missing"
    assert not path.exists()


def test_an_empty_database_asks_for_init(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with Workshop.open(f"sqlite:///{path}") as ws:
        with pytest.raises(RuleViolation) as err:
            ws.status("CMD-2026-0001")
        assert err.value.code == "database_empty"
        ws.init()
        assert ws.orders() == []


def test_an_older_or_newer_schema_is_named(db_url: str) -> None:
    with Workshop.open(db_url) as ws:
        ws.init()
        for stored, problem in (("0000", "database_outdated"), ("9999", "database_newer")):
            with engine_of(ws).begin() as conn:
                conn.execute(sa.text("UPDATE alembic_version SET version_num = :v"),
                             {"v": stored})
            fresh = Workshop.open(db_url)
            with pytest.raises(RuleViolation) as err:
                fresh.orders()
            assert err.value.code == problem
            fresh.close()
        with engine_of(ws).begin() as conn:
            conn.execute(sa.text("UPDATE alembic_version SET version_num = :v"),
                         {"v": database.SCHEMA_HEAD})
