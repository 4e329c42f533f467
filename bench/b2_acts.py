"""B2: single acts of work, one transaction each, against the same act in raw ``sqlite3``.

Ours: ``Workshop.record_work(ref, "clean", trainee, [barcode])`` for one task
of one item at a time, each in its own transaction, on a fresh copy of a
database whose order has all its books received.

The limit is :func:`raw_act`: the same act hand-written on the driver, with the
same pragmas and the same invariants (the order open for work, the trainee
active, the task ready and version-checked, the skill gate on the trainee's
current level, the day's budget within the pathway and an open month, the task
done and the next step released, the line's progress counters, the work record
and its task link, the item's custody moved, the audit row). After the runs,
the two databases are compared table by table, every column, ids and
timestamps included (the clock is fixed and both sides start from the same file
and write in the same order, so nothing needs to be ignored): the limit does the
same work, not less.

Also printed, for information: the old floor (a versioned ``UPDATE`` of the task
and the audit row, 2 rows written where an act writes 7), our p99 latency per
act, the statements per act of both sides, and the time of the very
statements our path sends replayed through raw ``sqlite3``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sqlite3
import time
from pathlib import Path
from typing import Any

from bench.common import (
    NOW,
    Result,
    Rows,
    capture_sql,
    checkpoint,
    copy_db,
    engine_of,
    interleaved,
    median,
    percentile,
    raw_sqlite,
    remove_db,
    replay,
    sqlite_url,
    table_rows,
)
from bench.fixtures import initialised_template, open_workshop, received_order

TARGET = 1.5
P99_MS = 5.0
OPERATION = "clean"


def prepared_db(workdir: Path, acts: int) -> tuple[Path, str, str, list[str]]:
    """An accepted order of ``acts`` items, all received, and a trainee on a post."""
    path = copy_db(initialised_template(workdir), workdir / "b2-pre.db")
    with open_workshop(sqlite_url(path)) as ws:
        ref, trainee, barcodes = received_order(ws, acts)
    checkpoint(path)
    return path, ref, trainee, barcodes


# -- the same act, hand-written on the driver -------------------------------------------------

_CLOSED = ("done", "cancelled")
_WORKABLE = frozenset({"ready", "in_progress", "failed"})

# Read 1: the order, the trainee (with their post) and the day's budget, in one statement
# (the day's recorded minutes from the counter that migration 0008's triggers keep).
RAW_DAY = (
    "SELECT o.id, o.state, tr.id, tr.active, tr.exit_on, p.code,"
    " (SELECT min(c.start_on) FROM contracts c WHERE c.trainee_id = tr.id),"
    " EXISTS (SELECT 1 FROM month_locks m WHERE m.month = :month),"
    " (SELECT count(*) FROM attendance a WHERE a.trainee_id = tr.id AND a.day = :day),"
    " (SELECT coalesce(sum(CASE WHEN a.present THEN a.minutes ELSE 0 END), 0)"
    "  FROM attendance a WHERE a.trainee_id = tr.id AND a.day = :day),"
    " (SELECT coalesce(sum(d.minutes), 0) FROM day_minutes d"
    "  WHERE d.trainee_id = tr.id AND d.day = :day)"
    " FROM orders o, trainees tr LEFT JOIN posts p ON p.id = tr.post_id"
    " WHERE o.ref = :ref AND tr.code = :trainee")
# Read 2: the scanned item, its tasks of the operation, the trainee's current level in each
# task's skill and the item's open tasks (to settle its custody), in one statement.
RAW_ITEM = (
    "SELECT i.id, i.custody, i.version, k.id, k.line_id, k.seq, k.skill, k.min_level,"
    " k.standard_seconds, k.checkpoint, k.status, k.version, k.last_step,"
    " (SELECT a.level FROM assessments a WHERE a.trainee_id = :tid AND a.skill = k.skill"
    "  ORDER BY a.assessed_on DESC, a.id DESC LIMIT 1),"
    " (SELECT count(*) FROM tasks x WHERE x.item_id = i.id"
    "  AND x.status NOT IN ('done', 'cancelled'))"
    " FROM items i LEFT JOIN tasks k ON k.item_id = i.id AND k.operation = :operation"
    " WHERE i.order_id = :oid AND i.barcode = :barcode ORDER BY k.line_id, k.seq")
RAW_DONE = "UPDATE tasks SET status = 'done', version = version + 1 WHERE id = ? AND version = ?"
RAW_RELEASE = ("UPDATE tasks SET status = 'ready', version = version + 1"
               " WHERE item_id = ? AND line_id = ? AND seq = ? AND status = 'pending'")
RAW_LINE = ("UPDATE order_lines SET tasks_done = tasks_done + 1, items_done = items_done + ?,"
            " remaining_seconds = remaining_seconds - ? WHERE id = ?")
RAW_RECORD = ("INSERT INTO work_records (order_id, operation, trainee_id, post_code, supervisor,"
              " minutes, task_count, recorded_at, work_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
RAW_RECORD_TASK = ("INSERT INTO work_record_tasks (work_record_id, task_id, minutes)"
                   " VALUES (?, ?, ?)")
RAW_ITEM_MOVE = ("UPDATE items SET custody = ?, version = version + 1"
                 " WHERE id = ? AND version = ?")
RAW_AUDIT = ("INSERT INTO audit_log (at, actor, door, action, entity, entity_key, before, after)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")


class Refused(Exception):
    """The raw act refused (it never should in the benchmark)."""


def _dump(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def day_rules(day: Any, first_start: Any, exit_on: Any, locked: Any, sessions: Any,
              recorded: int, attended: int, total: int, tasks: int) -> list[int]:
    """The day's rules of the raw acts (SQLite and PostgreSQL): within the pathway, an
    open month, the day's attendance not exceeded; the minutes split over the tasks."""
    if first_start is None or day < first_start or (exit_on and day > exit_on):
        raise Refused("outside the pathway")
    if locked:
        raise Refused("month locked")
    if sessions and recorded + total > attended:
        raise Refused("day exceeds attendance")
    base, extra = divmod(total, tasks)
    return [base + 1 if n < extra else base for n in range(tasks)]


def raw_act(conn: sqlite3.Connection, ref: str, operation: str, trainee: str, barcode: str,
            now: dt.datetime, actor: str = "Claire (encadrante)", door: str = "library",
            ) -> tuple[int, int]:
    """``record_work(ref, operation, trainee, [barcode])`` on the raw driver: ``(tasks done,
    statements sent)``. The catalogue is in memory on both sides (ours caches it), so
    the operation's existence is known from its tasks."""
    day = now.date()
    iso_day, at = day.isoformat(), now.isoformat(sep=" ", timespec="microseconds")
    conn.execute("BEGIN IMMEDIATE")  # SQLite's writer lock: the trainee's day is serial
    try:
        row = conn.execute(RAW_DAY, {"ref": ref, "trainee": trainee, "day": iso_day,
                                     "month": iso_day[:7]}).fetchone()
        if row is None:
            raise Refused("unknown order or trainee")
        (oid, state, tid, active, exit_on, post, first_start, locked, sessions, attended,
         recorded) = row
        if state in ("quote", "cancelled"):
            raise Refused("order not open for work")
        if not active:
            raise Refused("trainee not active")
        rows = conn.execute(RAW_ITEM, {"tid": tid, "operation": operation, "oid": oid,
                                       "barcode": barcode}).fetchall()
        if not rows:
            raise Refused("not an item of this order")
        item_id, custody, item_version = rows[0][0], rows[0][1], rows[0][2]
        tasks = [r for r in rows if r[3] is not None and r[10] in _WORKABLE]
        if not tasks:
            raise Refused("operation not ready")
        if any(r[9] for r in tasks):
            raise Refused("a checkpoint")
        for r in tasks:  # the skill gate, no supervisor: the level held or refused
            if (r[13] if r[13] is not None else 0) < r[7]:
                raise Refused("skill gate")
        total = math.ceil(sum(r[8] for r in tasks) / 60)
        minutes = day_rules(iso_day, first_start, exit_on, locked, sessions, recorded,
                            attended, total, len(tasks))
        statements = 3
        for r in tasks:
            if conn.execute(RAW_DONE, (r[3], r[11])).rowcount != 1:
                raise Refused("stale task")
            if not r[12]:
                conn.execute(RAW_RELEASE, (item_id, r[4], r[5] + 1))
                statements += 1
            conn.execute(RAW_LINE, (1 if r[12] else 0, r[8], r[4]))
            statements += 2
        record_id = conn.execute(RAW_RECORD, (oid, operation, tid, post, None, total, len(tasks),
                                              at, iso_day)).lastrowid
        conn.executemany(RAW_RECORD_TASK, [(record_id, r[3], m)
                                           for r, m in zip(tasks, minutes, strict=True)])
        statements += 2
        left = rows[0][14] - len(tasks)
        ready = 0
        target = ("ready" if left == 0 and custody in ("received", "in_workshop")
                  else "in_workshop" if left > 0 and custody == "received" else None)
        if target is not None:
            if conn.execute(RAW_ITEM_MOVE, (target, item_id, item_version)).rowcount != 1:
                raise Refused("stale item")
            ready = int(target == "ready")
            statements += 1
        conn.execute(RAW_AUDIT, (
            at, actor, door, "work.record", "order", ref,
            _dump({"operation": operation, "status": sorted({r[10] for r in tasks})}),
            _dump({"operation": operation, "status": "done", "trainee": trainee, "post": post,
                   "supervisor": None, "learning": [], "day": iso_day, "minutes": total,
                   "tasks": len(tasks), "barcodes": [barcode], "items_ready": ready})))
        conn.execute("COMMIT")
        return len(tasks), statements + 1  # the audit row (COMMIT not counted, as ours)
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _floor_tasks(path: Path, ref: str) -> list[tuple[int, int]]:
    conn = raw_sqlite(path)
    try:
        return [(int(r[0]), int(r[1])) for r in conn.execute(
            "SELECT t.id, t.version FROM tasks t JOIN orders o ON o.id = t.order_id "
            "WHERE o.ref = ? AND t.operation = ? ORDER BY t.item_id", (ref, OPERATION))]
    finally:
        conn.close()


def end_state(path: Path) -> dict[str, Rows]:
    """Every table of the database at ``path``, every column, rows by rowid."""
    conn = raw_sqlite(path)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name")]
        return {name: table_rows(conn, name) for name in names}
    finally:
        conn.close()


def same_end_state(ours: Path, raw: Path) -> list[str]:
    """The tables whose content differs between the two databases (none: the same)."""
    a, b = end_state(ours), end_state(raw)
    return sorted(name for name in set(a) | set(b) if a.get(name) != b.get(name))


def run(workdir: Path, acts: int, runs: int, warmup: int = 1,
        postgres: str | None = None) -> list[Result]:
    """B2 on SQLite; with ``postgres`` (a server URL) also B2-pg (bench/pg.py)."""
    results = _run_sqlite(workdir, acts, runs, warmup)
    if postgres:
        from bench import pg

        results.extend(pg.b2(postgres, workdir, acts, runs, warmup))
    return results


def _run_sqlite(workdir: Path, acts: int, runs: int, warmup: int) -> list[Result]:
    pre, ref, trainee, barcodes = prepared_db(workdir, acts)
    ours_db, raw_db, floor_db, replay_db = (workdir / "b2-ours.db", workdir / "b2-raw.db",
                                            workdir / "b2-floor.db", workdir / "b2-replay.db")
    tasks = _floor_tasks(pre, ref)
    assert len(tasks) == acts
    latencies: dict[str, list[float]] = {"ours": [], "raw": [], "floor": []}
    state: dict[str, Any] = {"runs": 0}

    def ours() -> float:
        copy_db(pre, ours_db)
        lat: list[float] = []
        done = 0
        with open_workshop(sqlite_url(ours_db)) as ws:
            with engine_of(ws).connect():
                pass
            capturing = "sql" not in state
            with capture_sql(engine_of(ws)) if capturing else _null() as captured:
                start = time.perf_counter()
                for code in barcodes:
                    if captured is not None:
                        captured.calls.append([])
                    t0 = time.perf_counter()
                    done += ws.record_work(ref, OPERATION, trainee, [code]).tasks
                    lat.append(time.perf_counter() - t0)
                elapsed = time.perf_counter() - start
            if captured is not None:
                state["sql"] = captured
        state["done"] = done
        state["runs"] += 1
        if state["runs"] > warmup:
            latencies["ours"].extend(lat)
        return elapsed

    def raw() -> float:
        copy_db(pre, raw_db)
        conn = raw_sqlite(raw_db)
        lat: list[float] = []
        done = statements = 0
        try:
            start = time.perf_counter()
            for code in barcodes:
                t0 = time.perf_counter()
                n, s = raw_act(conn, ref, OPERATION, trainee, code, NOW)
                lat.append(time.perf_counter() - t0)
                done += n
                statements += s
            elapsed = time.perf_counter() - start
        finally:
            conn.close()
        state["raw_done"], state["raw_statements"] = done, statements / acts
        if state["runs"] > warmup:
            latencies["raw"].extend(lat)
        return elapsed

    def floor() -> float:
        copy_db(pre, floor_db)
        conn = raw_sqlite(floor_db)
        update = ("UPDATE tasks SET status=?, version=version+1 WHERE id=? AND version=?")
        at = NOW.isoformat(sep=" ", timespec="microseconds")
        lat: list[float] = []
        try:
            start = time.perf_counter()
            for (task_id, version), code in zip(tasks, barcodes, strict=True):
                t0 = time.perf_counter()
                conn.execute("BEGIN IMMEDIATE")
                conn.execute(update, ("done", task_id, version))
                conn.execute(RAW_AUDIT, (at, "Claire (encadrante)", "library", "work.record",
                                         "order", ref,
                                         json.dumps({"operation": OPERATION,
                                                     "status": ["ready"]}),
                                         json.dumps({"operation": OPERATION, "status": "done",
                                                     "trainee": trainee, "tasks": 1,
                                                     "barcodes": [code]})))
                conn.execute("COMMIT")
                lat.append(time.perf_counter() - t0)
            elapsed = time.perf_counter() - start
        finally:
            conn.close()
        if state["runs"] > warmup:
            latencies["floor"].extend(lat)
        return elapsed

    times = interleaved({"ours": ours, "raw": raw, "floor": floor}, runs, warmup)
    # The last run of each side left its database: the same act must leave the same rows.
    differing = same_end_state(ours_db, raw_db)
    if differing:
        raise AssertionError("B2: the raw act and ours leave different rows in "
                             + ", ".join(differing))

    captured = state["sql"]
    copy_db(pre, replay_db)
    conn = raw_sqlite(replay_db)
    try:
        replayed = sum(replay(conn, captured.calls, "COMMIT"))
    finally:
        conn.close()

    ours_m, raw_m, floor_m = median(times["ours"]), median(times["raw"]), median(times["floor"])
    p99 = percentile(latencies["ours"], 99) * 1e3
    for path in (ours_db, raw_db, floor_db, replay_db):
        remove_db(path)
    return [Result(
        id="B2", what=f"{acts:,} single acts of work (SQLite)", ours=ours_m, limit=raw_m,
        target=f"≤ {TARGET}× same act raw, p99 ≤ {P99_MS:g} ms",
        passed=ours_m / raw_m <= TARGET and p99 <= P99_MS,
        rows_ours=state["done"], rows_limit=state["raw_done"], runs=runs,
        notes=(f"p99 {p99:.2f} ms/act (raw {percentile(latencies['raw'], 99) * 1e3:.2f});"
               f" statements/act {captured.statements_per_call:.0f} ours,"
               f" {state['raw_statements']:.0f} raw; same end state in every table;"
               f" our SQL replayed raw {replayed / acts * 1e3:.2f} ms/act; old 2-row floor"
               f" {floor_m / acts * 1e3:.3f} ms/act ({ours_m / floor_m:.1f}× ours)"),
        extra={"p99_ms": p99, "p50_ms": percentile(latencies["ours"], 50) * 1e3,
               "raw_p99_ms": percentile(latencies["raw"], 99) * 1e3,
               "raw_ms_per_act": raw_m / acts * 1e3, "ours_ms_per_act": ours_m / acts * 1e3,
               "statements_per_act": captured.statements_per_call,
               "raw_statements_per_act": state["raw_statements"],
               "floor_ms_per_act": floor_m / acts * 1e3, "floor_ratio": ours_m / floor_m,
               "floor_p99_ms": percentile(latencies["floor"], 99) * 1e3,
               "our_sql_replayed_raw_s": replayed,
               "ours_runs": times["ours"], "raw_runs": times["raw"],
               "floor_runs": times["floor"]})]


class _null:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None
