"""B1, B2 and B4 on PostgreSQL (``--postgres URL``): the same work, the raw driver beside it.

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


# -- B2 on PostgreSQL: single acts of work against the same act on raw psycopg ----------------

B2_TARGET = 1.5
B2_P99_MS = 5.0

# The raw act on PostgreSQL: the trainee's row locked first, then read after (a statement
# reads as of its start, see store/hours.py); the item locked before its open tasks are
# counted (two writers finishing the last tasks of one item). Same rows written as ours.
PG_TRAINEE = ("SELECT tr.id, tr.active, p.code FROM trainees tr"
              " LEFT JOIN posts p ON p.id = tr.post_id WHERE tr.code = %s FOR UPDATE OF tr")
PG_DAY = (
    "SELECT o.id, o.state, tr.exit_on,"
    " (SELECT min(c.start_on) FROM contracts c WHERE c.trainee_id = tr.id),"
    " EXISTS (SELECT 1 FROM month_locks m WHERE m.month = %(month)s),"
    " (SELECT count(*) FROM attendance a WHERE a.trainee_id = tr.id AND a.day = %(day)s),"
    " (SELECT coalesce(sum(CASE WHEN a.present THEN a.minutes ELSE 0 END), 0)"
    "  FROM attendance a WHERE a.trainee_id = tr.id AND a.day = %(day)s),"
    " (SELECT coalesce(sum(d.minutes), 0) FROM day_minutes d"
    "  WHERE d.trainee_id = tr.id AND d.day = %(day)s)"
    " FROM orders o, trainees tr WHERE o.ref = %(ref)s AND tr.id = %(tid)s")
PG_ITEM = ("SELECT id, custody, version FROM items WHERE order_id = %s AND barcode = %s"
           " FOR UPDATE")
PG_TASKS = (
    "SELECT k.id, k.line_id, k.seq, k.skill, k.min_level, k.standard_seconds, k.checkpoint,"
    " k.status, k.version, k.last_step,"
    " (SELECT a.level FROM assessments a WHERE a.trainee_id = %(tid)s AND a.skill = k.skill"
    "  ORDER BY a.assessed_on DESC, a.id DESC LIMIT 1),"
    " (SELECT count(*) FROM tasks x WHERE x.item_id = %(item)s"
    "  AND x.status NOT IN ('done', 'cancelled'))"
    " FROM tasks k WHERE k.item_id = %(item)s AND k.operation = %(operation)s"
    " ORDER BY k.line_id, k.seq")
PG_DONE = "UPDATE tasks SET status = 'done', version = version + 1 WHERE id = %s AND version = %s"
PG_RELEASE = ("UPDATE tasks SET status = 'ready', version = version + 1"
              " WHERE item_id = %s AND line_id = %s AND seq = %s AND status = 'pending'")
PG_LINE = ("UPDATE order_lines SET tasks_done = tasks_done + 1, items_done = items_done + %s,"
           " remaining_seconds = remaining_seconds - %s WHERE id = %s")
PG_RECORD = ("INSERT INTO work_records (order_id, operation, trainee_id, post_code, supervisor,"
             " minutes, task_count, recorded_at, work_day)"
             " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id")
PG_RECORD_TASK = ("INSERT INTO work_record_tasks (work_record_id, task_id, minutes)"
                  " VALUES (%s, %s, %s)")
PG_ITEM_MOVE = ("UPDATE items SET custody = %s, version = version + 1"
                " WHERE id = %s AND version = %s")
PG_AUDIT = ("INSERT INTO audit_log (at, actor, door, action, entity, entity_key, before, after)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)")


def pg_raw_act(conn: psycopg.Connection[Any], ref: str, operation: str, trainee: str,
               barcode: str, now: Any) -> tuple[int, int]:
    """bench.b2_acts.raw_act on psycopg (PostgreSQL's locking order): ``(tasks done,
    statements sent)``."""
    import json
    import math

    from bench.b2_acts import Refused, day_rules

    def dump(value: Any) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)

    day = now.date()
    try:
        row = conn.execute(PG_TRAINEE, (trainee,)).fetchone()
        if row is None or not row[1]:
            raise Refused("unknown or inactive trainee")
        tid, _, post = row
        day_row = conn.execute(PG_DAY, {"ref": ref, "tid": tid, "day": day,
                                        "month": day.isoformat()[:7]}).fetchone()
        if day_row is None:
            raise Refused("unknown order")
        oid, state, exit_on, first_start, locked, sessions, attended, recorded = day_row
        if state in ("quote", "cancelled"):
            raise Refused("order not open for work")
        item = conn.execute(PG_ITEM, (oid, barcode)).fetchone()
        if item is None:
            raise Refused("not an item of this order")
        item_id, custody, item_version = item
        rows = conn.execute(PG_TASKS, {"tid": tid, "item": item_id,
                                       "operation": operation}).fetchall()
        tasks = [r for r in rows if r[7] in ("ready", "in_progress", "failed")]
        if not tasks or any(r[6] for r in tasks):
            raise Refused("operation not ready, or a checkpoint")
        if any((r[10] if r[10] is not None else 0) < r[4] for r in tasks):
            raise Refused("skill gate")
        total = math.ceil(sum(r[5] for r in tasks) / 60)
        minutes = day_rules(day, first_start, exit_on, locked, sessions, recorded, attended,
                            total, len(tasks))
        statements = 4
        with conn.cursor() as cur:
            for r in tasks:
                cur.execute(PG_DONE, (r[0], r[8]))
                if cur.rowcount != 1:
                    raise Refused("stale task")
                if not r[9]:
                    cur.execute(PG_RELEASE, (item_id, r[1], r[2] + 1))
                    statements += 1
                cur.execute(PG_LINE, (1 if r[9] else 0, r[5], r[1]))
                statements += 2
            cur.execute(PG_RECORD, (oid, operation, tid, post, None, total, len(tasks), now,
                                    day))
            record_id = cur.fetchone()[0]  # type: ignore[index]
            cur.executemany(PG_RECORD_TASK, [(record_id, r[0], m)
                                             for r, m in zip(tasks, minutes, strict=True)])
            statements += 2
            left = rows[0][11] - len(tasks)
            target = ("ready" if left == 0 and custody in ("received", "in_workshop")
                      else "in_workshop" if left > 0 and custody == "received" else None)
            if target is not None:
                cur.execute(PG_ITEM_MOVE, (target, item_id, item_version))
                if cur.rowcount != 1:
                    raise Refused("stale item")
                statements += 1
            cur.execute(PG_AUDIT, (
                now, "Claire (encadrante)", "library", "work.record", "order", ref,
                dump({"operation": operation, "status": sorted({r[7] for r in tasks})}),
                dump({"operation": operation, "status": "done", "trainee": trainee,
                      "post": post, "supervisor": None, "learning": [],
                      "day": day.isoformat(), "minutes": total, "tasks": len(tasks),
                      "barcodes": [barcode], "items_ready": int(target == "ready")})))
        conn.commit()
        return len(tasks), statements + 1
    except BaseException:
        conn.rollback()
        raise


def pg_end_state(dsn: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every table of the database, every column, rows sorted."""
    with psycopg.connect(dsn) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")]
        return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr)
                for n in names}


def b2(url: str, workdir: Path, acts: int, runs: int, warmup: int = 1) -> list[Result]:
    """B2 on PostgreSQL: ``record_work`` one item at a time against :func:`pg_raw_act`,
    each side on a fresh copy of the same prepared database; same end state checked."""
    from bench.b2_acts import OPERATION
    from bench.common import NOW, capture_sql, percentile
    from bench.fixtures import received_order

    with server(url) as srv:
        pre = srv.create(srv.name("b2_pre"))
        with open_workshop(srv.url(pre)) as ws:
            ws.init()
            ref, trainee, barcodes = received_order(ws, acts)
        _analyze(srv.dsn(pre))
        latencies: dict[str, list[float]] = {"ours": [], "raw": []}
        state: dict[str, Any] = {"runs": 0}

        def ours() -> float:
            db = srv.create(srv.name("b2_ours"), template=pre)
            lat: list[float] = []
            done = 0
            with open_workshop(srv.url(db)) as ws:
                with engine_of(ws).connect():
                    pass
                with capture_sql(engine_of(ws)) as captured:
                    start = time.perf_counter()
                    for code in barcodes:
                        captured.calls.append([])
                        t0 = time.perf_counter()
                        done += ws.record_work(ref, OPERATION, trainee, [code]).tasks
                        lat.append(time.perf_counter() - t0)
                    elapsed = time.perf_counter() - start
            state["done"], state["statements"] = done, captured.statements_per_call
            state["runs"] += 1
            if state["runs"] > warmup:
                latencies["ours"].extend(lat)
            return elapsed

        def raw() -> float:
            db = srv.create(srv.name("b2_raw"), template=pre)
            lat: list[float] = []
            done = statements = 0
            with psycopg.connect(srv.dsn(db)) as conn:
                start = time.perf_counter()
                for code in barcodes:
                    t0 = time.perf_counter()
                    n, s = pg_raw_act(conn, ref, OPERATION, trainee, code, NOW)
                    lat.append(time.perf_counter() - t0)
                    done += n
                    statements += s
                elapsed = time.perf_counter() - start
            state["raw_done"], state["raw_statements"] = done, statements / acts
            if state["runs"] > warmup:
                latencies["raw"].extend(lat)
            return elapsed

        times = interleaved({"ours": ours, "raw": raw}, runs, warmup)
        ours_state = pg_end_state(srv.dsn(srv.name("b2_ours")))
        raw_state = pg_end_state(srv.dsn(srv.name("b2_raw")))
        differing = sorted(n for n in set(ours_state) | set(raw_state)
                           if ours_state.get(n) != raw_state.get(n))
        if differing:
            raise AssertionError("B2-pg: the raw act and ours leave different rows in "
                                 + ", ".join(differing))
    ours_m, raw_m = median(times["ours"]), median(times["raw"])
    p99 = percentile(latencies["ours"], 99) * 1e3
    return [Result(
        id="B2-pg", what=f"{acts:,} single acts of work (PostgreSQL)", ours=ours_m,
        limit=raw_m, target=f"≤ {B2_TARGET}× same act raw, p99 ≤ {B2_P99_MS:g} ms",
        passed=ours_m / raw_m <= B2_TARGET and p99 <= B2_P99_MS,
        rows_ours=state["done"], rows_limit=state["raw_done"], runs=runs,
        notes=(f"p99 {p99:.2f} ms/act (raw {percentile(latencies['raw'], 99) * 1e3:.2f});"
               f" statements/act {state['statements']:.0f} ours,"
               f" {state['raw_statements']:.0f} raw; same end state in every table"),
        extra={"p99_ms": p99, "raw_p99_ms": percentile(latencies["raw"], 99) * 1e3,
               "ours_ms_per_act": ours_m / acts * 1e3, "raw_ms_per_act": raw_m / acts * 1e3,
               "statements_per_act": state["statements"],
               "raw_statements_per_act": state["raw_statements"],
               "ours_runs": times["ours"], "raw_runs": times["raw"]})]
