"""What the HTTP door enforces around the routes (issue 9, points 5 and 6): an
``Idempotency-Key`` that holds under concurrency, is refused malformed and replays a
refusal as a problem; the body's size limit and the token checked before the body
is read; no cache of personal data; no redirect built from ``Host``; the OpenAPI
document saying all of it; no oracle of the key ids; absence reasons only for those
who may read them.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient

from atelier import Workshop
from atelier_api.main import create_app
from atelier_api.settings import ApiSettings
from tests.api.conftest import PROBLEM_JSON, PUBLIC_URL, Caller, bearer

#: Use cases through ``Workshop``: in memory, and on both databases in the slow run.
pytestmark = pytest.mark.service


def _order(client_id: int, quantity: int = 3) -> dict[str, Any]:
    return {"collectivity_id": client_id, "lines": [{"service": "couvrage",
                                                     "quantity": quantity}]}


# -- point 5: idempotency ------------------------------------------------------------------


@pytest.mark.database
def test_twenty_concurrent_posts_with_one_key_create_one_order(
        api: TestClient, api_workshop: Workshop, admin_token: str) -> None:
    client = api_workshop.add_collectivity("Médiathèque de Brest", kind="mediatheque")
    headers = {**bearer(admin_token), "Idempotency-Key": "one-for-twenty"}

    def post(_: int) -> tuple[int, str | None, dict[str, Any]]:
        r = api.post("/api/v1/orders", json=_order(client), headers=headers)
        return r.status_code, r.headers.get("idempotent-replayed"), r.json()

    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(post, range(20)))
    assert len(api_workshop.orders()) == 1
    ref = api_workshop.orders()[0].ref
    firsts = [a for a in answers if a[0] == 201 and a[1] is None]
    assert len(firsts) == 1 and firsts[0][2]["ref"] == ref
    for status, replayed, body in answers:
        assert (status == 201 and body["ref"] == ref) or (
            status == 409 and body["code"] == "idempotency_in_progress"), (status, body)
        assert status != 201 or body is firsts[0][2] or replayed == "true"
    assert sum(1 for r in api_workshop.audit(limit=1000) if r.action == "order.create") == 1


@pytest.mark.parametrize("key", ["", " ", "k" * 256])
def test_a_malformed_key_is_refused_before_anything_runs(
        api: TestClient, api_workshop: Workshop, admin_token: str, key: str) -> None:
    client = api_workshop.add_collectivity("Médiathèque de Brest", kind="mediatheque")
    refused = api.post("/api/v1/orders", json=_order(client),
                       headers={**bearer(admin_token), "Idempotency-Key": key})
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith(PROBLEM_JSON)
    assert refused.json()["code"] == "idempotency_key_invalid"
    assert api_workshop.orders() == []


def test_a_replayed_refusal_keeps_its_problem_media_type(
        api: TestClient, api_workshop: Workshop, admin_token: str) -> None:
    headers = {**bearer(admin_token), "Idempotency-Key": "nobody"}
    first = api.post("/api/v1/orders", json=_order(999), headers=headers)
    again = api.post("/api/v1/orders", json=_order(999), headers=headers)
    assert first.status_code == again.status_code == 404
    assert again.headers["idempotent-replayed"] == "true"
    assert first.headers["content-type"] == again.headers["content-type"] == PROBLEM_JSON
    assert again.content == first.content


# -- point 6: limits -------------------------------------------------------------------------


@pytest.fixture
def small(api_workshop: Workshop, db_url: str) -> Iterator[TestClient]:
    """The application with a body limit of 2,000 bytes."""
    app = create_app(ApiSettings(database_url=db_url, public_url=PUBLIC_URL,
                                 max_body_bytes=2000), workshop=api_workshop)
    with TestClient(app) as client:
        yield client


def test_a_body_over_the_limit_is_refused_413_before_it_is_parsed(
        small: TestClient, api_workshop: Workshop, admin_token: str) -> None:
    client = api_workshop.add_collectivity("Médiathèque de Brest", kind="mediatheque")
    big = {**_order(client), "purchase_order": "x" * 3000}
    declared = small.post("/api/v1/orders", json=big, headers=bearer(admin_token))

    def chunks() -> Iterator[bytes]:
        yield b'{"collectivity_id": 1, "purchase_order": "'
        for _ in range(10):
            yield b"y" * 500
        yield b'"}'

    streamed = small.post("/api/v1/orders", content=chunks(),
                          headers={**bearer(admin_token), "Content-Type": "application/json"})
    for refused in (declared, streamed):
        assert refused.status_code == 413, refused.text
        assert refused.headers["content-type"].startswith(PROBLEM_JSON)
        assert refused.json()["code"] == "request_too_large"
    assert small.post("/api/v1/orders", json=_order(client),
                      headers=bearer(admin_token)).status_code == 201
    assert len(api_workshop.orders()) == 1


def _asgi(app: Any, scope: dict[str, Any], body: bytes) -> tuple[int, int]:
    """Send one request straight to the ASGI app: ``(status, body messages it read)``."""
    reads = 0
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal reads
        reads += 1
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    asyncio.run(app(scope, receive, send))
    return status, reads


@pytest.mark.parametrize("authorization", [None, b"Bearer ats_0123456789abcdef_" + b"x" * 40])
def test_the_token_is_checked_before_the_body_is_read(
        api: TestClient, authorization: bytes | None) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", b"100000")]
    if authorization is not None:
        headers.append((b"authorization", authorization))
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "POST", "scheme": "http", "path": "/api/v1/orders",
             "raw_path": b"/api/v1/orders", "root_path": "", "query_string": b"",
             "headers": headers, "client": ("127.0.0.1", 1), "server": ("testserver", 80)}
    status, reads = _asgi(api.app, scope, b"{" + b" " * 99_998 + b"}")
    assert (status, reads) == (401, 0)


def test_staff_answers_are_never_cached(admin: Caller, api: TestClient) -> None:
    for path in ("/api/v1/me", "/api/v1/trainees", "/api/v1/orders/CMD-2026-0999",
                 "/api/v1/tokens"):
        response = api.get(path, headers=admin.headers)
        assert response.headers["cache-control"] == "no-store", path
    assert api.get("/api/v1/trainees").headers["cache-control"] == "no-store"  # 401 too


def test_a_trailing_slash_never_redirects_to_the_host_header(
        api: TestClient, api_workshop: Workshop, admin_token: str) -> None:
    moved = api.get("/api/v1/orders/?limit=5", follow_redirects=False,
                    headers={**bearer(admin_token), "Host": "evil.example"})
    assert moved.status_code == 308
    assert moved.headers["location"] == "/api/v1/orders?limit=5"  # relative: no host
    twice = api.get("//evil.example/", follow_redirects=False, headers=bearer(admin_token))
    assert not twice.headers.get("location", "/").startswith("//")
    client = api_workshop.add_collectivity("Médiathèque de Brest", kind="mediatheque")
    made = api.post("/api/v1/orders/", json=_order(client), headers=bearer(admin_token),
                    follow_redirects=False)
    assert made.status_code == 201  # answered directly, not redirected
    assert len(api_workshop.orders()) == 1


def test_a_tracking_link_with_a_trailing_slash_opens_the_page(
        api: TestClient, api_workshop: Workshop, make_link: Callable[..., str]) -> None:
    client = api_workshop.add_collectivity("Médiathèque de Brest", kind="mediatheque")
    link = make_link(client)
    moved = api.get(f"/suivi/{link}/", follow_redirects=False)
    assert (moved.status_code, moved.headers["location"]) == (308, f"/suivi/{link}")
    page = api.get(f"/suivi/{link}/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")


# -- point 6: the OpenAPI document ------------------------------------------------------------


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def test_the_schema_says_what_the_server_enforces(api: TestClient) -> None:
    schema = api.get("/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, op in operations.items():
            if not path.startswith("/api/v1/") or path == "/api/v1/health":
                continue
            assert "401" in op["responses"], (method, path)
            if method == "post":
                assert {"409", "413", "422"} <= set(op["responses"]), (method, path)
                assert any(p["name"] == "Idempotency-Key" and p["in"] == "header"
                           and p["schema"]["maxLength"] == 255
                           for p in op.get("parameters", [])), path
    for node in _walk(schema):
        if node.get("type") == "integer":
            assert all(isinstance(node[k], int) for k in ("minimum", "maximum") if k in node)
    parts = schema["components"]["schemas"]
    day = parts["AttendanceIn"]["properties"]["day"]
    assert (day["formatMinimum"], day["formatMaximum"]) == ("1900-01-01", "2999-12-31")
    assert parts["TimeIn"]["properties"]["minutes"]["minimum"] == 1
    correction = parts["CorrectionIn"]["properties"]["minutes"]
    assert correction["not"] == {"const": 0}


# -- point 6: no oracle, no health or judicial data for a mere reader ------------------------


def test_a_role_that_may_not_revoke_keys_cannot_tell_a_key_id_from_nothing(
        api: TestClient, api_workshop: Workshop, as_role: Callable[[str], Caller]) -> None:
    key = api_workshop.create_staff_token("script", role="viewer").view.id
    unknown = "0123456789abcdef"
    for role in ("supervisor", "viewer", "counsellor"):
        caller = as_role(role)
        answers = [api.post(f"/api/v1/tokens/{token_id}/revoke", headers=caller.headers)
                   for token_id in (key, unknown)]
        shown = [(a.status_code, a.json()["code"], a.text.replace(i, "ID"))
                 for a, i in zip(answers, (key, unknown), strict=True)]
        assert shown[0] == shown[1], role
    assert [t.revoked_at for t in api_workshop.tokens() if t.id == key] == [None]


def test_a_reader_sees_absences_as_justified_unless_it_may_read_why(
        api: TestClient, api_workshop: Workshop, as_role: Callable[[str], Caller]) -> None:
    code = api_workshop.add_trainee(contract="cep", weekly_hours=24,
                                    start=dt.date(2026, 1, 5))
    for session, reason in (("am", "court"), ("pm", "lockdown")):
        api_workshop.record_attendance(code, dt.date(2026, 2, 16), session, present=False,
                                       reason=reason)
    api_workshop.record_attendance(code, dt.date(2026, 2, 17), "am", present=False,
                                   reason="sick")
    viewer, counsellor = as_role("viewer"), as_role("counsellor")
    seen = {s["reason"] for s in viewer.get("/attendance", params={"month": "2026-02"})["items"]}
    assert seen == {"justified", "lockdown"}
    known = {s["reason"] for s in counsellor.get("/attendance",
                                                 params={"month": "2026-02"})["items"]}
    assert known == {"court", "sick", "lockdown"}
    month = viewer.get("/hours/2026-02")["items"][0]["absences"]
    assert set(month) == {"justified", "lockdown"}
    assert month["justified"]["sessions"] == 2
    assert "court" not in repr(viewer.get("/audit", params={"limit": 100}))
    assert "sick" not in repr(viewer.get("/hours/2026-02/csv").text)
