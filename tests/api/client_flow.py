"""A real order flow for the collectivity-side tests: two clients, their orders at every
stage, a trainee who worked on the books, a checker and a supervisor who are named in the
staff data, and the links each client receives.

Used by ``test_client_side.py``, ``test_tenant_isolation.py`` and the browser test.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from pathlib import Path

import attrs
from fastapi.testclient import TestClient

from atelier import Workshop
from atelier_api.main import create_app
from atelier_api.settings import ApiSettings
from tests.conftest import Clock, make_siret, open_workshop, qualified_trainee, write_csv

#: A Monday: the estimate counts working days from it.
TODAY = dt.datetime(2026, 3, 2, 9, 0)
#: Names stored in the staff data that no client response may ever contain.
SUPERVISOR = "Paul Superviseur"
CHECKER = "Martine Vérificatrice"
ACTOR = "Claire Encadrante"
TRAINEE_NAME = "Jean Dupont-Trainee"
STAFF_NOTE = "note-confidentielle-du-personnel"
POST = "POSTE-COUV-1"


@attrs.define
class Flow:
    """Everything a test needs to know about the data built by :func:`build_flow`."""

    ws: Workshop
    clock: Clock
    client_a: int
    client_b: int
    #: Client A's order in progress, partly delivered (the one the page shows).
    a1: str
    #: Client A's accepted order waiting for its books (placeholders), due before a1.
    a2: str
    #: Client A's quote.
    a3: str
    #: Client B's order, due first, partly delivered.
    b1: str
    a1_barcodes: list[str]
    a1_delivered: tuple[str, ...]
    a1_delivery: str
    b1_delivered: tuple[str, ...]
    b1_delivery: str
    trainee: str
    token_a: str
    token_b: str
    #: Client A's link limited to order a1.
    token_a1: str

    def public_id(self, ref: str) -> str:
        """The public id of an order (read as the staff would: through the client side)."""
        client = self.ws.status(ref).collectivity
        token = self.token_a if client == self.ws.collectivity(self.client_a).name \
            else self.token_b
        principal = self.ws.authenticate(token)
        for order in self.ws.client_orders(principal).orders:
            if order.ref == ref:
                return order.public_id
        raise KeyError(ref)

    def remaining_minutes(self, ref: str) -> int:
        """Standard minutes left on an order's tasks, from the staff status."""
        seconds = round(sum(s.remaining_minutes * 60 for s in self.ws.status(ref).services))
        return math.ceil(seconds / 60)


def _work_all(ws: Workshop, ref: str, trainee: str, barcodes: list[str]) -> None:
    """Every operation of the covering service on ``barcodes``, checks included."""
    for op in ws.catalogue().service("couvrage").operations:
        if op.checkpoint:
            ws.check(ref, op.code, barcodes, checker=CHECKER, service="couvrage")
        else:
            ws.record_work(ref, op.code, trainee, barcodes, supervisor=SUPERVISOR,
                           service="couvrage")


def build_flow(url: str, tmp: Path, *, clock: Clock | None = None) -> Flow:
    """Build the two clients' orders on the database at ``url`` (at schema head, empty)."""
    clock = clock or Clock(TODAY)
    ws = open_workshop(url, actor=ACTOR, clock=clock)
    ws.init()
    client_a = ws.add_collectivity("Médiathèque de Brest", kind="mediatheque",
                                   siret=make_siret())
    client_b = ws.add_collectivity("Bibliothèque de Quimper", kind="mediatheque",
                                   siret=make_siret("21290232"))
    ws.add_post(POST, "Couvrage 1")
    trainee = qualified_trainee(ws, post=POST)
    ws.set_personal(trainee, full_name=TRAINEE_NAME, notes=STAFF_NOTE)

    # Client B: due first, two books done and delivered.
    b1 = ws.create_order(client_b, ["couvrage:standard=4"], accepted=True,
                         due_date=dt.date(2026, 3, 10))
    ws.add_placeholders(b1)
    b1_codes = [i.barcode for i in ws.items(b1)]
    ws.receive(b1, b1_codes)
    _work_all(ws, b1, trainee, b1_codes[:2])
    b1_delivery = ws.deliver(b1, b1_codes[:2])

    # Client A, order 1: a list imported, all received, four books done, three delivered.
    a1 = ws.create_order(client_a, ["couvrage:standard=6"], accepted=True,
                         due_date=dt.date(2026, 4, 15), purchase_order="BC-2026-118")
    a1_codes = [f"0029{n:09d}" for n in range(1, 7)]
    write_csv(tmp / "koha-brest.csv", ["Code-barres", "Titre", "Auteur"],
              [[code, f"Titre {n}", "Autrice"] for n, code in enumerate(a1_codes, 1)])
    ws.import_items(a1, tmp / "koha-brest.csv")
    ws.receive(a1, a1_codes)
    _work_all(ws, a1, trainee, a1_codes[:4])
    a1_delivery = ws.deliver(a1, a1_codes[:3])

    # Client A, order 2: accepted, due before order 1, books not arrived (placeholders).
    a2 = ws.create_order(client_a, ["couvrage:poche=200"], accepted=True,
                         due_date=dt.date(2026, 3, 20))
    ws.add_placeholders(a2)
    # Client A, order 3: a quote.
    a3 = ws.create_order(client_a, ["couvrage:grand=2"])

    token_a = ws.create_collectivity_token(client_a).token
    token_b = ws.create_collectivity_token(client_b).token
    token_a1 = ws.create_collectivity_token(client_a, order_ref=a1).token
    return Flow(ws=ws, clock=clock, client_a=client_a, client_b=client_b, a1=a1, a2=a2, a3=a3,
                b1=b1, a1_barcodes=a1_codes, a1_delivered=a1_delivery.barcodes,
                a1_delivery=a1_delivery.number, b1_delivered=b1_delivery.barcodes,
                b1_delivery=b1_delivery.number, trainee=trainee, token_a=token_a,
                token_b=token_b, token_a1=token_a1)


# -- the collectivity's door on the flow ------------------------------------------------
# Fixture functions, made fixtures by the modules that use them (``flow =
# pytest.fixture(flow_on, name="flow")``): imported fixtures would shadow their arguments.


def flow_on(db_url: str, tmp_path: Path) -> Iterator[Flow]:
    """The flow built on the test's database."""
    built = build_flow(db_url, tmp_path)
    yield built
    built.ws.close()


def client_for(flow: Flow, db_url: str, rate: int = 10_000) -> TestClient:
    """An HTTP client of the API on the flow's workshop, at ``rate`` requests a minute
    per collectivity link."""
    app = create_app(ApiSettings(database_url=db_url, client_rate_per_minute=rate),
                     workshop=flow.ws.acting_as("api", door="api"))
    return TestClient(app)


def api_on(flow: Flow, db_url: str) -> Iterator[TestClient]:
    """The client of :func:`client_for` at the default rate."""
    with client_for(flow, db_url) as client:
        yield client
