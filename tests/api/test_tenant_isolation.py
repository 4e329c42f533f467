"""RELIABILITY 7, tenant isolation: with collectivity A's link, every probe of B's orders,
deliveries and pages answers 404 exactly as an id that does not exist; a link limited to
one order sees no other; a revoked or expired link is refused (401 JSON, 404 page); the
identifiers in URLs are unguessable; no client JSON carries a staff-only field."""

from __future__ import annotations

import itertools
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from atelier_api.main import create_app
from atelier_api.settings import ApiSettings
from tests.api.client_flow import Flow, build_flow

#: Use cases through ``Workshop``: in memory, and on both databases in the slow run.
pytestmark = pytest.mark.service

JSON = "/api/v1/client"

#: Every key a collectivity's JSON may hold (whatever the nesting). Anything else — a
#: trainee, a post, a supervisor, a checker, minutes worked, a price, a version, a database
#: id, a staff note — fails the test.
ALLOWED_KEYS = {
    # the list
    "collectivity", "items", "total", "limit", "offset",
    # an order
    "public_id", "ref", "status", "status_label", "created_on", "due_date", "purchase_order",
    "percent", "services", "deliveries", "expected_on", "estimate", "never_received",
    # custody counts
    "expected", "received", "in_workshop", "ready", "returned", "missing", "refused",
    # a service line
    "line", "service", "name", "format", "format_name", "quantity", "items_done",
    # a delivery
    "number", "delivered_on", "barcodes_url",
    # the estimate
    "basis", "method_fr", "method_en", "order_items", "ahead_items", "working_days",
}
PROBLEM_KEYS = {"type", "code", "title", "status", "detail", "params", "what", "key",
                "problems", "field", "reason", "line", "value"}


@pytest.fixture
def flow(db_url: str, tmp_path: Path) -> Iterator[Flow]:
    built = build_flow(db_url, tmp_path)
    yield built
    built.ws.close()


@pytest.fixture
def api(flow: Flow, db_url: str) -> Iterator[TestClient]:
    app = create_app(ApiSettings(database_url=db_url, client_rate_per_minute=10_000),
                     workshop=flow.ws.acting_as("api", door="api"))
    with TestClient(app) as client:
        yield client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        found = set(value)
        for inner in value.values():
            found |= _keys(inner)
        return found
    if isinstance(value, list):
        return set().union(*(_keys(v) for v in value)) if value else set()
    return set()


def _json_404(api: TestClient, url: str, token: str) -> dict[str, Any]:
    response = api.get(url, headers=bearer(token))
    assert response.status_code == 404, (url, response.text)
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    return body


def test_another_clients_order_is_not_found_like_a_random_id(flow: Flow,
                                                             api: TestClient) -> None:
    theirs = flow.public_id(flow.b1)
    random_id = secrets.token_hex(16)
    probe = _json_404(api, f"{JSON}/orders/{theirs}", flow.token_a)
    unknown = _json_404(api, f"{JSON}/orders/{random_id}", flow.token_a)
    assert probe["code"] == unknown["code"] == "order_not_found"
    assert set(probe) == set(unknown)
    assert probe["title"].replace(theirs, "X") == unknown["title"].replace(random_id, "X")
    # The order's ref (a guessable sequence) is no way in either.
    for key in (flow.b1, "1", "0", str(flow.client_b), f"{theirs}%0A", theirs.upper(),
                "%00", "x" * 500):
        _json_404(api, f"{JSON}/orders/{key}", flow.token_a)
    # And B's order is not in A's list.
    listed = api.get(f"{JSON}/orders", headers=bearer(flow.token_a)).json()
    assert theirs not in {o["public_id"] for o in listed["items"]}
    assert flow.b1 not in {o["ref"] for o in listed["items"]}


def test_another_clients_delivery_is_not_found(flow: Flow, api: TestClient) -> None:
    probe = _json_404(api, f"{JSON}/deliveries/{flow.b1_delivery}/barcodes.txt", flow.token_a)
    unknown = _json_404(api, f"{JSON}/deliveries/BL-2026-9999/barcodes.txt", flow.token_a)
    assert probe["code"] == unknown["code"] == "delivery_not_found"
    for number in (f"{flow.b1_delivery}%0A", "%00", "BL%20x", "x" * 500):
        _json_404(api, f"{JSON}/deliveries/{number}/barcodes.txt", flow.token_a)
    # B itself reads it.
    own = api.get(f"{JSON}/deliveries/{flow.b1_delivery}/barcodes.txt",
                  headers=bearer(flow.token_b))
    assert own.status_code == 200 and own.text.splitlines() == list(flow.b1_delivered)


def test_another_clients_pages_are_the_same_not_found_page(flow: Flow,
                                                           api: TestClient) -> None:
    baseline = api.get(f"/suivi/{flow.token_a}/commandes/{secrets.token_hex(16)}")
    assert baseline.status_code == 404
    for url in (f"/suivi/{flow.token_a}/commandes/{flow.public_id(flow.b1)}",
                f"/suivi/{flow.token_a}/livraisons/{flow.b1_delivery}.txt",
                f"/suivi/{flow.token_a}/livraisons/BL-2026-9999.txt",
                f"/suivi/{flow.token_a}/commandes/{flow.b1}"):
        response = api.get(url)
        assert response.status_code == 404, url
        assert response.text == baseline.text, url
    home = api.get(f"/suivi/{flow.token_a}").text
    assert flow.public_id(flow.b1) not in home and flow.b1 not in home


def test_a_link_limited_to_one_order_sees_no_other(flow: Flow, api: TestClient) -> None:
    listed = api.get(f"{JSON}/orders", headers=bearer(flow.token_a1)).json()
    assert [o["ref"] for o in listed["items"]] == [flow.a1] and listed["total"] == 1
    ok = api.get(f"{JSON}/orders/{flow.public_id(flow.a1)}", headers=bearer(flow.token_a1))
    assert ok.status_code == 200
    for ref in (flow.a2, flow.a3, flow.b1):
        _json_404(api, f"{JSON}/orders/{flow.public_id(ref)}", flow.token_a1)
        page = api.get(f"/suivi/{flow.token_a1}/commandes/{flow.public_id(ref)}")
        assert page.status_code == 404
    _json_404(api, f"{JSON}/deliveries/{flow.b1_delivery}/barcodes.txt", flow.token_a1)
    own = api.get(f"/suivi/{flow.token_a1}/livraisons/{flow.a1_delivery}.txt")
    assert own.status_code == 200 and own.text.splitlines() == list(flow.a1_delivered)
    home = api.get(f"/suivi/{flow.token_a1}").text
    assert flow.a1 in home and flow.a2 not in home and flow.a3 not in home


def test_a_revoked_or_expired_link_is_refused(flow: Flow, api: TestClient) -> None:
    revoked = flow.ws.create_collectivity_token(flow.client_a)
    expiring = flow.ws.create_collectivity_token(flow.client_a, expires_days=1)
    for issued in (revoked, expiring):
        assert api.get(f"{JSON}/orders", headers=bearer(issued.token)).status_code == 200
        assert api.get(f"/suivi/{issued.token}").status_code == 200
    flow.ws.revoke_token(revoked.view.id)
    flow.clock.advance(days=2)
    public_id = flow.public_id(flow.a1)
    for token in (revoked.token, expiring.token, flow.token_a + "x", "atc_0_0"):
        for url in (f"{JSON}/orders", f"{JSON}/orders/{public_id}",
                    f"{JSON}/deliveries/{flow.a1_delivery}/barcodes.txt"):
            response = api.get(url, headers=bearer(token))
            assert response.status_code == 401, (token, url)
            assert response.headers["content-type"].startswith("application/problem+json")
            assert response.json()["code"] == "token_invalid"
        for url in (f"/suivi/{token}", f"/suivi/{token}/commandes/{public_id}",
                    f"/suivi/{token}/livraisons/{flow.a1_delivery}.txt"):
            page = api.get(url)
            assert page.status_code == 404, (token, url)
            assert "Page introuvable" in page.text


def test_public_ids_are_unguessable(flow: Flow, api: TestClient) -> None:
    ids = []
    for token in (flow.token_a, flow.token_b):
        for order in api.get(f"{JSON}/orders", headers=bearer(token)).json()["items"]:
            assert re.fullmatch(r"[0-9a-f]{32}", order["public_id"])
            ids.append(int(order["public_id"], 16))
    assert len(set(ids)) == 4
    # Not a sequence: no two ids are close to each other.
    ids.sort()
    assert min(b - a for a, b in itertools.pairwise(ids)) > 2 ** 64
    # The page links name orders by public id only.
    home = api.get(f"/suivi/{flow.token_a}").text
    links = re.findall(r'href="(/suivi/[^"]+)"', home)
    assert links and all(re.search(r"/commandes/[0-9a-f]{32}$", link) for link in links)


def test_no_staff_only_field_in_any_client_json(flow: Flow, api: TestClient) -> None:
    seen: set[str] = set()
    for token in (flow.token_a, flow.token_b, flow.token_a1):
        listed = api.get(f"{JSON}/orders", headers=bearer(token))
        assert listed.status_code == 200
        seen |= _keys(listed.json())
        for order in listed.json()["items"]:
            detail = api.get(f"{JSON}/orders/{order['public_id']}", headers=bearer(token))
            assert detail.status_code == 200
            seen |= _keys(detail.json())
    assert seen <= ALLOWED_KEYS, seen - ALLOWED_KEYS
    # Every field of the model was seen (the allow-list is not stale).
    assert seen >= ALLOWED_KEYS, ALLOWED_KEYS - seen
    problem = _json_404(api, f"{JSON}/orders/{flow.public_id(flow.b1)}", flow.token_a)
    assert _keys(problem) <= PROBLEM_KEYS, _keys(problem) - PROBLEM_KEYS


def test_a_client_link_cannot_reach_the_staff_api(flow: Flow, api: TestClient) -> None:
    response = api.get("/api/v1/me", headers=bearer(flow.token_a))
    assert response.status_code == 200
    assert response.json()["kind"] == "collectivity"
    staff = api.get(f"/api/v1/orders/{flow.b1}", headers=bearer(flow.token_a))
    assert staff.status_code in (403, 404)  # 403 staff_only once the staff routes exist
