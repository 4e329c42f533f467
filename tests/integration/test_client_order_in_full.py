"""A collectivity's order by its public id, read in one statement (its row, custody
counters, lines and deliveries together), is exactly the order its list of orders
shows (read by the statements of several orders), on every storage; and it stays
within the link: another client's order, or an order outside a link limited to one,
is not found, exactly as an id that does not exist.
"""

from __future__ import annotations

import pytest

from atelier import NotFound, Workshop
from tests.conftest import Clock, qualified_trainee
from tests.integration.test_queue_from_counters import _build


def _delivered_in_part(ws: Workshop, client: int) -> None:
    """An order of ``client`` worked through and delivered in two parts, one left."""
    trainee = qualified_trainee(ws)
    ref = ws.create_order(client, ["couvrage:poche=3"], accepted=True)
    ws.add_placeholders(ref)
    barcodes = [i.barcode for i in ws.items(ref)]
    ws.receive(ref, barcodes)
    for op in ("clean", "cut_film", "apply_film", "turn_in"):
        ws.record_work(ref, op, trainee, barcodes[:2])
    ws.check(ref, "check", barcodes[:2])
    ws.deliver(ref, barcodes[:1])
    ws.deliver(ref, barcodes[1:2])


def test_one_order_is_the_order_of_the_list(workshop: Workshop, clock: Clock) -> None:
    clients = _build(workshop)
    _delivered_in_part(workshop, clients[0])
    seen = []
    for client in clients:
        who = workshop.authenticate(workshop.create_collectivity_token(client).token)
        for order in workshop.client_orders(who).orders:
            assert workshop.client_order(who, order.public_id) == order
            seen.append(order)
    # The scenario means something: orders delivered in part, open ones, quotes, orders
    # with no item listed yet.
    assert len(seen) >= 10
    assert any(len(o.deliveries) == 2 for o in seen)
    assert {"quote", "accepted", "in_progress"} <= {o.status for o in seen}
    assert any(o.items.total == 0 for o in seen)


def test_one_order_stays_within_the_link(workshop: Workshop, clock: Clock) -> None:
    first, second, _third = _build(workshop)
    mine = workshop.authenticate(workshop.create_collectivity_token(first).token)
    theirs = workshop.client_orders(
        workshop.authenticate(workshop.create_collectivity_token(second).token)).orders
    for order in theirs:
        with pytest.raises(NotFound):
            workshop.client_order(mine, order.public_id)
    own = workshop.client_orders(mine).orders
    limited = workshop.authenticate(
        workshop.create_collectivity_token(first, order_ref=own[0].ref).token)
    assert workshop.client_order(limited, own[0].public_id) == own[0]
    for order in own[1:]:
        with pytest.raises(NotFound):
            workshop.client_order(limited, order.public_id)
    with pytest.raises(NotFound):
        workshop.client_order(mine, "0" * 32)
