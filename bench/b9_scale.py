"""B9: every read a person or a client triggers, on a database 100× larger.

Two SQLite databases hold the same target order (``items`` items imported
and worked through the product: received, missing, refused, tasks done, a
failed check, a delivery), the same collectivity with a link to follow it
and the same trainee. The small one holds it after one past order of the
same size (2 × ``items`` items); the large one, ``factor`` times larger, in
the middle of 2 × ``factor`` past orders written raw (at full size 5,000 ×
2 × 100 = 10⁶ items against 10⁴). Past orders belong to other
collectivities and are still open, as a workshop's are; both databases also
hold a past year of work records (one per :data:`HISTORY_EVERY` items),
written raw, so that the whole database grows, not only items and tasks.

Each read is timed on both databases in turn, median of the runs after a
warm-up; ``ours`` is the large database, ``limit`` the same call on the
small one, target ≤ 1.3×: a read costs what it shows, never the whole
database. Library reads go through ``Workshop``; the client's JSON and
tracking page through the real FastAPI application (``TestClient``, rate
limit lifted: it exists to stop exactly this).

Not grown here: attendance and time entries (one trainee's history cannot
hold more than two sessions a day), trainees and tokens.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import Result, checkpoint, interleaved, looped, median, sqlite_url
from bench.fixtures import open_workshop, status_dbs

TARGET = 1.3
#: Past work records: one for every this many items of the database.
HISTORY_EVERY = 20
#: The month the target order was worked in (the benchmarks' fixed clock).
MONTH = "2026-03"
#: The first page of ``atelier items list`` (the CLI reads pages of this many items).
ITEMS_PAGE = 2000
#: A page of the order list: as many orders as the small database holds in all.
ORDERS_PAGE = 2


def _history(path: Path, target_ref: str) -> int:
    """Past work records of the trainee on the past orders, over 2025; returns how many."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        (items,) = conn.execute("SELECT count(*) FROM items").fetchone()
        orders = [r[0] for r in conn.execute(
            "SELECT id FROM orders WHERE ref <> ? ORDER BY id", (target_ref,))]
        (trainee,) = conn.execute("SELECT min(id) FROM trainees").fetchone()
        start = dt.date(2025, 1, 1)
        rows = []
        for k in range(items // HISTORY_EVERY):
            day = start + dt.timedelta(days=k % 365)
            rows.append((orders[k % len(orders)], "clean", trainee, None, None, 60, 10,
                         f"{day.isoformat()} 10:00:00.000000", day.isoformat()))
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO work_records (order_id, operation, trainee_id, post_code, supervisor,"
            " minutes, task_count, recorded_at, work_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows)
        conn.execute("COMMIT")
    finally:
        conn.close()
    return len(rows)


def databases(workdir: Path, items: int, factor: int) -> dict[str, Any]:
    """The two databases (cached in ``workdir``): paths, sizes, the target order's ref and
    public id, its collectivity's link and the trainee's code."""
    cache = workdir / f"b9-{items}x{factor}.json"
    if cache.exists():
        known: dict[str, Any] = json.loads(cache.read_text(encoding="utf-8"))
        if all(Path(p).exists() for p in known["paths"].values()):
            return known
    small, large, ref = status_dbs(workdir, items, factor)
    if large is None:
        raise ValueError("B9 needs a large database: factor must be at least 2")
    out: dict[str, Any] = {"ref": ref, "paths": {}, "tokens": {}, "public_ids": {}, "items": {},
                           "history": {}}
    for name, path in (("small", small), ("large", large)):
        out["history"][name] = _history(path, ref)
        with open_workshop(sqlite_url(path)) as ws:
            # No expiry: the API's clock is the real one, the fixtures' is fixed in 2026.
            issued = ws.create_collectivity_token(_collectivity(path, ref), expires_days=None)
            out["tokens"][name] = issued.token
            who = ws.authenticate(out["tokens"][name])
            out["public_ids"][name] = ws.client_orders(who).orders[0].public_id
            out["trainee"] = ws.trainees()[0].code
        checkpoint(path)
        conn = sqlite3.connect(str(path))
        try:
            out["items"][name] = conn.execute("SELECT count(*) FROM items").fetchone()[0]
        finally:
            conn.close()
        out["paths"][name] = str(path)
    cache.write_text(json.dumps(out, indent=1), encoding="utf-8")
    return out


def _collectivity(path: Path, ref: str) -> int:
    conn = sqlite3.connect(str(path))
    try:
        return int(conn.execute("SELECT collectivity_id FROM orders WHERE ref = ?",
                                (ref,)).fetchone()[0])
    finally:
        conn.close()


def _get(client: Any, url: str, headers: dict[str, str] | None = None) -> Any:
    response = client.get(url, headers=headers)
    if response.status_code != 200:
        raise RuntimeError(f"B9: GET {url} answered {response.status_code}")
    return response


def _ok(response: Any) -> int:
    """What an HTTP answer shows, as a count: one answer (its body is checked 200)."""
    return 1


def _reads(ws: Any, client: Any, db: dict[str, Any], name: str
           ) -> dict[str, tuple[str, Callable[[], Any], Callable[[Any], int]]]:
    """Each read on database ``name``: what it is, the call, and how much it shows."""
    ref, trainee = db["ref"], db["trainee"]
    token, public_id = db["tokens"][name], db["public_ids"][name]
    who = ws.authenticate(token)
    bearer = {"Authorization": f"Bearer {token}"}
    collectivity = _collectivity(Path(db["paths"][name]), ref)
    return {
        # Every order of the workshop: it shows more orders on the large database (the
        # past orders are other clients'); the next read shows the same on both.
        "orders": ("order list (`Workshop.orders()`)", ws.orders, len),
        # The order list paged in SQL, as the API reads it (newest first), a page as
        # long as the small database's whole list: both show the same number of orders.
        "orders-page": (f"order list, first page of {ORDERS_PAGE} "
                        "(`Workshop.orders(limit=)`)",
                        functools.partial(ws.orders, limit=ORDERS_PAGE), len),
        "orders-client": ("one collectivity's orders (`Workshop.orders(client)`)",
                          functools.partial(ws.orders, collectivity), len),
        "status": ("order status (`Workshop.status`)", functools.partial(ws.status, ref),
                   lambda s: int(s.items.total)),
        "client-orders": ("a client's orders (`Workshop.client_orders`)",
                          functools.partial(ws.client_orders, who),
                          lambda o: len(o.orders)),
        "client-order": ("a client's order (`Workshop.client_order`)",
                         functools.partial(ws.client_order, who, public_id),
                         lambda o: int(o.items.total)),
        "api-order": ("`GET /api/v1/client/orders/{id}` (JSON)",
                      functools.partial(_get, client, f"/api/v1/client/orders/{public_id}",
                                        bearer), _ok),
        "page": ("tracking page `/suivi/{token}`",
                 functools.partial(_get, client, f"/suivi/{token}"), _ok),
        "page-order": ("tracking page of the order",
                       functools.partial(_get, client, f"/suivi/{token}/commandes/{public_id}"),
                       _ok),
        "month-hours": (f"monthly hours of every trainee ({MONTH})",
                        functools.partial(ws.month_hours, MONTH), len),
        "trainee-month": (f"one trainee's month ({MONTH})",
                          functools.partial(ws.month_hours, MONTH, trainee=trainee), len),
        "items-page": (f"items list, first page ({ITEMS_PAGE})",
                       functools.partial(ws.items, ref, limit=ITEMS_PAGE), len),
        "skill-matrix": ("skill matrix", ws.skill_matrix, lambda m: len(m.rows)),
    }


def run(workdir: Path, items: int, factor: int, runs: int, warmup: int = 1) -> list[Result]:
    """Time every read on the small and the large database; one result per read."""
    from fastapi.testclient import TestClient

    from atelier_api.main import create_app
    from atelier_api.settings import ApiSettings

    db = databases(workdir, items, factor)
    calls: dict[str, Callable[[], object]] = {}
    shown: dict[str, int] = {}
    what: dict[str, str] = {}
    with contextlib.ExitStack() as stack:
        for name in ("small", "large"):
            url = sqlite_url(Path(db["paths"][name]))
            ws = stack.enter_context(open_workshop(url))
            app = create_app(ApiSettings(database_url=url, client_rate_per_minute=10**9))
            client = stack.enter_context(TestClient(app))
            for key, (label, call, size) in _reads(ws, client, db, name).items():
                shown[f"{key}_{name}"] = size(call())
                calls[f"{key}_{name}"] = call
                what[key] = label
        sides, reps = looped(calls)
        times = interleaved(sides, runs, warmup)
    med = {name: median(v) for name, v in times.items()}
    sizes = f"{db['items']['large']:,} vs {db['items']['small']:,} items"
    out = []
    for key, label in what.items():
        large, small = med[f"{key}_large"], med[f"{key}_small"]
        out.append(Result(
            id=f"B9-{key}", what=f"{label}, {sizes}", ours=large, limit=small,
            target=f"≤ {TARGET}×", passed=large / small <= TARGET,
            rows_ours=shown[f"{key}_large"], rows_limit=shown[f"{key}_small"], runs=runs,
            notes=(f"limit = the call on the small db; shows {shown[f'{key}_large']:,} vs "
                   f"{shown[f'{key}_small']:,}"),
            extra={"items": db["items"], "work_records_history": db["history"],
                   "reps_per_run": {k: reps[f"{key}_{k}"] for k in ("small", "large")},
                   "runs": {k: times[f"{key}_{k}"] for k in ("small", "large")}}))
    return out
