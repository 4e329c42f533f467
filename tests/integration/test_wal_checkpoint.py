"""SQLite's WAL checkpoints are taken off the acts' commit path
(:mod:`atelier.store.checkpoint`): a commit never checkpoints, the workshop does it
in the background once the WAL is past its threshold, and nothing committed is lost
on the way."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from atelier import Workshop
from atelier.store.checkpoint import Checkpointer
from tests.conftest import make_siret, open_workshop

_SQLITE = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


def _path(db_url: str) -> Path:
    return Path(db_url.removeprefix("sqlite:///"))


@_SQLITE
def test_a_commit_never_checkpoints_the_workshop_does_in_the_background(
        workshop: Workshop, db_url: str) -> None:
    units = workshop.units
    checkpoints: Checkpointer = units.checkpoints  # type: ignore[attr-defined]
    with units.engine.connect() as conn:  # type: ignore[attr-defined]
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
    wal = Path(str(_path(db_url)) + "-wal")
    checkpoints.threshold = 64 * 1024  # 16 pages: a few acts cross it
    started = checkpoints.started
    sizes = []
    for n in range(40):
        workshop.add_collectivity(f"Médiathèque {n}", kind="mediatheque",
                                  siret=make_siret(nic4=f"{n:04d}"))
        checkpoints.wait()
        sizes.append(wal.stat().st_size)
    assert checkpoints.started > started
    # Each checkpoint let the WAL restart (truncated): it never grew past the threshold
    # by more than the few commits made while a checkpoint ran.
    assert max(sizes) < 4 * checkpoints.threshold
    assert min(sizes[5:]) < checkpoints.threshold

    # Nothing was lost: another connection (the driver's own) reads every row.
    raw = sqlite3.connect(_path(db_url))
    try:
        assert raw.execute("SELECT count(*) FROM collectivities").fetchone()[0] == 40
    finally:
        raw.close()


@_SQLITE
def test_without_commits_past_the_threshold_no_checkpoint_starts(workshop: Workshop) -> None:
    checkpoints: Checkpointer = workshop.units.checkpoints  # type: ignore[attr-defined]
    started = checkpoints.started
    workshop.add_collectivity("Médiathèque", kind="mediatheque", siret=make_siret())
    assert checkpoints.started == started  # the default threshold: 1,000 pages


@_SQLITE
def test_a_checkpoint_that_fails_loses_nothing(db_url: str, workshop: Workshop,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    checkpoints: Checkpointer = workshop.units.checkpoints  # type: ignore[attr-defined]
    checkpoints.threshold = 0

    class Broken:
        def raw_connection(self) -> object:
            raise sqlite3.OperationalError("disk I/O error")

    # The checkpoint's connection fails; the workshop's own go on.
    monkeypatch.setattr(checkpoints, "_engine", Broken())
    workshop.add_collectivity("Médiathèque", kind="mediatheque", siret=make_siret())
    checkpoints.wait()
    assert checkpoints.started == 1
    monkeypatch.undo()
    reopened = open_workshop(db_url)
    try:
        assert [c.name for c in reopened.collectivities()] == ["Médiathèque"]
    finally:
        reopened.close()


def test_postgresql_and_memory_have_no_checkpointer() -> None:
    from atelier.store import database
    engines = [database.create_engine("sqlite://"),
               database.create_engine("postgresql://postgres@127.0.0.1:5432/postgres")]
    try:
        assert [Checkpointer.of(e) for e in engines] == [None, None]
    finally:
        for engine in engines:
            engine.dispose()
