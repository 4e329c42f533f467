"""A collectivity's request costs one thread-pool hop and one transaction (issue 15).

The hops are counted where every one of them goes through, ``anyio.to_thread.run_sync``
(Starlette's ``run_in_threadpool`` for sync routes and dependencies, and the guards'
own calls); the transactions with SQLAlchemy's ``begin`` event on the workshop's
engine, on SQLite and on PostgreSQL. The old door made six hops (the token checked
first in a thread, then four sync dependencies and the route) and two transactions
(the token's, then the read's). And ``/api/v1/health`` answers from its last check
instead of reading the database on every call.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import anyio.to_thread
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from atelier import DatabaseUnusable, Workshop
from atelier_api.health import HealthCheck
from atelier_api.main import create_app
from atelier_api.settings import ApiSettings
from tests.api.client_flow import Flow, api_on, client_for, flow_on
from tests.api.conftest import bearer

JSON = "/api/v1/client"

flow = pytest.fixture(flow_on, name="flow")
api = pytest.fixture(api_on, name="api")



class Counts:
    """Thread-pool hops and database transactions seen while counting."""

    def __init__(self) -> None:
        self.hops = 0
        self.transactions = 0


@pytest.fixture
def counted(flow: Flow, monkeypatch: pytest.MonkeyPatch) -> Callable[[], Any]:
    """``with counted() as counts:`` counts the hops and transactions of what it wraps."""
    engine = flow.ws.units.engine  # type: ignore[attr-defined]
    real = anyio.to_thread.run_sync

    @contextlib.contextmanager
    def counting() -> Iterator[Counts]:
        counts = Counts()

        async def hop(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
            counts.hops += 1
            return await real(func, *args, **kwargs)

        def begin(_conn: Any) -> None:
            counts.transactions += 1

        monkeypatch.setattr(anyio.to_thread, "run_sync", hop)
        sa.event.listen(engine, "begin", begin)
        try:
            yield counts
        finally:
            sa.event.remove(engine, "begin", begin)
            monkeypatch.setattr(anyio.to_thread, "run_sync", real)

    return counting


def _urls(flow: Flow) -> list[tuple[str, dict[str, str]]]:
    public_id = flow.public_id(flow.a1)
    link = bearer(flow.token_a)
    return [(f"{JSON}/orders/{public_id}", link), (f"{JSON}/orders?limit=5", link),
            (f"{JSON}/deliveries/{flow.a1_delivery}/barcodes.txt", link),
            (f"/suivi/{flow.token_a}", {}),
            (f"/suivi/{flow.token_a}/commandes/{public_id}", {}),
            (f"/suivi/{flow.token_a}/livraisons/{flow.a1_delivery}.txt", {})]


def test_a_collectivity_request_is_one_hop_and_one_transaction(
        flow: Flow, api: TestClient, counted: Callable[[], Any]) -> None:
    for url, headers in _urls(flow):
        assert api.get(url, headers=headers).status_code == 200, url  # warm: pool, caches
        with counted() as counts:
            response = api.get(url, headers=headers)
        assert response.status_code == 200, (url, response.text[:200])
        assert (counts.hops, counts.transactions) == (1, 1), url


def test_a_refused_request_is_refused_in_its_one_transaction(
        flow: Flow, db_url: str, counted: Callable[[], Any]) -> None:
    public_id = flow.public_id(flow.a1)
    with client_for(flow, db_url, rate=1) as api:
        for token in ("atc_0123456789abcdef_" + "x" * 43, flow.token_b):
            with counted() as counts:
                answer = api.get(f"{JSON}/orders/{public_id}", headers=bearer(token))
            assert answer.status_code in (401, 404)
            assert (counts.hops, counts.transactions) == (1, 1)
        with counted() as counts:
            over = api.get(f"{JSON}/orders/{public_id}", headers=bearer(flow.token_b))
        assert over.status_code == 429 and over.headers["retry-after"]
        assert (counts.hops, counts.transactions) == (1, 1)


def test_the_token_still_comes_before_the_path_and_the_query(
        flow: Flow, db_url: str) -> None:
    """Authenticated in the route's transaction, a collectivity token is still judged
    before a path no route answers (404), a method no route takes (405) and a query
    that is not valid (422), and the rate before the query, as they were when the
    token was checked first."""
    forged = bearer("atc_0123456789abcdef_" + "x" * 43)
    staff = bearer(flow.ws.create_staff_token("Claire", role="admin").token)
    link = bearer(flow.token_a)
    with client_for(flow, db_url, rate=2) as api:
        for headers in (forged, staff):
            for url in (f"{JSON}/nowhere", f"{JSON}/orders?limit=0"):
                answer = api.get(url, headers=headers)
                assert (answer.status_code, answer.json()["code"]) == (
                    401 if headers is forged or url.endswith("limit=0") else 404,
                    "token_invalid" if headers is forged or url.endswith("limit=0")
                    else "not_found"), (url, answer.text)
        assert api.get(f"{JSON}/nowhere", headers=link).status_code == 404
        assert api.delete(f"{JSON}/orders", headers=forged).status_code == 401
        assert api.get(f"{JSON}/orders").json()["code"] == "token_missing"
        invalid = api.get(f"{JSON}/orders?limit=0", headers=link)
        assert (invalid.status_code, invalid.json()["code"]) == (422, "request_invalid")
        assert api.get(f"{JSON}/orders", headers=link).status_code == 200
        over = api.get(f"{JSON}/orders?limit=0", headers=link)  # the third in the minute
        assert over.status_code == 429 and over.headers["retry-after"]


def test_a_staff_read_makes_two_hops(flow: Flow, api: TestClient,
                                            counted: Callable[[], Any]) -> None:
    admin = bearer(flow.ws.create_staff_token("Claire", role="admin").token)
    assert api.get("/api/v1/orders", headers=admin).status_code == 200
    with counted() as counts:
        assert api.get("/api/v1/orders", headers=admin).status_code == 200
    # The token before the body (its own transaction), then the route: no dependency hops.
    assert counts.hops == 2


# -- health ------------------------------------------------------------------------------


def test_health_answers_from_its_last_check(flow: Flow, api: TestClient,
                                            counted: Callable[[], Any]) -> None:
    first = api.get("/api/v1/health")
    assert first.status_code == 200 and first.json()["status"] == "ok"
    with counted() as counts:
        for _ in range(5):
            again = api.get("/api/v1/health")
            assert again.json() == first.json()
    assert (counts.hops, counts.transactions) == (0, 0)
    assert again.headers["content-type"] == "application/json"
    assert again.json()["checked_at"].endswith("+00:00")


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class _Database:
    """A workshop's schema revision that answers once, then is gone (counting its calls)."""

    def __init__(self, ws: Workshop) -> None:
        self.ws = ws
        self.calls = 0

    def schema_revision(self) -> tuple[str | None, str]:
        self.calls += 1
        if self.calls > 1:
            raise DatabaseUnusable("the database is gone", code="database_unreachable")
        return self.ws.schema_revision()


def test_health_checks_again_once_its_check_is_old(tmp_path: Path) -> None:
    with Workshop.open(f"sqlite:///{tmp_path / 'atelier.db'}") as ws:
        ws.init()
        database, clock = _Database(ws), _Clock()
        check = HealthCheck(database, max_age=10, clock=clock)  # type: ignore[arg-type]
        check.check()
        assert anyio.run(check.answer).startswith(b'{"status":"ok"')
        clock.now = 9.5
        assert anyio.run(check.answer).startswith(b'{"status":"ok"')
        assert database.calls == 1
        clock.now = 10.5  # too old: checked again, and the database is gone
        with pytest.raises(DatabaseUnusable):
            anyio.run(check.answer)
        assert database.calls == 2


def test_health_of_a_database_that_cannot_serve_is_503(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("pas une base\n", encoding="utf-8")
    with TestClient(create_app(ApiSettings(database_url=str(path)))) as client:
        answer = client.get("/api/v1/health")
        assert answer.status_code == 503
        assert answer.json()["code"] == "database_not_sqlite"
        assert client.get("/api/v1/health").status_code == 503
