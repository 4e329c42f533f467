"""A delivered order on the collectivity's side: the day it was delivered instead of an
expected date, the documents its list announced that never came, and an estimate that
speaks in documents and days, never in the workshop's minutes."""

from __future__ import annotations

from collections.abc import Iterator
from html import unescape
from pathlib import Path

import attrs
import pytest
from fastapi.testclient import TestClient

from atelier_api.main import create_app
from atelier_api.settings import ApiSettings
from tests.api.client_flow import Flow, _work_all, build_flow
from tests.conftest import write_csv

#: Use cases through ``Workshop``: in memory, and on both databases in the slow run.
pytestmark = pytest.mark.service

JSON = "/api/v1/client"


@attrs.frozen
class Delivered:
    flow: Flow
    api: TestClient
    #: Client A's order of 5 listed books: 2 came, were worked and delivered, 3 never came.
    ref: str
    #: The same with 1 book that never came.
    one: str


def delivered_with_books_never_sent(flow: Flow, tmp_path: Path, listed: int,
                                    prefix: str) -> str:
    """A new order of client A: ``listed`` books listed, 2 came, were worked and delivered."""
    ws = flow.ws
    ref = ws.create_order(flow.client_a, [f"couvrage:standard={listed}"], accepted=True)
    codes = [f"{prefix}{n:09d}" for n in range(1, listed + 1)]
    write_csv(tmp_path / f"{ref}.csv", ["Code-barres", "Titre"], [[c, "Titre"] for c in codes])
    ws.import_items(ref, tmp_path / f"{ref}.csv")
    ws.receive(ref, codes[:2])
    _work_all(ws, ref, flow.trainee, codes[:2])
    ws.deliver(ref)
    assert ws.status(ref).status == "delivered"
    return ref


@pytest.fixture
def delivered(db_url: str, tmp_path: Path) -> Iterator[Delivered]:
    flow = build_flow(db_url, tmp_path)
    ref = delivered_with_books_never_sent(flow, tmp_path, 5, "0077")
    one = delivered_with_books_never_sent(flow, tmp_path, 3, "0088")
    app = create_app(ApiSettings(database_url=db_url, client_rate_per_minute=10_000),
                     workshop=flow.ws.acting_as("api", door="api"))
    with TestClient(app) as api:
        yield Delivered(flow=flow, api=api, ref=ref, one=one)
    flow.ws.close()


def _page(d: Delivered, path: str) -> str:
    response = d.api.get(path)
    assert response.status_code == 200, response.text
    return unescape(response.text)


def _json(d: Delivered, ref: str) -> dict[str, object]:
    response = d.api.get(f"{JSON}/orders/{d.flow.public_id(ref)}",
                         headers={"Authorization": f"Bearer {d.flow.token_a}"})
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def test_the_json_names_the_delivery_day_and_the_books_never_received(
        delivered: Delivered) -> None:
    body = _json(delivered, delivered.ref)
    assert body["status"] == "delivered"
    assert body["delivered_on"] == "2026-03-02" and body["expected_on"] is None
    assert body["never_received"] == 3
    estimate = body["estimate"]
    assert isinstance(estimate, dict)
    assert estimate["basis"] == "delivered"
    assert not {"order_minutes", "ahead_minutes", "minutes_per_day"} & set(estimate)
    # An order still in progress has neither.
    in_progress = _json(delivered, delivered.flow.a1)
    assert (in_progress["delivered_on"], in_progress["never_received"]) == (None, 0)


def test_the_page_says_when_it_was_delivered_and_what_never_came(
        delivered: Delivered) -> None:
    flow = delivered.flow
    page = _page(delivered, f"/suivi/{flow.token_a}/commandes/{flow.public_id(delivered.ref)}")
    assert "Livrée le lundi 2 mars 2026" in page
    assert "3 documents annoncés n'ont jamais été reçus." in page
    assert "Ils figuraient sur votre liste" in page
    assert "Pas de date estimée" not in page and "Méthode" not in page

    one = _page(delivered, f"/suivi/{flow.token_a}/commandes/{flow.public_id(delivered.one)}")
    assert "1 document annoncé n'a jamais été reçu." in one
    assert "Il figurait sur votre liste" in one

    overview = _page(delivered, f"/suivi/{flow.token_a}")
    card = overview.split(f"Commande {delivered.ref}</a>", 1)[1].split("</section>", 1)[0]
    assert "Livrée le" in card and "lundi 2 mars 2026" in card
    assert "3 documents annoncés n'ont jamais été reçus." in card
    assert "pas de date estimée" not in card


def test_the_method_speaks_in_documents_and_days(delivered: Delivered) -> None:
    flow = delivered.flow
    page = _page(delivered, f"/suivi/{flow.token_a}/commandes/{flow.public_id(flow.a1)}")
    method = page.split("Méthode", 1)[1].split("</p>", 1)[0]
    assert "2 documents à traiter sur cette commande" in method
    assert "jours ouvrés" in method
    assert " min " not in method and "minutes" not in method and "÷" not in method
