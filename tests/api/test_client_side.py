"""The collectivity side through the app (JSON and page) on a real order flow: what a
librarian reads of its orders — progress, documents by custody, deliveries with their
barcodes, the expected date and its method — and never who worked on its books."""

from __future__ import annotations

import datetime as dt
import math
import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from atelier.domain import estimate as rules
from tests.api.client_flow import (
    ACTOR,
    CHECKER,
    POST,
    STAFF_NOTE,
    SUPERVISOR,
    TODAY,
    TRAINEE_NAME,
    Flow,
    api_on,
    client_for,
    flow_on,
)

#: Use cases through ``Workshop``: in memory, and on both databases in the slow run.
pytestmark = pytest.mark.service

JSON = "/api/v1/client"

flow = pytest.fixture(flow_on, name="flow")
api = pytest.fixture(api_on, name="api")



def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


_VOID = frozenset({"meta", "link", "br", "img", "input", "hr"})


class Page(HTMLParser):
    """What the tests read of a page: headings, progress bars and their labels, links,
    table rows and header scopes, the language, the meta tags and the text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.headings: list[tuple[str, str]] = []
        self.progress: dict[str, tuple[str, str]] = {}
        self.labels: dict[str, str] = {}
        self.links: list[tuple[str, str]] = []
        self.rows: list[list[str]] = []
        self.th_scopes: list[str | None] = []
        self.lang: str | None = None
        self.meta: dict[str, str] = {}
        self._open: list[tuple[str, dict[str, str | None], list[str]]] = []
        self._text: list[str] = []
        self.feed(html)
        self.close()
        self.text = " ".join(" ".join(self._text).split())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang")
        if tag == "meta" and found.get("name"):
            self.meta[str(found["name"])] = str(found.get("content"))
        if tag == "progress":
            self.progress[str(found.get("id"))] = (str(found.get("value")),
                                                   str(found.get("max")))
        if tag == "tr":
            self.rows.append([])
        if tag == "th":
            self.th_scopes.append(found.get("scope"))
        if tag not in _VOID:
            self._open.append((tag, found, []))

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            open_tag, found, pieces = self._open.pop()
            text = " ".join("".join(pieces).split())
            if open_tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self.headings.append((open_tag, text))
            elif open_tag == "label":
                self.labels[str(found.get("for"))] = text
            elif open_tag == "a":
                self.links.append((str(found.get("href")), text))
            elif open_tag in ("th", "td") and self.rows:
                self.rows[-1].append(text)
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if not any(tag in ("style", "title") for tag, _, _ in self._open):
            self._text.append(data)
        for _, _, pieces in self._open:
            pieces.append(data)


def _order_json(api: TestClient, token: str, public_id: str) -> dict[str, object]:
    response = api.get(f"{JSON}/orders/{public_id}", headers=bearer(token))
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


# -- JSON ---------------------------------------------------------------------------------


def test_orders_list_shows_each_order_with_progress_and_estimate(flow: Flow,
                                                                 api: TestClient) -> None:
    response = api.get(f"{JSON}/orders", headers=bearer(flow.token_a))
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["collectivity"] == "Médiathèque de Brest"
    assert (body["total"], body["limit"], body["offset"]) == (3, 100, 0)
    by_ref = {o["ref"]: o for o in body["items"]}
    assert list(by_ref) == [flow.a3, flow.a2, flow.a1]  # newest first
    assert flow.b1 not in by_ref

    a1 = by_ref[flow.a1]
    assert a1["status"] == "partially_delivered"
    assert a1["status_label"] == "livrée en partie"
    assert a1["due_date"] == "2026-04-15" and a1["purchase_order"] == "BC-2026-118"
    assert a1["items"] == {"total": 6, "expected": 0, "received": 2, "in_workshop": 0,
                           "ready": 1, "returned": 3, "missing": 0, "refused": 0}
    [line] = a1["services"]
    assert (line["service"], line["format"], line["quantity"], line["items"],
            line["items_done"]) == ("couvrage", "standard", 6, 6, 4)
    assert line["name"] == "Couvrage avec film adhésif"
    assert line["percent"] == 4 * 100 // 6
    [delivery] = a1["deliveries"]
    assert delivery == {"number": flow.a1_delivery, "delivered_on": "2026-03-02", "items": 3,
                        "barcodes_url": f"{JSON}/deliveries/{flow.a1_delivery}/barcodes.txt"}

    assert by_ref[flow.a2]["status"] == "accepted"
    assert by_ref[flow.a2]["items"]["expected"] == 200
    assert by_ref[flow.a3]["estimate"]["basis"] == "quote"
    assert by_ref[flow.a3]["expected_on"] is None


def test_pagination_of_the_orders(flow: Flow, api: TestClient) -> None:
    page = api.get(f"{JSON}/orders", params={"limit": 2, "offset": 1},
                   headers=bearer(flow.token_a)).json()
    assert [o["ref"] for o in page["items"]] == [flow.a2, flow.a1]
    assert (page["total"], page["limit"], page["offset"]) == (3, 2, 1)
    refused = api.get(f"{JSON}/orders", params={"limit": 0}, headers=bearer(flow.token_a))
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")


def test_the_estimate_follows_the_stated_rule(flow: Flow, api: TestClient) -> None:
    """Remaining standard minutes of the order plus those of the open orders due before it
    (any client's: b1 and a2 here, not the quote), divided by the contracts' weekly time
    ÷ 5; the date is the next working day after that many working days."""
    body = _order_json(api, flow.token_a, flow.public_id(flow.a1))
    estimate = body["estimate"]
    assert isinstance(estimate, dict)
    own = flow.remaining_minutes(flow.a1)
    ahead = flow.remaining_minutes(flow.b1) + flow.remaining_minutes(flow.a2)
    per_day = 24 * 60 // 5  # one trainee on a 24-hour contract
    days = math.ceil((own + ahead) / per_day)
    assert estimate["basis"] == "estimated"
    # The minutes stay in the library (the workshop's capacity is not the client's to read).
    inside = flow.ws.client_order(flow.ws.authenticate(flow.token_a),
                                  flow.public_id(flow.a1)).estimate
    assert (inside.order_minutes, inside.ahead_minutes) == (own, ahead)
    assert (inside.minutes_per_day, estimate["working_days"]) == (per_day, days)
    assert not {"order_minutes", "ahead_minutes", "minutes_per_day"} & set(estimate)
    # What the client reads: documents left here (2 received, not finished) and ahead
    # (b1's 2 not delivered, a2's 200 ordered), and working days.
    assert (estimate["order_items"], estimate["ahead_items"]) == (2, 202)
    expected = rules.next_working_day(rules.add_working_days(TODAY.date(), days))
    assert days == 4 and expected == dt.date(2026, 3, 9)  # over the weekend, a Monday
    assert body["expected_on"] == estimate["expected_on"] == expected.isoformat()
    method = str(estimate["method_fr"])
    assert "2 documents à traiter" in method and "202 documents" in method
    assert "4 jours ouvrés" in method and " min" not in method and "÷" not in method
    assert "4 working days" in estimate["method_en"] and "minute" not in estimate["method_en"]

    # The order due first has nothing ahead of it but its own work.
    first = _order_json(api, flow.token_b, flow.public_id(flow.b1))["estimate"]
    assert isinstance(first, dict)
    assert (first["order_items"], first["ahead_items"]) == (2, 0)


def test_no_estimate_without_contracts_or_once_done(flow: Flow, api: TestClient) -> None:
    flow.ws.record_exit(flow.trainee, on=TODAY.date(), outcome="durable_employment")
    body = _order_json(api, flow.token_a, flow.public_id(flow.a1))
    estimate = body["estimate"]
    assert isinstance(estimate, dict)
    assert estimate["basis"] == "no_capacity" and body["expected_on"] is None
    assert "aucun contrat" in estimate["method_fr"]

    # b1: the rest is marked missing, the rest delivered: closed, no estimate.
    rest = [i.barcode for i in flow.ws.items(flow.b1, custody="received")]
    flow.ws.mark_missing(flow.b1, rest, "perdus dans le transport")
    closed = _order_json(api, flow.token_b, flow.public_id(flow.b1))
    assert closed["status"] == "closed"
    assert closed["estimate"]["basis"] == "closed"  # type: ignore[index]
    assert closed["expected_on"] is None


def test_delivery_barcodes_download_exactly_the_returned_books(flow: Flow,
                                                               api: TestClient) -> None:
    response = api.get(f"{JSON}/deliveries/{flow.a1_delivery}/barcodes.txt",
                       headers=bearer(flow.token_a))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert response.headers["cache-control"] == "no-store"
    assert response.text.splitlines() == list(flow.a1_delivered)
    assert response.text.endswith("\n")


def test_staff_key_is_refused_on_the_client_side(flow: Flow, api: TestClient) -> None:
    staff = flow.ws.create_staff_token("Claire", role="admin").token
    response = api.get(f"{JSON}/orders", headers=bearer(staff))
    assert response.status_code == 401
    assert response.json()["code"] == "token_invalid"
    assert api.get(f"{JSON}/orders").status_code == 401


# -- the page -----------------------------------------------------------------------------


def test_the_link_opens_the_orders_page(flow: Flow, api: TestClient) -> None:
    response = api.get(f"/suivi/{flow.token_a}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = Page(response.text)
    assert page.lang == "fr"
    assert "width=device-width" in page.meta["viewport"]
    assert page.headings[0] == ("h1", "Suivi de vos commandes")
    assert ("h2", f"Commande {flow.a1}") in page.headings
    assert "Médiathèque de Brest" in page.text
    assert flow.b1 not in response.text
    # Every order has a labelled progress bar with its percentage in text.
    assert len(page.progress) == 3
    for bar, (value, maximum) in page.progress.items():
        assert maximum == "100" and page.labels[bar] == "Avancement du travail"
        assert f"{value} % du travail effectué" in page.text.replace("\xa0", " ")
    # Each order links to its page by public id.
    a1_url = f"/suivi/{flow.token_a}/commandes/{flow.public_id(flow.a1)}"
    assert (a1_url, f"Voir le détail de la commande {flow.a1}") in page.links


def test_the_order_page_shows_progress_counts_deliveries_and_the_date(
        flow: Flow, api: TestClient) -> None:
    url = f"/suivi/{flow.token_a}/commandes/{flow.public_id(flow.a1)}"
    response = api.get(url)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    page = Page(response.text)
    text = page.text.replace("\xa0", " ").replace("\u202f", " ")
    assert [h for h, _ in page.headings] == ["h1", "h2", "h2", "h2", "h2"]
    assert page.headings[0] == ("h1", f"Commande {flow.a1}")
    assert "livrée en partie" in text and "BC-2026-118" in text
    assert "mercredi 15 avril 2026" in text  # due date, in French

    # Progress per service: a labelled <progress> and the figures in words.
    assert page.progress == {"prestation-1": (str(4 * 100 // 6), "100")}
    assert page.labels["prestation-1"] == \
        "Couvrage avec film adhésif — Standard (18 à 25 cm)"
    assert "66 % du travail effectué · 4 documents terminés sur 6" in text

    # Counts by custody, in French words, with row and column headers.
    counts = {row[0]: row[1] for row in page.rows if len(row) == 2}
    assert counts == {"Attendus": "0", "Reçus": "2", "En atelier": "0", "Prêts": "1",
                      "Rendus": "3", "Manquants": "0", "Refusés": "0", "État": "Documents"}
    assert set(page.th_scopes) == {"col", "row"}

    # The expected date, and how it was reached.
    assert "Fin prévue le lundi 9 mars 2026" in text
    assert "Méthode :" in text and "jour ouvré" in text

    # The delivery, with its download link that gives exactly its barcodes.
    downloads = [href for href, _ in page.links if href.endswith(".txt")]
    assert downloads == [f"/suivi/{flow.token_a}/livraisons/{flow.a1_delivery}.txt"]
    got = api.get(downloads[0])
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("text/plain")
    assert "attachment" in got.headers["content-disposition"]
    assert got.text.splitlines() == list(flow.a1_delivered)


def test_page_security_headers_and_skip_link(flow: Flow, api: TestClient) -> None:
    response = api.get(f"/suivi/{flow.token_a}")
    headers = response.headers
    assert headers["cache-control"] == "no-store"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"  # the token never leaks onwards
    assert "default-src 'none'" in headers["content-security-policy"]
    assert "script" not in response.text.lower().replace("javascript", "")
    page = Page(response.text)
    assert page.links[0] == ("#contenu", "Aller au contenu")
    assert 'id="contenu"' in response.text


def test_a_bad_link_answers_the_french_not_found_page(flow: Flow, api: TestClient) -> None:
    for url in (f"/suivi/{flow.token_a}x", "/suivi/nimportequoi", "/suivi/",
                f"/suivi/{flow.token_a}/autre/chose",
                f"/suivi/{flow.token_a}/commandes/{'0' * 32}",
                f"/suivi/{flow.token_a}/livraisons/BL-2026-9999.txt"):
        response = api.get(url)
        assert response.status_code == 404, url
        assert response.headers["content-type"].startswith("text/html")
        assert response.headers["cache-control"] == "no-store"
        page = Page(response.text)
        assert page.lang == "fr" and page.headings[0] == ("h1", "Page introuvable")


# -- never who worked on the books --------------------------------------------------------


def _every_client_response(flow: Flow, api: TestClient) -> list[str]:
    bodies = []
    for token in (flow.token_a, flow.token_b, flow.token_a1):
        bodies.append(api.get(f"{JSON}/orders", headers=bearer(token)).text)
        bodies.append(api.get(f"/suivi/{token}").text)
        for ref in (flow.a1, flow.a2, flow.a3, flow.b1):
            public_id = flow.public_id(ref)
            bodies.append(api.get(f"{JSON}/orders/{public_id}", headers=bearer(token)).text)
            bodies.append(api.get(f"/suivi/{token}/commandes/{public_id}").text)
        for number in (flow.a1_delivery, flow.b1_delivery):
            bodies.append(api.get(f"{JSON}/deliveries/{number}/barcodes.txt",
                                  headers=bearer(token)).text)
            bodies.append(api.get(f"/suivi/{token}/livraisons/{number}.txt").text)
        # The token itself (random characters) is taken out before searching.
        bodies[:] = [b.replace(token, "<token>") for b in bodies]
    return bodies


def test_no_client_response_names_who_worked(flow: Flow, api: TestClient) -> None:
    bodies = _every_client_response(flow, api)
    assert len(bodies) == 3 * (2 + 4 * 2 + 2 * 2)
    everything = "\n".join(bodies)
    assert flow.trainee.startswith("T-0")
    assert re.search(r"T-\d+", everything) is None
    assert "T-0" not in everything
    for secret in (CHECKER, SUPERVISOR, ACTOR, "Claire", TRAINEE_NAME, STAFF_NOTE, POST,
                   "Martine", "Paul"):
        assert secret not in everything, secret
    for word in ("trainee", "stagiaire", "supervisor", "checker", "minutes_worked",
                 "work_record", "post_code"):
        assert word not in everything.lower(), word


def test_the_links_token_never_reaches_the_access_log(flow: Flow, api: TestClient,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from atelier_api.routes.pages import RedactTrackingTokens

    access = logging.getLogger("uvicorn.access")
    assert any(isinstance(f, RedactTrackingTokens) for f in access.filters)
    path = f"/suivi/{flow.token_a}/commandes/{flow.public_id(flow.a1)}"
    with caplog.at_level(logging.INFO, logger="uvicorn.access"):
        # As uvicorn logs a request: client, method, path, HTTP version, status.
        access.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", path, "1.1", 200)
    [record] = [r for r in caplog.records if r.name == "uvicorn.access"]
    assert flow.token_a not in record.getMessage()
    assert "/suivi/***/commandes/" in record.getMessage()


# -- rate limit ---------------------------------------------------------------------------


def test_rate_limit_per_link(flow: Flow, db_url: str) -> None:
    with client_for(flow, db_url, rate=3) as api:
        for _ in range(2):
            assert api.get(f"{JSON}/orders", headers=bearer(flow.token_a)).status_code == 200
        assert api.get(f"/suivi/{flow.token_a}").status_code == 200  # page and JSON together
        limited = api.get(f"{JSON}/orders", headers=bearer(flow.token_a))
        assert limited.status_code == 429
        assert limited.headers["content-type"].startswith("application/problem+json")
        assert limited.json()["code"] == "too_many_requests"
        assert 1 <= int(limited.headers["retry-after"]) <= 60
        page = api.get(f"/suivi/{flow.token_a}")
        assert page.status_code == 429 and "Trop de demandes" in page.text
        assert 1 <= int(page.headers["retry-after"]) <= 60
        # Another link has its own window.
        assert api.get(f"{JSON}/orders", headers=bearer(flow.token_b)).status_code == 200


def test_sliding_window() -> None:
    from atelier_api.ratelimit import SlidingWindowLimiter

    now = [1000.0]
    limiter = SlidingWindowLimiter(2, window=60, clock=lambda: now[0])
    assert limiter.hit("a") is None
    now[0] += 30
    assert limiter.hit("a") is None
    assert limiter.hit("a") == pytest.approx(30)
    assert limiter.hit("b") is None
    now[0] += 30.5  # the first hit has left the window
    assert limiter.hit("a") is None
    assert limiter.hit("a") == pytest.approx(29.5)
    assert SlidingWindowLimiter(0).hit("a") is None


# -- the rule's arithmetic ----------------------------------------------------------------


def test_working_days() -> None:
    friday = dt.date(2026, 3, 6)
    assert rules.next_working_day(friday) == dt.date(2026, 3, 9)
    assert rules.add_working_days(friday, 1) == dt.date(2026, 3, 9)
    assert rules.add_working_days(dt.date(2026, 3, 2), 5) == dt.date(2026, 3, 9)
    assert rules.add_working_days(dt.date(2026, 3, 7), 0) == dt.date(2026, 3, 7)
    saturday = rules.estimate("in_progress", 10, 0, 2400, dt.date(2026, 3, 7))
    assert saturday.working_days == 1 and saturday.expected_on == dt.date(2026, 3, 10)
    assert rules.estimate("ready", 0, 0, 2400, dt.date(2026, 3, 2)).basis == "work_done"
    assert rules.estimate("cancelled", 0, 0, 2400, dt.date(2026, 3, 2)).expected_on is None


def test_queue_order_by_due_date_then_arrival() -> None:
    d1, d2 = dt.date(2026, 3, 10), dt.date(2026, 3, 20)
    queue = [(1, d2, 100), (2, d1, 10), (3, None, 1000), (4, d2, 5)]
    assert rules.minutes_ahead(1, d2, queue) == 10
    assert rules.minutes_ahead(4, d2, queue) == 110
    assert rules.minutes_ahead(2, d1, queue) == 0
    assert rules.minutes_ahead(3, None, queue) == 115
