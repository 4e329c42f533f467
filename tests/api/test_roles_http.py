"""RELIABILITY 8 over HTTP: every staff route × every role.

The routes are read from the application itself (``app.routes``) and the
permission each needs from its OpenAPI ``x-atelier-permission``. A key whose role
lacks it gets 403 ``forbidden`` (problem+json); a key whose role grants it never
gets 403 (placeholder inputs may give 404, 409 or 422); a collectivity link gets
403 and no token 401. Who may hold which permission is the library's matrix,
written out in ``tests/integration/test_roles.py``.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from atelier import Workshop
from atelier.domain import roles
from atelier.domain.roles import permission_of
from tests.api.conftest import PROBLEM_JSON, bearer
from tests.integration.test_roles import MATRIX, NOT_USE_CASES

#: Use cases through ``Workshop``: in memory, and on both databases in the slow run.
pytestmark = pytest.mark.service

PREFIX = "/api/v1"
#: Routes under the prefix that are not the staff API: the collectivity side, and who
#: am I / is the service up (any token, or none).
NOT_STAFF = re.compile(r"^/api/v1/(client(/|$)|health$|me$)")
#: Use cases reached by a route that is not a staff route: the schema revision is what
#: ``/health`` reports.
ELSEWHERE = {"schema_revision": "/api/v1/health",
             # the total of the order list's page
             "order_count": "/api/v1/orders"}

#: Path parameters no test data has: the route is reached, the thing named is not there.
PLACEHOLDERS: dict[str, str] = {
    "ref": "CMD-2099-9999", "number": "BL-2099-9999", "code": "T-9999", "month": "2026-02",
    "collectivity_id": "999999", "entry_id": "999999", "token_id": "0123456789abcdef"}

#: Bodies that are not JSON, by media type.
RAW_BODIES = {"text/csv": b"Code-barres;Format\r\nX-1;standard\r\n",
              "text/plain": b""}


def staff_operations(client: TestClient) -> list[dict[str, Any]]:
    """Every staff operation: method, path, permission, and the request the test sends."""
    schema = client.get("/openapi.json").json()
    components = schema["components"]["schemas"]
    found = []
    for route in iter_route_contexts(client.app.routes):  # type: ignore[attr-defined]
        if not isinstance(route.original_route, APIRoute) or route.path is None:
            continue
        if not route.path.startswith(PREFIX) or NOT_STAFF.match(route.path):
            continue
        for method in sorted(route.methods or ()):
            operation = schema["paths"][route.path_format][method.lower()]
            path = route.path
            for name in re.findall(r"{(\w+)}", path):
                path = path.replace(f"{{{name}}}", PLACEHOLDERS[name])
            request: dict[str, Any] = {}
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                ref = content["application/json"]["schema"].get("$ref") or next(
                    s["$ref"] for s in content["application/json"]["schema"]["anyOf"]
                    if "$ref" in s)
                model = components[ref.rsplit("/", 1)[1]]
                request["json"] = model["examples"][0]
            for media_type, raw in RAW_BODIES.items():
                if media_type in content:
                    request["content"] = raw
                    request["headers"] = {"Content-Type": media_type}
            found.append({"method": method, "path": path, "route": route.path,
                          "permission": operation.get("x-atelier-permission"),
                          "use_case": operation.get("x-atelier-use-case"),
                          "request": request})
    return found


def _send(client: TestClient, op: dict[str, Any], headers: dict[str, str]) -> Any:
    request = dict(op["request"])
    request["headers"] = {**request.get("headers", {}), **headers}
    return client.request(op["method"], op["path"], **request)


def test_every_staff_route_states_the_permission_of_its_use_case(api: TestClient) -> None:
    operations = staff_operations(api)
    assert len(operations) >= 60
    missing = [f"{op['method']} {op['route']}" for op in operations if not op["permission"]]
    assert missing == []
    for op in operations:
        method = getattr(Workshop, op["use_case"])
        assert permission_of(method) == op["permission"], op["route"]
        assert op["permission"] in roles.PERMISSIONS


def test_every_use_case_has_a_route(api: TestClient) -> None:
    """Every use case of the Foundation and the People issues (and the tokens) is reachable
    over HTTP; the tracking use cases are the collectivity side's."""
    reached = {op["use_case"] for op in staff_operations(api)}
    use_cases = {name for name, member in inspect.getmembers(Workshop)
                 if not name.startswith("_") and callable(member)
                 and name not in NOT_USE_CASES
                 and not getattr(member, "__qualname__", "").startswith("TrackingUseCases.")}
    paths = {route.path for route in iter_route_contexts(api.app.routes)}  # type: ignore[attr-defined]
    assert all(path in paths for path in ELSEWHERE.values())
    assert sorted(use_cases - reached - set(ELSEWHERE)) == []
    assert reached <= use_cases


def test_every_staff_route_x_every_role(api: TestClient,
                                        make_token: Callable[..., str]) -> None:
    operations = staff_operations(api)
    keys = {role: bearer(make_token(role)) for role in roles.ROLES}
    wrong: list[str] = []
    for role in roles.ROLES:  # the admin first: acts that succeed leave data for no one
        for op in operations:
            response = _send(api, op, keys[role])
            allowed = role in MATRIX[op["permission"]]
            where = f"{role} {op['method']} {op['route']} -> {response.status_code}"
            if response.status_code >= 500:
                wrong.append(f"{where} {response.text[:200]}")
            elif allowed and response.status_code == 403:
                wrong.append(f"{where} (allowed) {response.text[:200]}")
            elif not allowed:
                body = response.json() if response.status_code == 403 else {}
                if (response.status_code != 403 or body.get("code") != "forbidden"
                        or not response.headers["content-type"].startswith(PROBLEM_JSON)
                        or body.get("params", {}).get("permission") != op["permission"]):
                    wrong.append(f"{where} (refused) {response.text[:200]}")
    assert wrong == []


def test_a_collectivity_link_or_no_token_never_reaches_the_staff_api(
        api: TestClient, api_workshop: Workshop, make_link: Callable[..., str]) -> None:
    client = api_workshop.add_collectivity("Médiathèque de Brest", kind="mediatheque")
    link = bearer(make_link(client))
    wrong = []
    for op in staff_operations(api):
        with_link = _send(api, op, link)
        if with_link.status_code != 403 or with_link.json()["code"] != "staff_only":
            wrong.append(f"link {op['method']} {op['route']} -> {with_link.status_code}")
        without = _send(api, op, {})
        if (without.status_code != 401 or without.json()["code"] != "token_missing"
                or without.headers.get("www-authenticate") != "Bearer"):
            wrong.append(f"none {op['method']} {op['route']} -> {without.status_code}")
        forged = _send(api, op, bearer("ats_0123456789abcdef_" + "x" * 43))
        if forged.status_code != 401 or forged.json()["code"] != "token_invalid":
            wrong.append(f"forged {op['method']} {op['route']} -> {forged.status_code}")
    assert wrong == []


def test_a_revoked_or_expired_key_is_refused(api: TestClient, api_workshop: Workshop,
                                             clock: Any) -> None:
    issued = api_workshop.create_staff_token("script", role="viewer", expires_days=1)
    headers = bearer(issued.token)
    assert api.get("/api/v1/orders", headers=headers).status_code == 200
    clock.advance(days=1, seconds=1)
    expired = api.get("/api/v1/orders", headers=headers)
    assert (expired.status_code, expired.json()["code"]) == (401, "token_invalid")
    other = api_workshop.create_staff_token("script 2", role="viewer")
    api_workshop.revoke_token(other.view.id)
    revoked = api.get("/api/v1/orders", headers=bearer(other.token))
    assert (revoked.status_code, revoked.json()["code"]) == (401, "token_invalid")


def test_personal_data_routes_are_for_the_counsellor_and_the_admin(api: TestClient) -> None:
    """DOMAIN rule 7 over HTTP: the routes naming a person need ``personal_data``."""
    personal = {op["route"] for op in staff_operations(api)
                if op["permission"] == roles.PERSONAL_DATA}
    assert personal == {"/api/v1/trainees/{code}/personal",
                        "/api/v1/trainees/{code}/certificate",
                        "/api/v1/trainees/{code}/certificate.html",
                        "/api/v1/trainees/{code}/export"}
    assert MATRIX[roles.PERSONAL_DATA] == {"admin", "counsellor"}
