"""An ``Idempotency-Key`` holds across a server killed mid-burst (issue 9, point 5).

A real ``atelier serve`` takes a burst of order creations, each with its own key,
and is killed with SIGKILL while they are in flight: some were answered, some
committed with their answer lost, some never done. Started again, it is sent every
request again with its key: a request whose work was committed gets its stored
answer (never a second order), one that was not is done now, once. On SQLite and
on PostgreSQL.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from atelier import Workshop
from tests.conftest import open_workshop

pytestmark = pytest.mark.slow

#: Clients sending the burst at once, each at most this many requests (the kill comes
#: long before), and how many answers to wait for before killing.
CLIENTS = 6
EACH = 200
ANSWERED = 20
#: Requests sent on raw connections, committed, and their answer never read.
LOST = 5
#: Keys of those: after the burst's.
FIRST_LOST = CLIENTS * EACH


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def _server(db_url: str, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """``atelier serve`` on ``db_url``, once it answers; killed (if still alive) after."""
    port = _free_port()
    log = (tmp_path / f"serve-{port}.log").open("wb")
    env = {**os.environ, "ATELIER_DATABASE_URL": db_url}
    proc = subprocess.Popen([sys.executable, "-m", "atelier", "serve", "--port", str(port)],
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, (tmp_path / f"serve-{port}.log").read_text()
            time.sleep(0.1)
        yield proc, base
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        log.close()


def _purchase_orders(ws: Workshop) -> set[str | None]:
    return {ws.status(o.ref).purchase_order for o in ws.orders()}


def _send_unread(base: str, token: str, client_id: int, n: int) -> socket.socket:
    """POST order ``n`` with its key on a raw connection whose answer is never read."""
    host, port = base.removeprefix("http://").split(":")
    body = _order(client_id, n)
    sock = socket.create_connection((host, int(port)))
    sock.sendall(b"POST /api/v1/orders HTTP/1.1\r\nHost: " + host.encode()
                 + b"\r\nAuthorization: Bearer " + token.encode()
                 + f"\r\nIdempotency-Key: burst-{n}\r\nContent-Type: application/json"
                   f"\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body)
    return sock


def _order(client_id: int, n: int) -> bytes:
    """The body of order ``n``, byte for byte the same each time it is sent (the key is
    bound to the request's bytes)."""
    return json.dumps({"collectivity_id": client_id, "purchase_order": f"BC-{n}",
                       "lines": [{"service": "couvrage", "quantity": 1 + n % 5}]}).encode()


def test_a_request_committed_before_a_kill_is_replayed_never_done_twice(
        db_url: str, tmp_path: Path) -> None:
    ws: Workshop = open_workshop(db_url, actor="test")
    ws.init()
    token = ws.create_staff_token("burst", role="admin").token
    client_id = ws.add_collectivity("Médiathèque de Brest", kind="mediatheque")
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    answered: dict[int, str] = {}
    sent: set[int] = set(range(FIRST_LOST, FIRST_LOST + LOST))

    def burst(base: str, mine: range) -> None:
        with httpx.Client(base_url=base, timeout=30) as http:
            for n in mine:
                sent.add(n)
                try:
                    r = http.post("/api/v1/orders", content=_order(client_id, n),
                                  headers={**headers, "Idempotency-Key": f"burst-{n}"})
                except httpx.TransportError:
                    return  # the server is gone
                if r.status_code == 201:
                    answered[n] = r.json()["ref"]

    lost_orders = {f"BC-{n}" for n in range(FIRST_LOST, FIRST_LOST + LOST)}
    with _server(db_url, tmp_path) as (proc, base):
        threads = [threading.Thread(target=burst, args=(base, range(i * EACH, (i + 1) * EACH)))
                   for i in range(CLIENTS)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 60
        while len(answered) < ANSWERED and time.monotonic() < deadline:
            time.sleep(0.01)
        # Requests whose answer is surely lost: sent, committed, never read by the client.
        lost = [_send_unread(base, token, client_id, n)
                for n in range(FIRST_LOST, FIRST_LOST + LOST)]
        while not lost_orders <= _purchase_orders(ws):
            assert time.monotonic() < deadline
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        for t in threads:
            t.join()
        for sock in lost:
            sock.close()
    assert len(answered) >= ANSWERED and len(sent) < FIRST_LOST, "no burst under way"
    committed = [ws.status(o.ref).purchase_order for o in ws.orders()]
    assert len(set(committed)) == len(committed)  # no order twice, even before the retries

    replayed: dict[int, str] = {}
    done_now: dict[int, str] = {}
    with _server(db_url, tmp_path) as (_proc, base), httpx.Client(base_url=base,
                                                                    timeout=30) as http:
        for n in sorted(sent):
            r = http.post("/api/v1/orders", content=_order(client_id, n),
                          headers={**headers, "Idempotency-Key": f"burst-{n}"})
            assert r.status_code == 201, r.text
            (replayed if r.headers.get("idempotent-replayed") == "true" else done_now)[n] = (
                r.json()["ref"])

    # Committed before the kill (answered or not): the stored answer, the same order.
    assert {f"BC-{n}" for n in replayed} == set(committed)
    assert all(replayed[n] == ref for n, ref in answered.items())
    assert {f"BC-{n}" for n in replayed} >= lost_orders
    # Never done twice: one order per key, each created once.
    orders = ws.orders()
    assert len(orders) == len(sent)
    assert sorted(o.ref for o in orders) == sorted({**replayed, **done_now}.values())
    assert sum(1 for r in ws.audit(limit=10_000)
               if r.action == "order.create") == len(sent)
    ws.close()
