"""B10: ``atelier items list REF`` of a large order, against reading the same rows raw.

Ours: ``atelier items list REF --db URL`` in a fresh process at a 100-column
terminal, output to a pipe that is read to the end, on a database holding one
order of ``items`` items imported through the product.

The limit: a fresh ``python`` reading the same columns of the same items with
the standard ``sqlite3`` module, ordered by barcode, and printing one line per
item: the least the listing can do.

Both are timed from spawn to exit, median of the runs after a warm-up; each
side's peak resident memory (``wait4``) is kept too: paging holds it flat
whatever the order's size (before paging, 100,000 items took 61 s and 415 MB).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.b8_cli import cli_command
from bench.common import Result, checkpoint, copy_db, interleaved, median, sqlite_url
from bench.fixtures import (
    add_client,
    initialised_template,
    open_workshop,
    order_lines,
    write_item_csv,
)

TARGET = 3.0

LIMIT_CODE = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
order_id = conn.execute("SELECT id FROM orders WHERE ref = ?", (sys.argv[2],)).fetchone()[0]
out = sys.stdout
for row in conn.execute(
        "SELECT i.barcode, i.title, i.format, i.custody, coalesce(i.reason, d.number, '') "
        "FROM items i LEFT JOIN deliveries d ON d.id = i.delivery_id "
        "WHERE i.order_id = ? ORDER BY i.barcode", (order_id,)):
    out.write("  ".join(str(v or "") for v in row) + "\\n")
"""


def items_db(workdir: Path, items: int) -> tuple[Path, str]:
    """A database with one accepted order of ``items`` imported items (cached)."""
    path = workdir / f"items-{items}.db"
    ref_file = workdir / f"items-{items}.ref"
    if path.exists() and ref_file.exists():
        return path, ref_file.read_text(encoding="utf-8")
    csv_path = write_item_csv(workdir / f"items-{items}.csv", items, prefix="36000")
    building = copy_db(initialised_template(workdir), workdir / "items-building.db")
    with open_workshop(sqlite_url(building)) as ws:
        add_client(ws)
        ref = ws.create_order(1, order_lines(items), accepted=True)
        ws.import_items(ref, csv_path)
    checkpoint(building)
    building.rename(path)
    ref_file.write_text(ref, encoding="utf-8")
    return path, ref


#: GNU time measures the peak memory of the command alone: a child's own ``ru_maxrss``
#: would start from this process's size, copied at fork.
GNU_TIME = Path("/usr/bin/time")


def _spawn(cmd: list[str], cwd: Path, peaks: list[float]) -> float:
    """Run ``cmd`` to its end, reading its output; its wall time (and, with GNU time,
    its peak RSS in MB appended to ``peaks``)."""
    env = {k: v for k, v in os.environ.items() if k != "ATELIER_DATABASE_URL"}
    env["COLUMNS"] = "100"
    timed = GNU_TIME.exists()
    full = [str(GNU_TIME), "-f", "%M", *cmd] if timed else cmd
    start = time.perf_counter()
    proc = subprocess.Popen(full, cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    assert proc.stdout is not None and proc.stderr is not None
    lines = sum(1 for _ in proc.stdout)
    err = proc.stderr.read().decode(errors="replace")
    proc.wait()
    elapsed = time.perf_counter() - start
    if proc.returncode != 0 or lines == 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {err[-800:]}")
    if timed:
        peaks.append(int(err.strip().splitlines()[-1]) / 1024)  # kilobytes
    return elapsed


def run(workdir: Path, items: int, runs: int, warmup: int = 1) -> list[Result]:
    """Time the listing against the raw read, and keep both peaks of memory."""
    cmd, how = cli_command()
    if cmd is None:
        return [Result(id="B10", what="`atelier items list REF`", ours=None, limit=None,
                       target=f"≤ {TARGET}×", passed=None, skipped=how)]
    path, ref = items_db(workdir, items)
    ours_cmd = [*cmd, "items", "list", ref, "--db", sqlite_url(path)]
    limit_cmd = [sys.executable, "-c", LIMIT_CODE, str(path), ref]
    peaks: dict[str, list[float]] = {"ours": [], "limit": []}
    times = interleaved({
        "ours": lambda: _spawn(ours_cmd, workdir, peaks["ours"]),
        "limit": lambda: _spawn(limit_cmd, workdir, peaks["limit"]),
    }, runs, warmup)
    ours_m, limit_m = median(times["ours"]), median(times["limit"])
    rss_ours, rss_limit = max(peaks["ours"] or [0.0]), max(peaks["limit"] or [0.0])
    extra: dict[str, Any] = {"items": items, "command": ours_cmd, "found": how,
                             "peak_rss_mb": {"ours": rss_ours, "limit": rss_limit},
                             "runs": times}
    return [Result(id="B10", what=f"`atelier items list` of {items:,} items", ours=ours_m,
                   limit=limit_m, target=f"≤ {TARGET}×", passed=ours_m / limit_m <= TARGET,
                   rows_ours=len(times["ours"]), rows_limit=len(times["limit"]), runs=runs,
                   notes=f"peak RSS {rss_ours:.0f} MB vs {rss_limit:.0f} MB", extra=extra)]
