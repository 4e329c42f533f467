"""B3: a collectivity's order status over HTTP under load, against a bare endpoint.

Ours: ``GET /api/v1/client/orders/{public_id}`` of the real application
(``atelier_api.main:create_app``) served by uvicorn with one worker, pinned to
core 0; the order is a worked 500-item order (full size). Its collectivity
token is sent as ``Authorization: Bearer``; the rate limit is lifted for the
measure (``ATELIER_CLIENT_RATE``), since it exists to stop exactly this.

The limit: a bare Starlette endpoint, also one uvicorn worker on core 0,
replaying through the raw ``sqlite3`` driver the very statements our endpoint
sent for one request (captured from a real call: authentication included).

The load: ``bench.b3_load`` on core 1, 64 keep-alive connections for a fixed
time. Targets (PERFORMANCE.md): throughput ≥ 0.6× the limit's, p99 ≤ 30 ms, no
error. ``ours``/``limit`` are seconds per request at saturation (1/throughput),
so the ratio is ≤ 1.67 when the throughput target is met.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import (
    Result,
    capture_sql,
    checkpoint,
    copy_db,
    engine_of,
    median,
    percentile,
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
CONNECTIONS = 64


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


def _capture(path: Path, token: str, url_path: str) -> list[tuple[str, Any]]:
    """The statements one request of our endpoint sends (after a warm-up request)."""
    from fastapi.testclient import TestClient

    from atelier_api.main import create_app
    from atelier_api.settings import ApiSettings

    app = create_app(ApiSettings(database_url=sqlite_url(path), client_rate_per_minute=10**9))
    with TestClient(app) as client:
        headers = {"Authorization": f"Bearer {token}"}
        assert client.get(url_path, headers=headers).status_code == 200
        with capture_sql(engine_of(app.state.workshop)) as captured:
            assert client.get(url_path, headers=headers).status_code == 200
    statements = [(s, list(p) if isinstance(p, tuple | list) else p)
                  for call in captured.calls for s, p, _many in call
                  if not s.startswith(("BEGIN", "COMMIT", "ROLLBACK"))]
    return statements


def _serve(args: list[str], env: dict[str, str], port: int, probe: str) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(["taskset", "-c", "0", sys.executable, "-m", "uvicorn", *args,
                             "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
                             "--log-level", "warning", "--no-access-log"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    import httpx

    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}{probe}", timeout=2).status_code < 500:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"server on port {port} did not start: {proc.stderr.read()[:500]!r}"
                       if proc.stderr else "server did not start")


def _load(url: str, token: str, seconds: float) -> dict[str, Any]:
    out = subprocess.run(["taskset", "-c", "1", sys.executable, "-m", "bench.b3_load", url,
                          token, str(seconds), str(CONNECTIONS)],
                         capture_output=True, text=True, check=True, timeout=seconds + 120)
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def run(workdir: Path, items: int, seconds: float, runs: int) -> list[Result]:
    """Measure both servers ``runs`` times each, interleaved, after a warm-up."""
    path, token, public_id = _database(workdir, items)
    url_path = f"/api/v1/client/orders/{public_id}"
    sql_file = workdir / "b3-statements.json"
    statements = _capture(path, token, url_path)
    sql_file.write_text(json.dumps(statements), encoding="utf-8")
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("ATELIER_")}
    base_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path.cwd()),
                                                           base_env.get("PYTHONPATH")]))
    ours_port, limit_port = _free_port(), _free_port()
    ours = _serve(["atelier_api.main:create_app", "--factory"],
                  base_env | {"ATELIER_DATABASE_URL": sqlite_url(path),
                              "ATELIER_CLIENT_RATE": str(10**9)}, ours_port, "/api/v1/health")
    limit = _serve(["bench.b3_baseline:app"],
                   base_env | {"B3_SQL": str(sql_file), "B3_DB": str(path)}, limit_port,
                   "/status")
    samples: dict[str, list[dict[str, Any]]] = {"ours": [], "limit": []}
    try:
        targets = {"ours": f"http://127.0.0.1:{ours_port}{url_path}",
                   "limit": f"http://127.0.0.1:{limit_port}/status"}
        for url in targets.values():  # warm-up
            _load(url, token, min(2.0, seconds))
        for _ in range(runs):
            for side, url in targets.items():
                samples[side].append(_load(url, token, seconds))
    finally:
        for proc in (ours, limit):
            proc.terminate()
            proc.wait(timeout=30)

    def throughput(side: str) -> float:
        return median([s["requests"] / s["elapsed"] for s in samples[side]])

    def p99(side: str) -> float:
        return median([percentile(s["latencies_ms"], 99) for s in samples[side]
                       if s["latencies_ms"]])

    errors = sum(s["error_count"] for side in samples for s in samples[side])
    ours_rps, limit_rps = throughput("ours"), throughput("limit")
    ratio = ours_rps / limit_rps if limit_rps else 0.0
    passed = ratio >= THROUGHPUT_TARGET and p99("ours") <= P99_TARGET_MS and errors == 0
    return [Result(
        id="B3", what=f"client order status over HTTP, {CONNECTIONS} connections",
        ours=1 / ours_rps if ours_rps else None, limit=1 / limit_rps if limit_rps else None,
        target=f"throughput ≥ {THROUGHPUT_TARGET}×, p99 ≤ {P99_TARGET_MS:.0f} ms, 0 errors",
        passed=passed, unit="s", rows_ours=sum(s["requests"] for s in samples["ours"]),
        rows_limit=sum(s["requests"] for s in samples["limit"]), runs=runs,
        notes=(f"throughput {ours_rps:.0f}/s vs {limit_rps:.0f}/s ({ratio:.2f}×); "
               f"p99 {p99('ours'):.1f} ms (limit {p99('limit'):.1f}); errors {errors}; "
               f"{len(statements)} statements/request"),
        extra={"throughput_ours": ours_rps, "throughput_limit": limit_rps,
               "throughput_ratio": ratio, "p99_ours_ms": p99("ours"),
               "p99_limit_ms": p99("limit"), "errors": errors,
               "statements": len(statements)})]
