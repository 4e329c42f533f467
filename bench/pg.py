"""B1 and B4 on PostgreSQL (``--postgres URL``): the same work, the raw driver beside it.

The URL names a server (and a database to connect to for administration);
each benchmark creates its own databases on it (``atelier_bench_<pid>_…``),
copies them from a prepared template for each run, and drops them at the end.

- B1: ``Workshop.import_items`` into a fresh copy of an initialised database
  with the order, against the rows it wrote (read back) inserted with raw
  psycopg ``executemany`` (row ``B1-pg``) and with ``COPY`` (row ``B1-pg-copy``),
  one transaction each; target ≤ 3×.
- B4: ``Workshop.status`` of the advanced order against the raw ``GROUP BY``
  through psycopg; and on a database ``factor`` times larger (the past orders
  written with ``COPY``), ≤ 1.3× of the small one.
"""

from __future__ import annotations

import contextlib
import functools
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import sqlalchemy as sa

from bench.common import Result, Rows, engine_of, interleaved, looped, median
from bench.fixtures import Filler, add_client, open_workshop, order_lines, status_order

B1_TARGET = 3.0
B4_TARGET = 1.5
SCALE_TARGET = 1.3
WRITTEN = ("item_imports", "items", "tasks", "audit_log")


class Server:
    """Databases of this benchmark run on one PostgreSQL server."""

    def __init__(self, url: str) -> None:
        from atelier.store.database import resolve_url

        self.admin = sa.create_engine(resolve_url(url), isolation_level="AUTOCOMMIT")
        self.prefix = f"atelier_bench_{os.getpid()}"
        self.made: list[str] = []

    def name(self, purpose: str) -> str:
        return f"{self.prefix}_{purpose}"

    def url(self, name: str) -> str:
        return self.admin.url.set(database=name).render_as_string(hide_password=False)

    def dsn(self, name: str) -> str:
        u = self.admin.url.set(database=name, drivername="postgresql")
        return u.render_as_string(hide_password=False)

    def create(self, name: str, template: str | None = None) -> str:
        self.drop(name)
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"'
                                 + (f' TEMPLATE "{template}"' if template else ""))
        self.made.append(name)
        return name

    def drop(self, name: str) -> None:
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        for name in self.made:
            self.drop(name)
        self.admin.dispose()


@contextlib.contextmanager
def server(url: str) -> Iterator[Server]:
    s = Server(url)
    try:
        yield s
    finally:
        s.close()


def _read_rows(dsn: str, floor: dict[str, int]) -> dict[str, Rows]:
    with psycopg.connect(dsn) as conn:
        out = {}
        for t in WRITTEN:
            cur = conn.execute(f"SELECT * FROM {t} WHERE id > %s ORDER BY id", (floor[t],))
            out[t] = ([d.name for d in cur.description or ()], cur.fetchall())
        return out


def _max_ids(dsn: str) -> dict[str, int]:
    with psycopg.connect(dsn) as conn:
        return {t: int(conn.execute(f"SELECT coalesce(max(id), 0) FROM {t}").fetchone()[0])  # type: ignore[index]
                for t in WRITTEN}


def b1(url: str, workdir: Path, csv_path: Path, items: int, runs: int,
       warmup: int = 1) -> list[Result]:
    with server(url) as srv:
        pre = srv.create(srv.name("b1_pre"))
        with open_workshop(srv.url(pre)) as ws:
            ws.init()
            ref = ws.create_order(add_client(ws), order_lines(items), accepted=True)
        floor = _max_ids(srv.dsn(pre))
        state: dict[str, Any] = {}

        def ours() -> float:
            db = srv.create(srv.name("b1_ours"), pre)
            with open_workshop(srv.url(db)) as ws:
                with engine_of(ws).connect():
                    pass
                start = time.perf_counter()
                result = ws.import_items(ref, csv_path)
                elapsed = time.perf_counter() - start
            state["result"] = result
            if "rows" not in state:
                state["rows"] = _read_rows(srv.dsn(db), floor)
            srv.drop(db)
            return elapsed

        def raw(copy: bool) -> float:
            rows = state["rows"]
            db = srv.create(srv.name("b1_raw"), pre)
            with psycopg.connect(srv.dsn(db)) as conn:
                start = time.perf_counter()
                with conn.cursor() as cur:
                    for table in WRITTEN:
                        cols, data = rows[table]
                        names = ", ".join(f'"{c}"' for c in cols)
                        if copy:
                            with cur.copy(f"COPY {table} ({names}) FROM STDIN") as cp:
                                for row in data:
                                    cp.write_row(row)
                        else:
                            marks = ", ".join(["%s"] * len(cols))
                            cur.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})",
                                            data)
                conn.commit()
                elapsed = time.perf_counter() - start
            key = "verified_copy" if copy else "verified_many"
            if key not in state:
                state[key] = _read_rows(srv.dsn(db), floor) == rows
            srv.drop(db)
            return elapsed

        times = interleaved({"ours": ours, "many": lambda: raw(False),
                             "copy": lambda: raw(True)}, runs, warmup)
        if not (state["verified_many"] and state["verified_copy"]):
            raise RuntimeError("B1-pg: the limit's database differs from ours")
    rows = state["rows"]
    n = len(rows["items"][1]) + len(rows["tasks"][1])
    result = state["result"]
    ours_m = median(times["ours"])
    out = []
    for key, rid, how in (("many", "B1-pg", "executemany"), ("copy", "B1-pg-copy", "COPY")):
        lim = median(times[key])
        out.append(Result(
            id=rid, what=f"import {items:,} items from CSV (PostgreSQL) vs psycopg {how}",
            ours=ours_m, limit=lim, target=f"≤ {B1_TARGET:g}×", passed=ours_m / lim <= B1_TARGET,
            rows_ours=result.items + result.tasks, rows_limit=n, runs=runs,
            extra={"ours_runs": times["ours"], "limit_runs": times[key]}))
    return out


# -- B4 -------------------------------------------------------------------------------------------


def _next_ids(conn: psycopg.Connection[Any]) -> dict[str, int]:
    return {t: int(conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {t}").fetchone()[0])  # type: ignore[index]
            for t in Filler.COLUMNS}


def _fill(dsn: str, filler: Filler, orders: int, items: int, clients: int = 0) -> None:
    with psycopg.connect(dsn) as conn:
        with conn.cursor() as cur:
            shapes = {}
            for table in Filler.COLUMNS:
                present = {r[0] for r in cur.execute(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_schema = current_schema() AND table_name = %s", (table,))}
                cols, cut = Filler.projection(table, present)
                shapes[table] = (f"COPY {table} ({', '.join(cols)}) FROM STDIN", cut)
            batches = [filler.collectivities(clients)] if clients else []
            for batch in (*batches, *(filler.order(items) for _ in range(orders))):
                for table, (sql, cut) in shapes.items():
                    data = batch.get(table)
                    if data:
                        with cur.copy(sql) as cp:
                            for row in data:
                                cp.write_row(cut(row))
            for table in Filler.COLUMNS:
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"(SELECT max(id) FROM {table}))")
        conn.commit()


def _fetch(conn: psycopg.Connection[Any], sql: str, order_id: int) -> list[Any]:
    return conn.execute(sql, (order_id,)).fetchall()


def _analyze(dsn: str) -> None:
    # A live database has statistics from autovacuum; a freshly loaded one not yet.
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("ANALYZE")


def b4(url: str, workdir: Path, items: int, factor: int, runs: int,
       warmup: int = 1) -> list[Result]:
    from bench.fixtures import write_item_csv

    csv_path = write_item_csv(workdir / "pg-status-order.csv", items, prefix="35000")
    with server(url) as srv:
        refs = {}
        # As on SQLite: one past order then ours (small); ours in the middle of 2 × factor.
        for key, before, after in (("small", 1, 0), ("large", factor - 1, factor)):
            db = srv.create(srv.name(f"b4_{key}"))
            with open_workshop(srv.url(db)) as ws:
                ws.init()
                add_client(ws)
            with psycopg.connect(srv.dsn(db)) as conn:
                filler = Filler(_next_ids(conn), catalogue_id=1)
            _fill(srv.dsn(db), filler, before, items, clients=20)
            with open_workshop(srv.url(db)) as ws:
                refs[key] = status_order(ws, csv_path, items)
            if after:
                with psycopg.connect(srv.dsn(db)) as conn:
                    filler.next = _next_ids(conn)
                _fill(srv.dsn(db), filler, after, items)
            _analyze(srv.dsn(db))
        if refs["small"] != refs["large"]:
            raise RuntimeError("B4-pg: the order's reference differs")
        ref = refs["small"]
        small, large = srv.name("b4_small"), srv.name("b4_large")

        dbs = {"small": small, "large": large}
        workshops = {k: open_workshop(srv.url(d)) for k, d in dbs.items()}
        raws = {k: psycopg.connect(srv.dsn(d), autocommit=True) for k, d in dbs.items()}
        try:
            statuses = {k: ws.status(ref) for k, ws in workshops.items()}
            if statuses["small"] != statuses["large"]:
                raise RuntimeError("B4-pg: the order's status differs between the databases")
            oids = {k: int(c.execute("SELECT id FROM orders WHERE ref = %s", (ref,))
                           .fetchone()[0]) for k, c in raws.items()}  # type: ignore[index]
            sql = "SELECT custody, count(*) FROM items WHERE order_id = %s GROUP BY custody"
            calls: dict[str, Callable[[], object]] = {}
            for k in dbs:
                calls[f"ours_{k}"] = functools.partial(workshops[k].status, ref)
                calls[f"limit_{k}"] = functools.partial(_fetch, raws[k], sql, oids[k])
            sides, reps = looped(calls)
            times = interleaved(sides, runs, warmup)
            limit_total = sum(n for _, n in raws["small"].execute(sql, (oids["small"],)))
        finally:
            for ws in workshops.values():
                ws.close()
            for c in raws.values():
                c.close()
    med = {k: median(v) for k, v in times.items()}
    total = statuses["small"].items.total
    return [
        Result(id="B4-pg", what=f"status of a {items:,}-item order (PostgreSQL)",
               ours=med["ours_small"], limit=med["limit_small"], target=f"≤ {B4_TARGET}×",
               passed=med["ours_small"] / med["limit_small"] <= B4_TARGET, rows_ours=total,
               rows_limit=limit_total, runs=runs, extra={"reps_per_run": reps, "runs": times}),
        Result(id="B4-pg-scale",
               what=f"same call, database ×{factor} ({2 * factor * items:,} items, PostgreSQL)",
               ours=med["ours_large"], limit=med["ours_small"], target=f"≤ {SCALE_TARGET}×",
               passed=med["ours_large"] / med["ours_small"] <= SCALE_TARGET, rows_ours=total,
               rows_limit=total, runs=runs,
               notes=(f"limit = ours on the small db; raw GROUP BY large/small "
                      f"{med['limit_large'] / med['limit_small']:.2f}×"),
               extra={"limit_large_s": med["limit_large"]}),
    ]
