"""RELIABILITY 3: an import killed with SIGKILL at any moment leaves no partial batch.

A child process imports a large generated item list through the library; the
parent kills it (SIGKILL: no cleanup, no rollback by Python) at moments drawn
from a seeded RNG: before the transaction, after some of the 2,000-row batches
are written inside it, around the commit, and after the commit. After each kill:

- SQLite's ``PRAGMA integrity_check`` is ``ok`` (and no foreign key is broken);
- the order holds either none of the file's items and tasks, or all of them,
  with the import recorded and audited exactly when the items are there;
- importing the same file again lands exactly once: the items if they were not
  there, ``already_imported`` otherwise, and never a duplicate.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import sqlalchemy as sa

from atelier import Workshop
from atelier.store import database
from atelier.store import tables as t
from tests.conftest import DATABASES, Clock, reset_postgres

REF = "CMD-2026-0001"
SERVICE = "code_barres"  # two operations: two tasks per item
TASKS_PER_ITEM = 2
BATCH = 2000  # atelier.services.items.BATCH: rows written per statement batch

CHILD = r"""
import sys, time
from atelier import Workshop
from atelier.store import production

url, ref, path = sys.argv[1:4]
add_many = production.SqlItems.add_many

def reporting(self, *args, **kwargs):
    n = add_many(self, *args, **kwargs)
    print("batch", flush=True)  # rows written, transaction still open
    return n

production.SqlItems.add_many = reporting
ws = Workshop.open(url, actor="import de nuit")
sys.stdin.readline()  # the parent says when to start (or kills it before)
print("begin", flush=True)
result = ws.import_items(ref, path)
print("done", result.items, result.already_imported, flush=True)  # committed
time.sleep(120)
"""


@dataclass
class Kill:
    """One run: where we aimed, and what the child had said when it died."""

    aim: str
    lines: list[str] = field(default_factory=list)

    @property
    def where(self) -> str:
        if "begin" not in self.lines:
            return "before the transaction"
        if any(ln.startswith("done") for ln in self.lines):
            return "after the commit"
        return f"inside the transaction ({self.lines.count('batch')} batches written)"


def item_list(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("Code-barres;Titre;Format\r\n")
        for n in range(rows):
            fh.write(f"3{n:012d};Titre {n};standard\r\n")
    return path


def prepare(url: str, rows: int) -> None:
    """Schema, catalogue, a client and the accepted order the file is for."""
    with Workshop.open(url, actor="Claire (encadrante)",
                       clock=Clock(dt.datetime(2026, 3, 2, 9))) as ws:
        ws.init()
        client = ws.add_collectivity("Réseau des médiathèques du Finistère", kind="library_network")
        assert ws.create_order(client, [f"{SERVICE}:standard={rows}"], accepted=True) == REF


def kill_child(url: str, path: Path, aim: str, rng: random.Random, batches: int) -> Kill:
    proc = subprocess.Popen([sys.executable, "-c", CHILD, url, REF, str(path)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    watchdog = threading.Timer(120, proc.kill)
    watchdog.start()
    kill = Kill(aim)
    try:
        assert proc.stdout is not None and proc.stdin is not None
        if aim == "before":  # while it starts, opens the database, waits for the go
            time.sleep(rng.uniform(0.0, 0.6))
        else:
            proc.stdin.write("go\n")
            proc.stdin.flush()
            wanted = {"inside": rng.randint(1, batches - 1), "commit": batches}.get(aim)
            while True:
                line = proc.stdout.readline()
                assert line, f"the child died on its own: {proc.stderr.read()}"  # type: ignore[union-attr]
                kill.lines.append(line.strip())
                if aim == "after" and line.startswith("done"):
                    time.sleep(rng.uniform(0.0, 0.1))
                    break
                if wanted is not None and kill.lines.count("batch") == wanted:
                    time.sleep(rng.uniform(0.0, 0.05 if aim == "inside" else 0.03))
                    break
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
        assert proc.returncode == -signal.SIGKILL, (proc.returncode, proc.stderr.read())  # type: ignore[union-attr]
        kill.lines.extend(ln.strip() for ln in proc.stdout.read().splitlines())
    finally:
        watchdog.cancel()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
    return kill


def landed(engine: sa.Engine) -> tuple[int, int, list[int], int]:
    """(items, tasks, import rows recorded, import audit records) of the order."""
    with engine.connect() as conn:
        order_id = conn.execute(sa.select(t.orders.c.id).where(t.orders.c.ref == REF)).scalar()
        items = conn.execute(sa.select(sa.func.count()).select_from(t.items)
                             .where(t.items.c.order_id == order_id)).scalar_one()
        tasks = conn.execute(sa.select(sa.func.count()).select_from(t.tasks)
                             .where(t.tasks.c.order_id == order_id)).scalar_one()
        imports = conn.execute(sa.select(t.item_imports.c.rows)
                               .where(t.item_imports.c.order_id == order_id)).scalars().all()
        audited = conn.execute(sa.select(sa.func.count()).select_from(t.audit_log)
                               .where(t.audit_log.c.action == "items.import")).scalar_one()
    return int(items), int(tasks), [int(r) for r in imports], int(audited)


def sqlite_integrity(url: str) -> None:
    path = sa.make_url(url).database
    assert path is not None
    conn = sqlite3.connect(path)  # opening recovers the write-ahead log
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()


@pytest.fixture(params=DATABASES)
def databases(request: pytest.FixtureRequest, tmp_path: Path
              ) -> Iterator[tuple[str, Callable[[int], str]]]:
    """(backend, make(rows) -> the URL of a fresh database holding the empty order)."""
    if request.param == "sqlite":
        templates: dict[int, Path] = {}

        def fresh_sqlite(rows: int) -> str:
            if rows not in templates:
                templates[rows] = tmp_path / f"template-{rows}.db"
                url = f"sqlite:///{templates[rows]}"
                prepare(url, rows)
                engine = database.create_engine(url)
                with engine.connect() as conn:
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                engine.dispose()
            target = tmp_path / f"run-{len(list(tmp_path.glob('run-*.db')))}.db"
            shutil.copy(templates[rows], target)
            return f"sqlite:///{target}"

        yield "sqlite", fresh_sqlite
        return
    pg_url: str = request.getfixturevalue("pg_database")

    def fresh_postgres(rows: int) -> str:
        reset_postgres(pg_url)
        prepare(pg_url, rows)
        return pg_url

    yield "postgresql", fresh_postgres


def crash_runs(backend: str, fresh: Callable[[int], str], tmp_path: Path, rows: int,
               aims: list[str], seed: int) -> list[Kill]:
    rng = random.Random(seed)
    path = item_list(tmp_path / "exemplaires.csv", rows)
    batches = -(-rows // BATCH)
    kills = []
    for aim in aims:
        url = fresh(rows)
        kill = kill_child(url, path, aim, rng, batches)
        kills.append(kill)
        if backend == "sqlite":
            sqlite_integrity(url)
        engine = database.create_engine(url)
        try:
            items, tasks, imports, audited = landed(engine)
            context = (kill.where, kill.lines)
            if items:  # all of it, recorded and audited once
                assert (items, tasks, imports, audited) == (
                    rows, rows * TASKS_PER_ITEM, [rows], 1), context
            else:  # none of it, and no trace of the attempt
                assert (tasks, imports, audited) == (0, [], 0), context
            if kill.where == "after the commit":
                assert items == rows, context
            if kill.where == "before the transaction":
                assert items == 0, context

            with Workshop.open(url, actor="Claire (encadrante)") as ws:
                again = ws.import_items(REF, path)
                assert again.already_imported == bool(items), context
                assert again.items == (0 if items else rows)
                third = ws.import_items(REF, path)
                assert third.already_imported and third.items == 0
                assert ws.status(REF).items.total == rows
            assert landed(engine) == (rows, rows * TASKS_PER_ITEM, [rows], 1), context
            if backend == "sqlite":
                sqlite_integrity(url)
        finally:
            engine.dispose()
    return kills


def test_an_import_killed_at_any_moment_lands_whole_or_not_at_all(
        databases: tuple[str, Callable[[int], str]], tmp_path: Path) -> None:
    backend, fresh = databases
    rows = 20_000 if backend == "sqlite" else 6_000  # PostgreSQL inserts more slowly
    kills = crash_runs(backend, fresh, tmp_path, rows, ["before", "inside", "commit", "after"],
                       seed=20261128)
    wheres = [k.where for k in kills]
    assert wheres[0] == "before the transaction"
    assert wheres[1].startswith("inside the transaction") and "(0 batches" not in wheres[1]
    assert wheres[3] == "after the commit"


@pytest.mark.slow
def test_many_random_kills(databases: tuple[str, Callable[[int], str]], tmp_path: Path) -> None:
    backend, fresh = databases
    rng = random.Random(7)
    aims = [rng.choice(["before", "inside", "inside", "commit", "after"]) for _ in range(12)]
    # PostgreSQL imports slower here: fewer rows keep the run in minutes, with as many kills.
    rows = 20_000 if backend == "sqlite" else 8_000
    kills = crash_runs(backend, fresh, tmp_path, rows, aims, seed=7)
    assert any(k.where.startswith("inside") for k in kills)
