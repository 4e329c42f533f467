"""B2: single acts of work, one transaction each, against a raw UPDATE + INSERT + COMMIT.

Ours: ``Workshop.record_work(ref, "clean", trainee, [barcode])`` for one task
of one item at a time (version-checked update, next task released, work
record, custody moved, audit row), each in its own transaction, on a fresh
copy of a database whose order has all its books received.

The limit, per act, through raw ``sqlite3`` with the same pragmas::

    BEGIN IMMEDIATE
    UPDATE tasks SET status='done', version=version+1 WHERE id=? AND version=?
    INSERT INTO audit_log (...) VALUES (...)
    COMMIT

Also reported (information): our p99 latency per act, the number of SQL
statements an act sends, and the time of the very statements our path sends
replayed through raw ``sqlite3`` (what is left once SQLAlchemy and Python
are gone: the cost of the SQL itself).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from bench.common import (
    NOW,
    Result,
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
)
from bench.fixtures import add_client, initialised_template, open_workshop, qualified_trainee

TARGET = 1.5
P99_MS = 5.0
OPERATION = "clean"


def prepared_db(workdir: Path, acts: int) -> tuple[Path, str, str, list[str]]:
    """An accepted order of ``acts`` items, all received, and a trainee on a post."""
    path = copy_db(initialised_template(workdir), workdir / "b2-pre.db")
    with open_workshop(sqlite_url(path)) as ws:
        ref = ws.create_order(add_client(ws), [f"couvrage:standard={acts}"], accepted=True)
        ws.add_placeholders(ref, acts, "standard")
        barcodes = [f"{ref}-{n:05d}" for n in range(1, acts + 1)]
        ws.receive(ref, barcodes)
        ws.add_post("P1", "Couvrage 1")
        trainee = qualified_trainee(ws, post="P1")
    checkpoint(path)
    return path, ref, trainee, barcodes


def _limit_tasks(path: Path, ref: str) -> list[tuple[int, int]]:
    conn = raw_sqlite(path)
    try:
        return [(int(r[0]), int(r[1])) for r in conn.execute(
            "SELECT t.id, t.version FROM tasks t JOIN orders o ON o.id = t.order_id "
            "WHERE o.ref = ? AND t.operation = ? ORDER BY t.item_id", (ref, OPERATION))]
    finally:
        conn.close()


def run(workdir: Path, acts: int, runs: int, warmup: int = 1) -> list[Result]:
    pre, ref, trainee, barcodes = prepared_db(workdir, acts)
    ours_db, limit_db, replay_db = (workdir / "b2-ours.db", workdir / "b2-limit.db",
                                    workdir / "b2-replay.db")
    tasks = _limit_tasks(pre, ref)
    assert len(tasks) == acts
    latencies: dict[str, list[float]] = {"ours": [], "limit": []}
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

    def limit() -> float:
        copy_db(pre, limit_db)
        conn = raw_sqlite(limit_db)
        update = ("UPDATE tasks SET status=?, version=version+1 WHERE id=? AND version=?")
        audit = ("INSERT INTO audit_log (at, actor, door, action, entity, entity_key, before, "
                 "after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        at = NOW.isoformat(sep=" ", timespec="microseconds")
        lat: list[float] = []
        changed = 0
        try:
            start = time.perf_counter()
            for (task_id, version), code in zip(tasks, barcodes, strict=True):
                t0 = time.perf_counter()
                conn.execute("BEGIN IMMEDIATE")
                changed += conn.execute(update, ("done", task_id, version)).rowcount
                conn.execute(audit, (at, "Claire (encadrante)", "library", "work.record",
                                     "order", ref,
                                     json.dumps({"operation": OPERATION, "status": ["ready"]}),
                                     json.dumps({"operation": OPERATION, "status": "done",
                                                 "trainee": trainee, "tasks": 1,
                                                 "barcodes": [code]})))
                conn.execute("COMMIT")
                lat.append(time.perf_counter() - t0)
            elapsed = time.perf_counter() - start
        finally:
            conn.close()
        state["changed"] = changed
        if state["runs"] > warmup:
            latencies["limit"].extend(lat)
        return elapsed

    times = interleaved({"ours": ours, "limit": limit}, runs, warmup)

    captured = state["sql"]
    copy_db(pre, replay_db)
    conn = raw_sqlite(replay_db)
    try:
        replayed = sum(replay(conn, captured.calls, "COMMIT"))
    finally:
        conn.close()

    ours_m, limit_m = median(times["ours"]), median(times["limit"])
    p99 = percentile(latencies["ours"], 99) * 1e3
    for path in (ours_db, limit_db, replay_db):
        remove_db(path)
    return [Result(
        id="B2", what=f"{acts:,} single acts of work (SQLite)", ours=ours_m, limit=limit_m,
        target=f"≤ {TARGET}×, p99 ≤ {P99_MS:g} ms",
        passed=ours_m / limit_m <= TARGET and p99 <= P99_MS,
        rows_ours=state["done"], rows_limit=state["changed"], runs=runs,
        notes=(f"p99 {p99:.2f} ms/act (limit {percentile(latencies['limit'], 99) * 1e3:.2f});"
               f" {captured.statements_per_call:.0f} statements/act; our SQL raw "
               f"{replayed / acts * 1e3:.2f} ms/act"),
        extra={"p99_ms": p99, "p50_ms": percentile(latencies["ours"], 50) * 1e3,
               "limit_p99_ms": percentile(latencies["limit"], 99) * 1e3,
               "statements_per_act": captured.statements_per_call,
               "our_sql_replayed_raw_s": replayed,
               "ours_runs": times["ours"], "limit_runs": times["limit"]})]


class _null:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None
