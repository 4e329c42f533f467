"""The client's expected dates, read from the counters by one aggregate statement, equal
those of the reference: the in-memory store, which walks every order of the workshop's
queue in Python as the store used to (:mod:`tests.fakes.tracking`).

A workshop of many clients' orders in every state (quotes, accepted with no item
listed yet, received in part, worked, ready, delivered in part, cancelled), with
due dates before, equal to and after one another and none at all: for every
order, every client read (one order, a page of orders) gives the same estimate,
minutes behind it included, on the database and on the reference.
"""

from __future__ import annotations

import datetime as dt

from atelier import Workshop
from tests.conftest import Clock, make_siret, qualified_trainee
from tests.fakes import fake_workshop

DUE = [None, dt.date(2026, 6, 1), dt.date(2026, 5, 1), dt.date(2026, 6, 1), None,
       dt.date(2026, 4, 15)]


def _build(ws: Workshop) -> list[int]:
    """The same workshop on any storage; returns the collectivities' ids."""
    trainee = qualified_trainee(ws)
    clients = [ws.add_collectivity(f"Médiathèque {n}", kind="mediatheque",
                                   siret=make_siret(nic4=f"{n:04d}")) for n in (1, 2, 3)]
    ops = [op.code for op in ws.catalogue().service("couvrage").operations]
    for n, due in enumerate(DUE * 2):
        client = clients[n % len(clients)]
        ref = ws.create_order(client, ["couvrage:poche=4", f"couvrage:standard={n % 3 + 2}"],
                              due_date=due, accepted=n % 6 != 5)
        if n % 6 == 5:
            continue  # a quote
        if n % 4 == 3:
            continue  # accepted, no item listed yet: priced from the catalogue
        ws.add_placeholders(ref)
        barcodes = [i.barcode for i in ws.items(ref)]
        if n % 3 == 0:
            continue  # listed, none received
        ws.receive(ref, barcodes[: len(barcodes) - n % 2])
        if n % 5 == 1:
            for op in ops[:2]:
                ws.record_work(ref, op, trainee)
        if n == 7:
            for op in ops:
                ws.record_work(ref, op, trainee)
            ws.deliver(ref, barcodes[:2])
        if n == 10:
            ws.refuse(ref, barcodes[:1], "reliure cassée")
    ws.cancel(ws.create_order(clients[0], ["couvrage:poche=3"], accepted=True), "erreur")
    return clients


def _reads(ws: Workshop, clients: list[int]) -> list[object]:
    out: list[object] = []
    for client in clients:
        who = ws.authenticate(ws.create_collectivity_token(client).token)
        page = ws.client_orders(who, limit=3)
        out.append([(o.ref, o.status, o.estimate) for o in page.orders])
        everything = ws.client_orders(who)
        for order in everything.orders:
            one = ws.client_order(who, order.public_id)
            assert one.estimate == order.estimate
            out.append((order.ref, order.status, order.estimate, order.items))
    return out


def test_the_queue_from_counters_is_the_reference(workshop: Workshop, clock: Clock) -> None:
    reference = fake_workshop(clock=clock)
    ours = _reads(workshop, _build(workshop))
    expected = _reads(reference, _build(reference))
    assert ours == expected
    estimated = [r for r in expected if isinstance(r, tuple) and r[2].basis == "estimated"]
    # The scenario means something: orders wait behind others, by listed and unlisted work.
    assert len(estimated) >= 6
    assert len({r[2].ahead_items for r in estimated}) >= 4
    assert any(r[2].ahead_minutes > 0 and r[2].ahead_items > 0 for r in estimated)
