"""B4: the status read model of one order, against the raw GROUP BY; and its growth with
the database.

Ours: ``Workshop.status(ref)`` of an order of N items (5,000 at full size)
imported and worked through the product (received, missing, refused, tasks
done, a failed check, a delivery: mixed states).

The limit: ``SELECT custody, count(*) FROM items WHERE order_id=? GROUP BY
custody`` through raw ``sqlite3`` (a kept connection, same pragmas).

Scale: the same call on a database ``factor`` times larger against the call
on the small one; target ≤ 1.3× (cost grows with the order, not the
database). The small database holds the order after one past order of the
same size; the large one holds it in the middle of 2 × ``factor`` orders,
written raw (at full size 10⁶ items, 100× the small one).

Information: the statements our call sends, replayed through raw ``sqlite3``
(measured in turn with the rest): what the SQL itself costs.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import (
    Result,
    capture_sql,
    engine_of,
    interleaved,
    looped,
    median,
    raw_sqlite,
    replay,
    sqlite_url,
)
from bench.fixtures import open_workshop, status_dbs

TARGET = 1.5
SCALE_TARGET = 1.3
LIMIT_SQL = "SELECT custody, count(*) FROM items WHERE order_id = ? GROUP BY custody"


def _fetch(conn: sqlite3.Connection, order_id: int) -> list[Any]:
    return conn.execute(LIMIT_SQL, (order_id,)).fetchall()


def _order_id(conn: sqlite3.Connection, ref: str) -> int:
    return int(conn.execute("SELECT id FROM orders WHERE ref = ?", (ref,)).fetchone()[0])


def run(workdir: Path, items: int, factor: int, runs: int, warmup: int = 1, *,
        postgres: str | None = None) -> list[Result]:
    small, large, ref = status_dbs(workdir, items, factor)
    dbs = {"small": small} | ({"large": large} if large else {})
    workshops = {k: open_workshop(sqlite_url(p)) for k, p in dbs.items()}
    raws = {k: raw_sqlite(p) for k, p in dbs.items()}
    try:
        statuses = {k: ws.status(ref) for k, ws in workshops.items()}
        if len(set(statuses.values())) != 1:
            raise RuntimeError("B4: the order's status differs between the databases")
        status = statuses["small"]
        order_ids = {k: _order_id(c, ref) for k, c in raws.items()}

        # The statements our call sends, to be replayed raw beside it (information).
        captured = {}
        for k, ws in workshops.items():
            with capture_sql(engine_of(ws)) as cap:
                ws.status(ref)
            captured[k] = cap
        statements = captured["small"].statements_per_call

        calls: dict[str, Callable[[], object]] = {}
        for k in dbs:
            calls[f"ours_{k}"] = functools.partial(workshops[k].status, ref)
            calls[f"limit_{k}"] = functools.partial(_fetch, raws[k], order_ids[k])
            calls[f"replay_{k}"] = functools.partial(replay, raws[k], captured[k].calls,
                                                     "ROLLBACK")
        sides, reps = looped(calls)
        times = interleaved(sides, runs, warmup)
        med = {name: median(v) for name, v in times.items()}
        replayed = {k: med[f"replay_{k}"] for k in dbs}
        limit_rows = {k: raws[k].execute(LIMIT_SQL, (order_ids[k],)).fetchall() for k in dbs}
    finally:
        for ws in workshops.values():
            ws.close()
        for c in raws.values():
            c.close()

    total = status.items.total
    out = [Result(
        id="B4", what=f"status of a {items:,}-item order (SQLite)", ours=med["ours_small"],
        limit=med["limit_small"], target=f"≤ {TARGET}×",
        passed=med["ours_small"] / med["limit_small"] <= TARGET, rows_ours=total,
        rows_limit=sum(n for _, n in limit_rows["small"]), runs=runs,
        notes=(f"{statements:.0f} statements/call; our SQL raw "
               f"{replayed['small'] * 1e3:.2f} ms"),
        extra={"statements_per_call": statements, "our_sql_replayed_raw_s": replayed["small"],
               "reps_per_run": reps, "runs": times})]
    if large:
        out.append(Result(
            id="B4-scale", what=f"same call, database ×{factor} ({2 * factor * items:,} items)",
            ours=med["ours_large"], limit=med["ours_small"], target=f"≤ {SCALE_TARGET}×",
            passed=med["ours_large"] / med["ours_small"] <= SCALE_TARGET,
            rows_ours=status.items.total, rows_limit=total, runs=runs,
            notes=(f"limit = ours on the small db; raw GROUP BY large/small "
                   f"{med['limit_large'] / med['limit_small']:.2f}×; our SQL raw large/small "
                   f"{replayed['large'] / replayed['small']:.2f}×"),
            extra={"limit_large_s": med["limit_large"],
                   "our_sql_replayed_raw_large_s": replayed["large"]}))
    if postgres:
        from bench import pg

        out.extend(pg.b4(postgres, workdir, items, factor, runs, warmup))
    return out
