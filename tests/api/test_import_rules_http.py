"""The import route's limits over HTTP: another open order's books (``allow_shared``), a
line far past its quantity (``overflow_limit``), a header alone; lower-case references."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import PROBLEM_JSON, Caller

#: Use cases through ``Workshop``: in memory, and on both databases in the slow run.
pytestmark = pytest.mark.service

CSV = {"Content-Type": "text/csv"}


def _body(*barcodes: str) -> bytes:
    return ("Code-barres;Titre\r\n" + "".join(f"{b};T\r\n" for b in barcodes)).encode()


def _import(admin: Caller, ref: str, status: int, *barcodes: str, **params: Any) -> Any:
    return admin.post(f"/orders/{ref}/items/import", status, headers=CSV,
                      content=_body(*barcodes), params={"filename": "liste.csv", **params})


def test_the_import_route_takes_the_same_limits(admin: Caller) -> None:
    client = admin.post("/collectivities", 201, json={"name": "  Médiathèque de Brest ",
                                                       "kind": "mediatheque"})
    assert client["name"] == "Médiathèque de Brest"
    first, second = (admin.post("/orders", 201, json={
        "collectivity_id": client["id"],
        "lines": [{"service": "couvrage", "format": "standard", "quantity": 2}],
        "accepted": True})["ref"] for _ in range(2))
    _import(admin, first.lower(), 201, "B1", "B2")

    shared = _import(admin, second, 422, "B2", "B3")
    assert shared["code"] == "file_rejected"
    [problem] = shared["problems"]
    assert (problem["line"], problem["field"], problem["value"]) == (2, "barcode", "B2")
    assert first in problem["reason"]
    assert _import(admin, second, 201, "B2", "B3", allow_shared="true")["items"] == 2

    header = _import(admin, second, 422)
    assert header["problems"][0]["reason"] == "no item after the header"

    warned = _import(admin, second, 201, "C1")
    assert warned["over_quantity"] == [{"line": 1, "service": "couvrage",
                                        "format": "standard", "ordered": 2, "listed": 3}]
    over = _import(admin, second, 409, "D1", "D2")
    assert over["code"] == "items_over_quantity"
    assert (over["params"]["listed"], over["params"]["ordered"], over["params"]["most"]) == (
        5, 2, 4)
    assert _import(admin, second, 201, "D1", "D2", overflow_limit=2.5)["items"] == 2
    bad = admin.client.post(f"/api/v1/orders/{second}/items/import", headers={
        **admin.headers, **CSV}, content=_body("E1"), params={"overflow_limit": 0})
    assert bad.status_code == 422 and bad.headers["content-type"].startswith(PROBLEM_JSON)
    assert len(admin.get(f"/orders/{second.lower()}/items")["items"]) == 5
