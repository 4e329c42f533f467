"""A database that cannot serve is the server's trouble: 503 problem+json naming the
cause, never a 500 nor a traceback, and documented in the OpenAPI schema."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from atelier import Workshop
from atelier_api.main import create_app
from atelier_api.settings import ApiSettings
from tests.api.conftest import PUBLIC_URL, bearer


def _client(url: str) -> TestClient:
    return TestClient(create_app(ApiSettings(database_url=url, public_url=PUBLIC_URL)),
                      raise_server_exceptions=True)


def test_a_file_that_is_not_a_database_gives_503(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("pas une base\n", encoding="utf-8")
    with _client(str(path)) as client:
        answer = client.get("/api/v1/orders", headers=bearer("x" * 43))
    assert answer.status_code == 503
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["code"] == "database_not_sqlite"


def test_an_unreachable_server_gives_503() -> None:
    with _client("postgresql://postgres@127.0.0.1:1/atelier") as client:
        answer = client.get("/api/v1/orders", headers=bearer("x" * 43))
    assert answer.status_code == 503
    assert answer.json()["code"] == "database_unreachable"


def test_a_busy_database_gives_503_with_retry_after(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "atelier.db"
    with Workshop.open(str(path)) as ws:
        ws.init()
        token = ws.create_staff_token("poste", role="supervisor").token
    monkeypatch.setenv("ATELIER_LOCK_TIMEOUT", "0.5")
    held = threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        held.set()
        time.sleep(1.5)
        conn.execute("ROLLBACK")

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait()
    try:
        with _client(str(path)) as client:
            answer = client.post("/api/v1/collectivities", headers=bearer(token),
                                 json={"name": "Médiathèque", "kind": "mediatheque"})
    finally:
        holder.join()
    assert answer.status_code == 503, answer.text
    assert answer.json()["code"] == "database_busy"
    assert answer.headers["retry-after"] == "5"


def test_the_schema_lists_503() -> None:
    with _client("sqlite:///:memory:") as client:
        schema = client.get("/openapi.json").json()
    assert "503" in schema["paths"]["/api/v1/orders"]["get"]["responses"]
