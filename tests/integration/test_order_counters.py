"""The per-order custody counters and the deliveries' item counts (migration 0007) against
a recount, whatever writes the items: the acts, raw SQL that moves, unlinks or deletes
items, and the migration's backfill. On both databases.

The triggers are the point: a write the store did not foresee (a fixture, a repair
by hand, a future command) must move the counters as the acts do.
"""

from __future__ import annotations

import sqlalchemy as sa

from atelier import Workshop
from atelier.store import database
from atelier.store import tables as t
from tests.conftest import DATA, engine_of, make_siret
from tests.integration.test_lifecycle_stateful import counter_recount

KOHA = DATA / "koha-items-sample.csv"


def _assert_counted(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        kept, recount, shipped, _progress = counter_recount(conn)
    assert kept == recount
    assert [(d, n) for d, n, _ in shipped] == [(d, n) for d, _, n in shipped]


def _worked_order(ws: Workshop) -> tuple[str, list[str]]:
    """An order imported, partly received, one book refused, one delivery."""
    client = ws.add_collectivity("Médiathèque de Brest", kind="mediatheque",
                                 siret=make_siret())
    ref = ws.create_order(client, ["couvrage:poche=15", "couvrage:standard=21",
                                   "couvrage:grand=16", "couvrage:hors_format=8"],
                          accepted=True)
    ws.import_items(ref, KOHA)
    barcodes = [i.barcode for i in ws.items(ref)]
    ws.receive(ref, barcodes[:10])
    ws.refuse(ref, barcodes[:1], "reliure cassée")
    return ref, barcodes


def test_the_acts_and_raw_writes_keep_the_counters(workshop: Workshop) -> None:
    ref, barcodes = _worked_order(workshop)
    engine = engine_of(workshop)
    _assert_counted(engine)
    status = workshop.status(ref)
    assert (status.items.expected, status.items.received, status.items.refused) == (
        len(barcodes) - 10, 9, 1)
    i, d, k = t.items, t.deliveries, t.tasks
    with engine.begin() as conn:
        order_id = conn.execute(sa.select(t.orders.c.id).where(t.orders.c.ref == ref)
                                ).scalar_one()
        # A delivery written by hand, items linked to it, moved between custody states.
        delivery = conn.execute(sa.insert(d).values(
            order_id=order_id, number="BL-TEST-1", year=2099, seq=1,
            delivered_on=sa.func.current_date(), created_at=sa.func.current_timestamp())
            .returning(d.c.id)).scalar_one()
        conn.execute(sa.update(i).where(i.c.barcode.in_(barcodes[1:4]))
                     .values(custody="returned", delivery_id=delivery))
        conn.execute(sa.update(i).where(i.c.barcode == barcodes[4])
                     .values(received_at=None))
    _assert_counted(engine)
    assert [x.items for x in workshop.status(ref).deliveries] == [3]
    with engine.begin() as conn:
        conn.execute(sa.update(i).where(i.c.barcode == barcodes[1]).values(delivery_id=None))
        gone = conn.execute(sa.select(i.c.id).where(i.c.barcode.in_(barcodes[5:8]))
                            ).scalars().all()
        conn.execute(sa.delete(t.work_record_tasks).where(
            t.work_record_tasks.c.task_id.in_(sa.select(k.c.id).where(k.c.item_id.in_(gone)))))
        conn.execute(sa.delete(t.quality_checks).where(
            t.quality_checks.c.task_id.in_(sa.select(k.c.id).where(k.c.item_id.in_(gone)))))
        conn.execute(sa.delete(k).where(k.c.item_id.in_(gone)))
        conn.execute(sa.delete(i).where(i.c.id.in_(gone)))
    _assert_counted(engine)
    after = workshop.status(ref)
    assert after.items.total == len(barcodes) - 3
    assert [x.items for x in after.deliveries] == [2]


def test_the_migration_backfills_and_goes_back(workshop: Workshop) -> None:
    ref, _barcodes = _worked_order(workshop)
    engine = engine_of(workshop)
    before = workshop.status(ref)
    database.downgrade(engine, "0006")
    with engine.connect() as conn:
        assert not sa.inspect(conn).has_table("order_custody")
    with engine.begin() as conn:
        # Written while no trigger keeps a counter: the backfill must count it.
        conn.execute(sa.update(t.items).where(t.items.c.custody == "expected")
                     .values(custody="missing", reason="perdu"))
    database.upgrade(engine)
    _assert_counted(engine)
    after = workshop.status(ref)
    assert after.items.missing == before.items.expected + before.items.missing
    assert after.items.expected == 0
