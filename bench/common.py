"""What every benchmark shares: results, timing, raw SQLite, SQL capture and replay."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import json
import math
import os
import platform
import shutil
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

#: The clock of every use case run by the benchmarks: results are reproducible.
NOW = dt.datetime(2026, 3, 2, 9, 0)


def fixed_clock() -> dt.datetime:
    return NOW


@dataclasses.dataclass
class Result:
    """One line of the table: our path against the limit for the same work.

    ``ours`` and ``limit`` are medians (seconds unless ``unit`` says otherwise);
    ``ratio = ours / limit``. ``rows_ours`` and ``rows_limit`` count the work
    each side did (rows written, acts, calls), which must be equal. ``passed``
    is None when there is nothing to judge (skipped, or information only).
    """

    id: str
    what: str
    ours: float | None
    limit: float | None
    target: str
    passed: bool | None
    unit: str = "s"
    rows_ours: int | None = None
    rows_limit: int | None = None
    runs: int = 0
    notes: str = ""
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)
    skipped: str | None = None

    @property
    def ratio(self) -> float | None:
        if self.ours is None or not self.limit:
            return None
        return self.ours / self.limit

    def as_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["ratio"] = self.ratio
        return out


# -- timing ---------------------------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (``p`` in 0..100) of ``values``."""
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def interleaved(sides: dict[str, Callable[[], float]], runs: int,
                warmup: int = 1) -> dict[str, list[float]]:
    """Run each side ``warmup`` times, then ``runs`` times in turn (A B A B …).

    Each callable returns the time it measured itself (setup excluded), so
    that fresh fixtures can be prepared outside the timed part. Turns make
    the sides share the machine's noise.
    """
    for _ in range(warmup):
        for fn in sides.values():
            fn()
    times: dict[str, list[float]] = {name: [] for name in sides}
    for _ in range(runs):
        for name, fn in sides.items():
            times[name].append(fn())
    return times


def per_call(fn: Callable[[], object], budget: float = 0.25, max_reps: int = 2000) -> int:
    """How many calls of ``fn`` fill about ``budget`` seconds (at least 1)."""
    start = time.perf_counter()
    fn()
    once = max(time.perf_counter() - start, 1e-6)
    return max(1, min(max_reps, int(budget / once)))


def looped(calls: dict[str, Callable[[], object]], budget: float = 0.25
           ) -> tuple[dict[str, Callable[[], float]], dict[str, int]]:
    """Each call wrapped as "mean seconds over a fixed number of calls" (about ``budget`` s)."""
    reps = {name: per_call(fn, budget) for name, fn in calls.items()}
    return {name: functools.partial(timed_loop, fn, reps[name])
            for name, fn in calls.items()}, reps


def timed_loop(fn: Callable[[], object], reps: int) -> float:
    """Mean seconds per call of ``fn`` over ``reps`` calls."""
    start = time.perf_counter()
    for _ in range(reps):
        fn()
    return (time.perf_counter() - start) / reps


# -- raw SQLite, with atelier's pragmas ---------------------------------------------------


def raw_sqlite(path: str | os.PathLike[str]) -> sqlite3.Connection:
    """A raw ``sqlite3`` connection with the pragmas of ``atelier.store.database``.

    Autocommit driver mode: the caller issues ``BEGIN [IMMEDIATE]``/``COMMIT``.
    """
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None,
                           check_same_thread=False)
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=30000")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def checkpoint(path: str | os.PathLike[str]) -> None:
    """Fold the WAL into the main file, so that a plain file copy is the whole database."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def copy_db(src: Path, dst: Path) -> Path:
    """A copy of a checkpointed SQLite file (any old WAL of ``dst`` removed)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{dst}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(src, dst)
    return dst


def remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


Rows = tuple[list[str], list[tuple[Any, ...]]]


def table_rows(conn: sqlite3.Connection, table: str, where: str = "",
               params: Sequence[Any] = ()) -> Rows:
    """Column names and every row (by id) of ``table``, as stored."""
    cur = conn.execute(f"SELECT * FROM {table} {where} ORDER BY rowid", params)
    return [d[0] for d in cur.description], cur.fetchall()


def insert_sql(table: str, columns: Sequence[str], style: str = "qmark") -> str:
    marks = ", ".join("?" if style == "qmark" else "%s" for _ in columns)
    cols = ", ".join(f'"{c}"' for c in columns)
    return f'INSERT INTO {table} ({cols}) VALUES ({marks})'


# -- capture and replay of the SQL our path sends --------------------------------------------


@dataclasses.dataclass
class Captured:
    """The statements sent to the driver, split into calls (one use case each)."""

    calls: list[list[tuple[str, Any, bool]]] = dataclasses.field(default_factory=list)

    @property
    def statements_per_call(self) -> float:
        return sum(len(c) for c in self.calls) / len(self.calls) if self.calls else 0.0


@contextlib.contextmanager
def capture_sql(engine: Any) -> Iterator[Captured]:
    """Record what ``engine`` sends to the DBAPI cursor; ``new_call()`` starts a call.

    A transaction end is not a cursor statement: each call's replay ends
    with COMMIT (writes) or ROLLBACK (reads), as atelier's unit of work does.
    """
    import sqlalchemy as sa

    captured = Captured()

    def on_execute(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
                   executemany: bool) -> None:
        if not captured.calls:
            captured.calls.append([])
        captured.calls[-1].append((statement, parameters, executemany))

    sa.event.listen(engine, "before_cursor_execute", on_execute)
    try:
        yield captured
    finally:
        sa.event.remove(engine, "before_cursor_execute", on_execute)


def replay(conn: sqlite3.Connection, calls: Sequence[Sequence[tuple[str, Any, bool]]],
           end: str) -> list[float]:
    """Run the captured calls on a raw connection; seconds of each call.

    Every result is fetched, as our path does; each call ends with ``end``
    (``COMMIT`` or ``ROLLBACK``).
    """
    out = []
    for call in calls:
        start = time.perf_counter()
        cur = conn.cursor()
        for statement, params, many in call:
            if statement.startswith("BEGIN") and conn.in_transaction:
                conn.execute("ROLLBACK")  # a read before (a pool connection is reset on return)
            if many:
                cur.executemany(statement, params)
            else:
                cur.execute(statement, params)
                if cur.description is not None:
                    cur.fetchall()
        conn.execute(end)
        out.append(time.perf_counter() - start)
    return out


# -- output ---------------------------------------------------------------------------------


def code_version() -> str:
    """The commit measured (read-only git), with ``+dirty`` when src/ has local changes."""
    import subprocess

    root = Path(__file__).resolve().parent.parent
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, text=True,
                              capture_output=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src"], cwd=root,
                               text=True, capture_output=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+dirty" if dirty else "")


def machine_info() -> dict[str, Any]:
    import sqlalchemy

    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "when": dt.datetime.now().isoformat(timespec="seconds"),
        "code": code_version(),
        "python": platform.python_version(),
        "sqlalchemy": sqlalchemy.__version__,
        "sqlite": sqlite3.sqlite_version,
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "loadavg_at_start": load,
    }


def fmt_value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        if value >= 1:
            return f"{value:.3f} s"
        if value >= 1e-3:
            return f"{value * 1e3:.3f} ms"
        return f"{value * 1e6:.1f} µs"
    return f"{value:.1f} {unit}"


def print_table(results: Sequence[Result], title: str) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for col in ("id", "what", "ours (median)", "limit (median)", "ratio", "target", "result",
                "notes"):
        table.add_column(col, overflow="fold")
    for r in results:
        ratio = r.ratio
        verdict = ("skipped" if r.skipped else "—" if r.passed is None
                   else "[green]pass[/]" if r.passed else "[red]FAIL[/]")
        table.add_row(r.id, r.what, fmt_value(r.ours, r.unit), fmt_value(r.limit, r.unit),
                      "—" if ratio is None else f"{ratio:.2f}×", r.target, verdict,
                      r.skipped or r.notes)
    console = Console()
    if not console.is_terminal:
        console = Console(width=200)
    console.print(table)


def write_json(path: Path, results: Sequence[Result], meta: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"meta": meta, "results": [r.as_dict() for r in results]},
                               indent=2, ensure_ascii=False, default=str) + "\n",
                    encoding="utf-8")


def engine_of(ws: Any) -> Any:
    """The SQLAlchemy engine behind a workshop opened on a database (the benchmarks reach
    the store to compare it with the raw driver)."""
    return ws.units.engine
