"""The queue the expected dates read is kept between reads (:mod:`atelier.store.queue`),
and no longer than it is true: an act of the same ``Workshop`` shows in the next read,
another process's act within the cache's time to live, and an act made inside one
larger transaction (an ``Idempotency-Key`` request) once that transaction commits."""

from __future__ import annotations

import datetime as dt

from atelier import Workshop
from atelier.domain.tokens import StoredResponse
from atelier.facade.idempotency import IdempotentRequest
from atelier.store.queue import QueueCache
from tests.conftest import Clock, make_siret, open_workshop, qualified_trainee


class _Seconds:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _earlier_order(ws: Workshop, client: int, items: int, due: dt.date) -> None:
    """An order of another client taken before ours, its ``items`` documents received."""
    ref = ws.create_order(client, [f"couvrage:poche={items}"], due_date=due, accepted=True)
    ws.add_placeholders(ref)
    ws.receive(ref, [i.barcode for i in ws.items(ref)])


def _ahead(ws: Workshop, token: str, public_id: str) -> int:
    who = ws.authenticate(token)
    return ws.client_order(who, public_id).estimate.ahead_items


def test_the_kept_queue_never_hides_an_act(workshop: Workshop, db_url: str,
                                           clock: Clock) -> None:
    ws = workshop
    qualified_trainee(ws)
    ours, other = (ws.add_collectivity(f"Médiathèque {n}", kind="mediatheque",
                                       siret=make_siret(nic4=f"{n:04d}")) for n in (1, 2))
    ref = ws.create_order(ours, ["couvrage:poche=2"], due_date=dt.date(2026, 6, 1),
                          accepted=True)
    ws.add_placeholders(ref)
    ws.receive(ref, [i.barcode for i in ws.items(ref)])
    token = ws.create_collectivity_token(ours).token
    public_id = ws.client_orders(ws.authenticate(token)).orders[0].public_id
    _earlier_order(ws, other, 3, dt.date(2026, 4, 1))
    assert _ahead(ws, token, public_id) == 3

    # An act of the same workshop shows at once.
    _earlier_order(ws, other, 4, dt.date(2026, 4, 2))
    assert _ahead(ws, token, public_id) == 7

    # Another process (a second Workshop on the same database): within the time to
    # live its kept queue is served, after it the act shows.
    seconds = _Seconds()
    server = open_workshop(db_url, clock=clock)
    try:
        server.units.queue = QueueCache(ttl=5.0, clock=seconds)  # type: ignore[attr-defined]
        assert _ahead(server, token, public_id) == 7
        _earlier_order(ws, other, 5, dt.date(2026, 4, 3))
        assert _ahead(server, token, public_id) == 7  # the same answer, kept
        seconds.now += 5.1
        assert _ahead(server, token, public_id) == 12

        # One larger transaction: nothing kept inside it, the queue dropped at its commit.
        assert _ahead(server, token, public_id) == 12
        request = IdempotentRequest(server, "t1", "key-1", "0" * 64)
        assert request.begin() is None
        _earlier_order(request.workshop, other, 1, dt.date(2026, 4, 4))
        assert _ahead(request.workshop, token, public_id) == 13
        request.finish(StoredResponse(status=201, media_type="application/json", body="{}"))
        assert _ahead(server, token, public_id) == 13
    finally:
        server.close()


def test_the_kept_capacity_never_hides_a_contract(workshop: Workshop, db_url: str,
                                                  clock: Clock) -> None:
    ws = workshop
    qualified_trainee(ws)
    ours = ws.add_collectivity("Médiathèque", kind="mediatheque", siret=make_siret())
    ref = ws.create_order(ours, ["couvrage:poche=300"], due_date=dt.date(2026, 6, 1),
                          accepted=True)
    ws.add_placeholders(ref)
    ws.receive(ref, [i.barcode for i in ws.items(ref)])
    token = ws.create_collectivity_token(ours).token
    who = ws.authenticate(token)
    public_id = ws.client_orders(who).orders[0].public_id

    def days(on: Workshop) -> int:
        return on.client_order(on.authenticate(token), public_id).estimate.working_days

    alone = days(ws)
    qualified_trainee(ws)  # twice the weekly time: the same process sees it at once
    assert days(ws) < alone
    two = days(ws)

    seconds = _Seconds()
    server = open_workshop(db_url, clock=clock)
    try:
        server.units.queue = QueueCache(ttl=5.0, clock=seconds)  # type: ignore[attr-defined]
        assert days(server) == two
        qualified_trainee(ws)
        qualified_trainee(ws)
        assert days(server) == two  # another process's contracts: within the TTL…
        seconds.now += 5.1
        assert days(server) < two   # …then seen
    finally:
        server.close()
