"""B3: a collectivity's order status over HTTP under load, against a bare endpoint.

Ours: ``GET /api/v1/client/orders/{public_id}`` of the real application
(``atelier_api.main:create_app``) served by uvicorn with one worker, pinned to
core 0; the order is a worked 500-item order (full size). Its collectivity
token is sent as ``Authorization: Bearer``; the rate limit is lifted for the
measure (``ATELIER_CLIENT_RATE``), since it exists to stop exactly this.

The limit: a bare Starlette endpoint, also one uvicorn worker on core 0,
replaying through the raw ``sqlite3`` driver the very statements our endpoint
sent for one request (captured from a real call: authentication included).

The load: ``wrk`` (Debian's C load generator, :mod:`bench.b3_load`) on core 1,
one thread, at 8 then 64 keep-alive connections, each side in turn. Targets
(PERFORMANCE.md): throughput ≥ 0.6× the limit's at 8 and at 64 connections,
p99 ≤ 30 ms at 8, no error (socket error or answer over 399). ``ours``/``limit``
are seconds per request at 64 connections (1/throughput), so that ratio is
≤ 1.67 when the throughput target is met there; the notes give both counts.
The loader's CPU (and the server's) is printed beside the figures: a loader
whose core is full measures itself, not the server. Without ``wrk`` the
benchmark is skipped, saying why.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.b3_load import Load, missing_reason, pinned, run_wrk
from bench.common import (
    Result,
    capture_sql,
    checkpoint,
    copy_db,
    engine_of,
    median,
    sqlite_url,
)
from bench.fixtures import (
    add_client,
    initialised_template,
    open_workshop,
    order_lines,
    work_in_progress,
)

THROUGHPUT_TARGET = 0.6
P99_TARGET_MS = 30.0
#: Connection counts measured; the p99 target is judged at the first.
CONNECTIONS = (8, 64)
#: Over this share of its core, the loader is the bottleneck and the figures say so.
LOADER_SATURATED = 0.9
SERVER_CORE, LOADER_CORE = 0, 1
TARGET = (f"throughput ≥ {THROUGHPUT_TARGET}× at {' and '.join(map(str, CONNECTIONS))} "
          f"connections, p99 ≤ {P99_TARGET_MS:.0f} ms at {CONNECTIONS[0]}, 0 errors")
WHAT = f"client order status over HTTP (wrk, {' and '.join(map(str, CONNECTIONS))} connections)"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _database(workdir: Path, items: int) -> tuple[Path, str, str]:
    """A database with one worked order; ``(path, token, order public id)``."""
    path = copy_db(initialised_template(workdir), workdir / "b3.db")
    with open_workshop(sqlite_url(path)) as ws:
        client = add_client(ws)
        ref = ws.create_order(client, order_lines(items), accepted=True)
        ws.add_placeholders(ref)
        codes = [it.barcode for it in ws.items(ref)]
        work_in_progress(ws, ref, codes)
        issued = ws.create_collectivity_token(client)
        who = ws.authenticate(issued.token)
        public_id = ws.client_orders(who).orders[0].public_id
    checkpoint(path)
    return path, issued.token, public_id


def _capture(path: Path, token: str, url_path: str) -> tuple[list[tuple[str, Any]], int]:
    """The statements one request of our endpoint sends (after a warm-up request), and
    how many transactions it opened."""
    from fastapi.testclient import TestClient

    from atelier_api.main import create_app
    from atelier_api.settings import ApiSettings

    app = create_app(ApiSettings(database_url=sqlite_url(path), client_rate_per_minute=10**9))
    with TestClient(app) as client:
        headers = {"Authorization": f"Bearer {token}"}
        assert client.get(url_path, headers=headers).status_code == 200
        with capture_sql(engine_of(app.state.workshop)) as captured:
            assert client.get(url_path, headers=headers).status_code == 200
    sent = [(s, p) for call in captured.calls for s, p, _many in call]
    transactions = sum(1 for s, _p in sent if s.startswith("BEGIN"))
    statements = [(s, list(p) if isinstance(p, tuple | list) else p) for s, p in sent
                  if not s.startswith(("BEGIN", "COMMIT", "ROLLBACK"))]
    return statements, transactions


def _serve(args: list[str], env: dict[str, str], port: int, probe: str) -> subprocess.Popen[bytes]:
    argv = [sys.executable, "-m", "uvicorn", *args, "--host", "127.0.0.1", "--port", str(port),
            "--workers", "1", "--log-level", "warning", "--no-access-log"]
    # taskset execs the server: the process id is the server's (its CPU is read by pid).
    proc = subprocess.Popen(pinned(SERVER_CORE, argv), env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    import httpx

    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}{probe}", timeout=2).status_code < 500:
                return proc
        except httpx.HTTPError:
            if proc.poll() is not None:
                break
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"server on port {port} did not start: {proc.stderr.read()[:500]!r}"
                       if proc.stderr else "server did not start")


def _share(value: float | None) -> str:
    return "?" if value is None else f"{value:.0%}"


def skipped(reason: str) -> Result:
    """The line of a B3 that could not run here, saying why."""
    return Result(id="B3", what=WHAT, ours=None, limit=None, target=TARGET, passed=None,
                  skipped=reason)


def run(workdir: Path, items: int, seconds: float, runs: int) -> list[Result]:
    """Measure both servers ``runs`` times at each connection count, interleaved (ours,
    then the limit), after a warm-up; skipped, saying why, without ``wrk``."""
    reason = missing_reason()
    if reason is not None:
        return [skipped(reason)]
    path, token, public_id = _database(workdir, items)
    url_path = f"/api/v1/client/orders/{public_id}"
    sql_file = workdir / "b3-statements.json"
    statements, transactions = _capture(path, token, url_path)
    sql_file.write_text(json.dumps(statements), encoding="utf-8")
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("ATELIER_")}
    base_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path.cwd()),
                                                           base_env.get("PYTHONPATH")]))
    ours_port, limit_port = _free_port(), _free_port()
    ours = _serve(["atelier_api.main:create_app", "--factory"],
                  base_env | {"ATELIER_DATABASE_URL": sqlite_url(path),
                              "ATELIER_CLIENT_RATE": str(10**9)}, ours_port, "/api/v1/health")
    try:
        limit = _serve(["bench.b3_baseline:app"],
                       base_env | {"B3_SQL": str(sql_file), "B3_DB": str(path)}, limit_port,
                       "/status")
    except BaseException:
        ours.kill()
        ours.wait(timeout=30)
        raise
    servers = {"ours": ours, "limit": limit}
    targets = {"ours": f"http://127.0.0.1:{ours_port}{url_path}",
               "limit": f"http://127.0.0.1:{limit_port}/status"}
    headers = {"Authorization": f"Bearer {token}"}
    samples: dict[tuple[str, int], list[Load]] = {
        (side, c): [] for side in targets for c in CONNECTIONS}
    try:
        for side, url in targets.items():  # warm-up: the connections, the caches, the pool
            run_wrk(url, headers, 1, CONNECTIONS[-1], core=LOADER_CORE,
                    server_pid=servers[side].pid)
        for _ in range(runs):
            for connections in CONNECTIONS:
                for side, url in targets.items():
                    samples[side, connections].append(run_wrk(
                        url, headers, seconds, connections, core=LOADER_CORE,
                        server_pid=servers[side].pid))
    finally:
        for proc in servers.values():
            proc.terminate()
            proc.wait(timeout=30)
    return [_result(samples, runs, len(statements), transactions)]


def _result(samples: dict[tuple[str, int], list[Load]], runs: int, statements: int,
            transactions: int) -> Result:
    """The one line of B3 from the runs of both sides at every connection count."""

    def rps(side: str, c: int) -> float:
        return median([s.throughput for s in samples[side, c]])

    def p99(side: str, c: int) -> float:
        return median([s.p99_ms for s in samples[side, c]])

    def loader(side: str, c: int) -> float:
        return max(s.loader_core_share for s in samples[side, c])

    def server(side: str, c: int) -> float | None:
        shares = [s.server_core_share for s in samples[side, c]]
        known = [v for v in shares if v is not None]
        return median(known) if known else None

    every = [s for found in samples.values() for s in found]
    errors = sum(s.errors for s in every)
    by_connections: dict[str, dict[str, Any]] = {}
    parts = []
    for c in CONNECTIONS:
        ours_rps, limit_rps = rps("ours", c), rps("limit", c)
        ratio = ours_rps / limit_rps if limit_rps else 0.0
        by_connections[str(c)] = {
            "throughput_ours": ours_rps, "throughput_limit": limit_rps,
            "throughput_ratio": ratio, "p99_ours_ms": p99("ours", c),
            "p99_limit_ms": p99("limit", c),
            "p50_ours_ms": median([s.percentiles_ms[50] for s in samples["ours", c]]),
            "loader_core_ours": loader("ours", c), "loader_core_limit": loader("limit", c),
            "server_core_ours": server("ours", c), "server_core_limit": server("limit", c),
            "errors": sum(s.errors for side in ("ours", "limit") for s in samples[side, c]),
            "error_detail": sorted({s.error_detail for side in ("ours", "limit")
                                    for s in samples[side, c] if s.errors})}
        parts.append(f"{c} conn: {ours_rps:.0f}/s vs {limit_rps:.0f}/s ({ratio:.2f}×), "
                     f"p99 {p99('ours', c):.1f} ms (limit {p99('limit', c):.1f})")
    ratios = [by_connections[str(c)]["throughput_ratio"] for c in CONNECTIONS]
    first = by_connections[str(CONNECTIONS[0])]
    last = by_connections[str(CONNECTIONS[-1])]
    loader_max = max(s.loader_core_share for s in every)
    server_ours = [v for c in CONNECTIONS if (v := server("ours", c)) is not None]
    passed = (min(ratios) >= THROUGHPUT_TARGET and first["p99_ours_ms"] <= P99_TARGET_MS
              and errors == 0)
    saturated = (" — LOADER SATURATED, figures are the loader's"
                 if loader_max > LOADER_SATURATED else "")
    cpu = (f"loader (wrk) CPU ≤ {_share(loader_max)} of its core{saturated}"
           f", our server {_share(min(server_ours) if server_ours else None)}"
           f"–{_share(max(server_ours) if server_ours else None)}")
    pinning = ("server on core 0, wrk on core 1" if shutil.which("taskset")
               and (os.cpu_count() or 1) >= 2 else "not pinned (no taskset or one core)")
    notes = (f"{'; '.join(parts)}; errors {errors}; {cpu}; {pinning}; "
             f"{statements} statements and {transactions} transaction(s)/request")
    ours_rps, limit_rps = last["throughput_ours"], last["throughput_limit"]
    return Result(
        id="B3", what=WHAT,
        ours=1 / ours_rps if ours_rps else None, limit=1 / limit_rps if limit_rps else None,
        target=TARGET, passed=passed, unit="s",
        rows_ours=sum(s.requests for (side, _c), found in samples.items() if side == "ours"
                      for s in found),
        rows_limit=sum(s.requests for (side, _c), found in samples.items() if side == "limit"
                       for s in found),
        runs=runs, notes=notes,
        extra={"throughput_ours": ours_rps, "throughput_limit": limit_rps,
               "throughput_ratio": last["throughput_ratio"],
               "p99_ours_ms": first["p99_ours_ms"], "p99_limit_ms": first["p99_limit_ms"],
               "errors": errors, "statements": statements, "transactions": transactions,
               "loader": "wrk", "loader_core_max": loader_max,
               "by_connections": by_connections})
