"""B1: import an order's item list from CSV, against raw ``executemany`` of the same rows.

Ours: ``Workshop.import_items`` of a Koha-like CSV (``;``, UTF-8 BOM) into a
fresh copy of an initialised SQLite file holding an accepted order whose lines
cover every format: parse, validate, insert items and their tasks, one
transaction.

The limit: the rows our import wrote (read back after the run: the
``item_imports`` row, every item and task, the audit record, all columns as
stored; and the order's rows it updated, e.g. progress counters) written
with raw ``sqlite3`` ``executemany`` in one transaction into a fresh copy of
the same pre-import file (the migrated schema plus the order the foreign keys
point to), same pragmas. The limit's database is checked equal to ours.

Peak RSS of the import is measured in a child process (its own high-water
mark, see :func:`_peak_kib`); ``--rss-million`` does it at 10⁶ rows.
"""

from __future__ import annotations

import json
import resource
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import (
    Result,
    Rows,
    copy_db,
    engine_of,
    insert_sql,
    interleaved,
    median,
    raw_sqlite,
    remove_db,
    sqlite_url,
    table_rows,
)
from bench.fixtures import open_workshop, order_db, write_item_csv

#: Tables an import inserts into, in foreign-key order.
WRITTEN = ("item_imports", "items", "tasks", "audit_log")
#: Tables whose existing rows an import may update (the order's progress counters).
UPDATED = ("orders", "order_lines")
TARGET = 2.0
PG_TARGET = 3.0
RSS_LIMIT_MB = 300


def _max_ids(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(str(path))
    try:
        return {t: int(conn.execute(f"SELECT coalesce(max(id), 0) FROM {t}").fetchone()[0])
                for t in WRITTEN}
    finally:
        conn.close()


def written_rows(before: Path, after: Path) -> dict[str, Rows]:
    """Rows of ``after`` not in ``before`` (by id), per written table, all columns."""
    floor = _max_ids(before)
    conn = sqlite3.connect(str(after))
    try:
        return {t: table_rows(conn, t, "WHERE id > ?", (floor[t],)) for t in WRITTEN}
    finally:
        conn.close()


def updated_rows(before: Path, after: Path) -> dict[str, Rows]:
    """Rows of ``UPDATED`` tables that exist in ``before`` and differ in ``after``."""
    out = {}
    for table in UPDATED:
        conns = [sqlite3.connect(str(p)) for p in (before, after)]
        try:
            (cols, old), (_, new) = (table_rows(c, table) for c in conns)
        finally:
            for c in conns:
                c.close()
        was = {r[0]: r for r in old}
        out[table] = (cols, [r for r in new if r[0] in was and was[r[0]] != r])
    return out


def update_sql(table: str, cols: list[str]) -> str:
    sets = ", ".join(f'"{c}" = ?' for c in cols[1:])
    return f'UPDATE {table} SET {sets} WHERE "{cols[0]}" = ?'


def run(workdir: Path, items: int, runs: int, warmup: int = 1, *, rss: bool = True,
        postgres: str | None = None) -> list[Result]:
    csv_path = write_item_csv(workdir / "b1-items.csv", items)
    pre, ref = order_db(workdir, "b1-pre", items)
    ours_db, limit_db = workdir / "b1-ours.db", workdir / "b1-limit.db"
    state: dict[str, Any] = {}

    def ours() -> float:
        copy_db(pre, ours_db)
        with open_workshop(sqlite_url(ours_db)) as ws:
            with engine_of(ws).connect():
                pass  # the pool holds a connection: connecting is not the import
            start = time.perf_counter()
            result = ws.import_items(ref, csv_path)
            elapsed = time.perf_counter() - start
        state["result"] = result
        if "rows" not in state:
            state["rows"] = written_rows(pre, ours_db)
            state["updated"] = updated_rows(pre, ours_db)
        return elapsed

    def limit() -> float:
        rows = state["rows"]
        copy_db(pre, limit_db)
        conn = raw_sqlite(limit_db)
        try:
            start = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            for table in WRITTEN:
                cols, data = rows[table]
                conn.executemany(insert_sql(table, cols), data)
            for table, (cols, data) in state["updated"].items():
                if data:
                    conn.executemany(update_sql(table, cols), [(*r[1:], r[0]) for r in data])
            conn.execute("COMMIT")
            elapsed = time.perf_counter() - start
        finally:
            conn.close()
        if "verified" not in state:
            state["verified"] = (written_rows(pre, limit_db) == rows
                                 and updated_rows(pre, limit_db) == state["updated"])
        return elapsed

    times = interleaved({"ours": ours, "limit": limit}, runs, warmup)
    rows = state["rows"]
    result = state["result"]
    if not state["verified"]:
        raise RuntimeError("B1: the limit's database differs from ours")
    n_items, n_tasks = len(rows["items"][1]), len(rows["tasks"][1])
    n_updated = sum(len(d) for _, d in state["updated"].values())
    notes = [f"{n_items:,} items + {n_tasks:,} tasks" + (f" (+{n_updated} rows updated)"
                                                         if n_updated else "")]
    extra: dict[str, Any] = {"items": n_items, "tasks": n_tasks,
                             "ours_runs": times["ours"], "limit_runs": times["limit"]}
    if rss:
        peak = rss_of_import(workdir, pre, ref, csv_path)
        extra["rss"] = peak
        notes.append(f"peak RSS {peak['peak_mb']:.0f} MB")
    ours_m, limit_m = median(times["ours"]), median(times["limit"])
    out = [Result(
        id="B1", what=f"import {items:,} items from CSV (SQLite)", ours=ours_m, limit=limit_m,
        target=f"≤ {TARGET}×", passed=ours_m / limit_m <= TARGET,
        rows_ours=result.items + result.tasks, rows_limit=n_items + n_tasks, runs=runs,
        notes="; ".join(notes), extra=extra)]
    for path in (ours_db, limit_db):
        remove_db(path)
    if postgres:
        from bench import pg

        out.extend(pg.b1(postgres, workdir, csv_path, items, runs, warmup))
    return out


# -- peak memory, in a child process -------------------------------------------------------------


def rss_of_import(workdir: Path, pre: Path, ref: str, csv_path: Path) -> dict[str, float]:
    """Peak RSS of a child process doing the import (and its RSS before it)."""
    db = copy_db(pre, workdir / "b1-rss.db")
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "bench.b1_import", "rss", str(db), ref, str(csv_path)],
            capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parent.parent)
    finally:
        remove_db(db)
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def rss_million(workdir: Path, items: int = 1_000_000) -> Result:
    """Peak RSS of importing ``items`` rows (PERFORMANCE.md: < 300 MB at 10⁶)."""
    csv_path = write_item_csv(workdir / "b1-rss-items.csv", items, prefix="4")
    pre, ref = order_db(workdir, "b1-rss-pre", items)
    peak = rss_of_import(workdir, pre, ref, csv_path)
    remove_db(pre)
    csv_path.unlink()
    return Result(id="B1-rss", what=f"peak RSS importing {items:,} items", ours=peak["peak_mb"],
                  limit=float(RSS_LIMIT_MB), unit="MB", target=f"< {RSS_LIMIT_MB} MB",
                  passed=peak["peak_mb"] < RSS_LIMIT_MB, rows_ours=int(peak["items"]),
                  rows_limit=items, runs=1,
                  notes=f"RSS before import {peak['before_mb']:.0f} MB; import took "
                        f"{peak['seconds']:.0f} s", extra=peak)


def _peak_kib() -> tuple[int, str]:
    """This process's peak RSS in KiB, and how it was read.

    Linux: ``VmHWM`` of ``/proc/self/status``, the high-water mark of this
    process's own memory since its ``exec``. ``getrusage().ru_maxrss`` is not
    used there: Linux carries the parent's high-water mark over fork and exec
    into it, so a child of a big benchmark process would report the parent's.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]), "VmHWM"
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "ru_maxrss"


def _child(db: str, ref: str, csv_path: str) -> None:
    with open_workshop(f"sqlite:///{db}") as ws:
        with engine_of(ws).connect():
            pass
        before, _ = _peak_kib()
        start = time.perf_counter()
        result = ws.import_items(ref, csv_path)
        seconds = time.perf_counter() - start
    peak, how = _peak_kib()
    print(json.dumps({"peak_mb": peak / 1024, "before_mb": before / 1024, "how": how,
                      "ru_maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "items": result.items, "tasks": result.tasks, "seconds": seconds}))


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "rss":
        _child(*sys.argv[2:])
    else:
        sys.exit("usage: python -m bench.b1_import rss DB REF CSV")
