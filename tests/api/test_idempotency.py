"""``Idempotency-Key`` on POST, with Stripe's semantics (issue 4, point 1).

The same key with the same request gets the stored response and acts once; the
same key with another request is refused (422 ``idempotency_key_reused``); without
a key, every request acts. Acts are counted in the audit log, which records each
one exactly once (RELIABILITY 12).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from atelier import Workshop
from tests.api.conftest import PROBLEM_JSON, bearer
from tests.conftest import Clock

#: Use cases through ``Workshop``: in memory, and on both databases in the slow run.
pytestmark = pytest.mark.service


def _order(client_id: int, quantity: int = 3) -> dict[str, Any]:
    return {"collectivity_id": client_id, "lines": [{"service": "couvrage",
                                                     "quantity": quantity}]}


def _acts(ws: Workshop, action: str) -> int:
    return sum(1 for r in ws.audit(limit=10_000) if r.action == action)


def test_same_key_and_body_replays_the_stored_response_and_acts_once(
        api: TestClient, api_workshop: Workshop, admin_token: str) -> None:
    client = api_workshop.add_collectivity("Médiathèque de Brest", kind="mediatheque")
    headers = {**bearer(admin_token), "Idempotency-Key": "commande-brest-1"}
    first = api.post("/api/v1/orders", json=_order(client), headers=headers)
    assert first.status_code == 201 and "idempotent-replayed" not in first.headers
    again = api.post("/api/v1/orders", json=_order(client), headers=headers)
    assert again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.content == first.content
    assert again.json()["ref"] == first.json()["ref"]
    assert _acts(api_workshop, "order.create") == 1
    assert [o.ref for o in api_workshop.orders()] == [first.json()["ref"]]


def test_same_key_with_another_body_is_refused(api: TestClient, api_workshop: Workshop,
                                               admin_token: str) -> None:
    client = api_workshop.add_collectivity("Médiathèque de Brest", kind="mediatheque")
    headers = {**bearer(admin_token), "Idempotency-Key": "k-1"}
    assert api.post("/api/v1/orders", json=_order(client, 3), headers=headers).status_code == 201
    reused = api.post("/api/v1/orders", json=_order(client, 4), headers=headers)
    assert reused.status_code == 422
    assert reused.headers["content-type"].startswith(PROBLEM_JSON)
    assert reused.json()["code"] == "idempotency_key_reused"
    other_path = api.post("/api/v1/collectivities", headers=headers,
                          json={"name": "École", "kind": "school"})
    assert other_path.json()["code"] == "idempotency_key_reused"
    assert _acts(api_workshop, "order.create") == 1
    assert len(api_workshop.collectivities()) == 1


def test_without_a_key_each_request_acts(api: TestClient, api_workshop: Workshop,
                                         admin_token: str) -> None:
    client = api_workshop.add_collectivity("Médiathèque de Brest", kind="mediatheque")
    refs = [api.post("/api/v1/orders", json=_order(client),
                     headers=bearer(admin_token)).json()["ref"] for _ in range(2)]
    assert len(set(refs)) == 2
    assert _acts(api_workshop, "order.create") == 2


def test_keys_belong_to_their_token_and_refusals_are_replayed_too(
        api: TestClient, api_workshop: Workshop, admin_token: str,
        make_token: Callable[..., str]) -> None:
    client = api_workshop.add_collectivity("Médiathèque de Brest", kind="mediatheque")
    key = {"Idempotency-Key": "same-key"}
    mine = api.post("/api/v1/orders", json=_order(client), headers={**bearer(admin_token),
                                                                    **key})
    theirs = api.post("/api/v1/orders", json=_order(client),
                      headers={**bearer(make_token("supervisor")), **key})
    assert mine.json()["ref"] != theirs.json()["ref"]
    assert _acts(api_workshop, "order.create") == 2
    # A refusal is an answer like another: the same request gets it again, acting not.
    ref = mine.json()["ref"]
    headers = {**bearer(admin_token), "Idempotency-Key": "receive-1"}
    refused = api.post(f"/api/v1/orders/{ref}/receive", json={"barcodes": ["X"]},
                       headers=headers)
    assert (refused.status_code, refused.json()["code"]) == (409, "order_is_quote")
    api_workshop.accept(ref)
    replayed = api.post(f"/api/v1/orders/{ref}/receive", json={"barcodes": ["X"]},
                        headers=headers)
    assert (replayed.status_code, replayed.json()["code"]) == (409, "order_is_quote")
    assert replayed.headers["idempotent-replayed"] == "true"


def test_keys_are_kept_at_least_24_hours(api: TestClient, api_workshop: Workshop,
                                         admin_token: str, clock: Clock) -> None:
    client = api_workshop.add_collectivity("Médiathèque de Brest", kind="mediatheque")
    headers = {**bearer(admin_token), "Idempotency-Key": "day-old"}
    first = api.post("/api/v1/orders", json=_order(client), headers=headers)
    clock.advance(hours=24)
    assert clock.now == dt.datetime(2026, 3, 3, 9, 0)
    later = api.post("/api/v1/orders", json=_order(client), headers=headers)
    assert later.headers["idempotent-replayed"] == "true"
    assert later.json() == first.json()
    assert _acts(api_workshop, "order.create") == 1
