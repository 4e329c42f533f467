"""The two routes every program starts with: is the service up, and who am I."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from atelier.store.database import SCHEMA_HEAD
from tests.api.conftest import bearer

#: Use cases through ``Workshop``: in memory, and on both databases in the slow run.
pytestmark = pytest.mark.service


def test_health_needs_no_token_and_names_the_schema(api: TestClient) -> None:
    response = api.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["schema_revision"] == SCHEMA_HEAD
    assert response.headers["x-frame-options"] == "DENY"


def test_me_says_who_the_token_speaks_for(api: TestClient,
                                          make_token: Callable[..., str]) -> None:
    me = api.get("/api/v1/me", headers=bearer(make_token("counsellor", "Nolwenn")))
    assert me.status_code == 200
    assert me.json() == {"kind": "staff", "name": "Nolwenn", "role": "counsellor",
                         "collectivity_id": None, "order_ref": None}
    refused = api.get("/api/v1/me")
    assert refused.status_code == 401
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.headers["www-authenticate"] == "Bearer"
