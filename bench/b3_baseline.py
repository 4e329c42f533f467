"""The limit of B3: a bare Starlette endpoint doing the same SQL with the raw driver.

``B3_SQL`` names a JSON file of the statements (and parameters) our endpoint
sent to the database for one request, captured from a real call; ``B3_DB``
the SQLite file. Each request replays them on a kept ``sqlite3`` connection (one per server thread)
(fetching every row, as our path does) and answers the last result as JSON.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

_STATEMENTS: list[tuple[str, Any]] = [
    (s, p) for s, p in json.loads(Path(os.environ["B3_SQL"]).read_text(encoding="utf-8"))]
_LOCAL = threading.local()


def _conn() -> sqlite3.Connection:
    """One kept connection per server thread (a sqlite3 connection is not shared)."""
    conn: sqlite3.Connection | None = getattr(_LOCAL, "conn", None)
    if conn is None:
        conn = sqlite3.connect(os.environ["B3_DB"], isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        _LOCAL.conn = conn
    return conn


def _status(_request: Request) -> JSONResponse:
    rows: list[Any] = []
    cur = _conn().cursor()
    cur.execute("BEGIN")
    for statement, params in _STATEMENTS:
        cur.execute(statement, params)
        if cur.description is not None:
            rows = cur.fetchall()
    cur.execute("ROLLBACK")
    return JSONResponse({"rows": [list(r) for r in rows]})


app = Starlette(routes=[Route("/status", _status)])
