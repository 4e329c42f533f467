"""Fixtures of the HTTP tests: the application on a real database (SQLite always,
PostgreSQL when ``ATELIER_TEST_POSTGRES_URL`` is set), and tokens of any role.

``api`` is a :class:`fastapi.testclient.TestClient` on ``create_app`` over the
``db_url`` database, initialised with the bookbinding catalogue; its workshop runs
on the tests' settable ``clock`` (2026-03-02 09:00, a Monday).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from atelier import Workshop
from atelier_api.main import create_app
from atelier_api.settings import ApiSettings
from tests.conftest import Clock, open_workshop

#: Where the tests' server says libraries reach it (the start of tracking links).
PUBLIC_URL = "https://atelier.example.fr"
PROBLEM_JSON = "application/problem+json"


def bearer(token: str) -> dict[str, str]:
    """The header that carries ``token``."""
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def api_workshop(db_url: str, clock: Clock) -> Iterator[Workshop]:
    """The workshop behind the application (schema and catalogue installed)."""
    ws = open_workshop(db_url, actor="api", door="api", clock=clock)
    ws.init()
    yield ws
    ws.close()


@pytest.fixture
def api(api_workshop: Workshop, db_url: str) -> Iterator[TestClient]:
    """The application, through its ASGI interface."""
    app = create_app(ApiSettings(database_url=db_url, public_url=PUBLIC_URL),
                     workshop=api_workshop)
    with TestClient(app) as client:
        yield client


@pytest.fixture
def make_token(api_workshop: Workshop) -> Callable[..., str]:
    """``make_token(role, name=None)``: a new staff API key of ``role``."""

    def make(role: str, name: str | None = None) -> str:
        return api_workshop.create_staff_token(name or f"test-{role}", role=role).token

    return make


@pytest.fixture
def make_link(api_workshop: Workshop) -> Callable[..., str]:
    """``make_link(collectivity_id, order_ref=None)``: a new collectivity token."""

    def make(collectivity_id: int, order_ref: str | None = None) -> str:
        return api_workshop.create_collectivity_token(collectivity_id,
                                                      order_ref=order_ref).token

    return make


@pytest.fixture
def admin_token(make_token: Callable[..., str]) -> str:
    """An admin's API key."""
    return make_token("admin", "Claire (API)")


class Caller:
    """Requests as one token's holder, checking the status of each answer."""

    def __init__(self, client: TestClient, token: str) -> None:
        self.client = client
        self.headers = bearer(token)

    def __call__(self, method: str, path: str, status: int = 200, **kwargs: Any) -> Any:
        """The JSON answer of ``method path`` (under ``/api/v1``), which must have
        ``status``."""
        headers = {**self.headers, **kwargs.pop("headers", {})}
        response = self.client.request(method, f"/api/v1{path}", headers=headers, **kwargs)
        assert response.status_code == status, (method, path, response.status_code,
                                                response.text)
        if response.headers.get("content-type", "").startswith(("application/json",
                                                                 PROBLEM_JSON)):
            return response.json()
        return response

    def get(self, path: str, status: int = 200, **kwargs: Any) -> Any:
        return self("GET", path, status, **kwargs)

    def post(self, path: str, status: int = 200, **kwargs: Any) -> Any:
        return self("POST", path, status, **kwargs)


@pytest.fixture
def admin(api: TestClient, admin_token: str) -> Caller:
    """Requests as the admin."""
    return Caller(api, admin_token)


@pytest.fixture
def as_role(api: TestClient, make_token: Callable[..., str]) -> Callable[[str], Caller]:
    """``as_role(role)``: requests with a new key of ``role``."""
    return lambda role: Caller(api, make_token(role))
