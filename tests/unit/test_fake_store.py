"""The in-memory fake of the storage (tests/fakes): real use cases through ``Workshop``,
no database, in milliseconds; and the fake's tables checked against the SQL schema."""

from __future__ import annotations

import datetime as dt

import pytest

from atelier import Workshop
from atelier.domain.errors import Conflict, NotFound, RuleViolation
from atelier.domain.tokens import StoredResponse
from tests.conftest import Clock, qualified_trainee
from tests.fakes import FakeUnitOfWorkFactory, fake_workshop
from tests.fakes.schema import SPECS


@pytest.fixture
def ws() -> Workshop:
    return fake_workshop(clock=Clock(dt.datetime(2026, 3, 2, 9, 0)))


def _order_of_two(ws: Workshop, *, accepted: bool = True) -> str:
    client = ws.add_collectivity("École Jean Moulin", kind="school")
    ref = ws.create_order(client, ["couvrage:poche=2"], accepted=accepted,
                          due_date=dt.date(2026, 4, 1))
    ws.add_placeholders(ref)
    return ref


def _snapshot(units: FakeUnitOfWorkFactory) -> dict[str, list[dict[str, object]]]:
    return {name: list(data.rows.values()) for name, data in units.db.tables.items()}


def test_the_readme_flow_closes_the_order(ws: Workshop) -> None:
    ref = _order_of_two(ws)
    received = ws.receive(ref, [f"{ref}-00001", f"{ref}-00002"])
    assert received.received == (f"{ref}-00001", f"{ref}-00002")
    assert ws.status(ref).status == "in_progress"
    trainee = ws.add_trainee(contract="cep", weekly_hours=24, start=dt.date(2026, 1, 5))
    for skill in ws.catalogue().skills:
        ws.assess(trainee, skill.code, 3, evidence="observed at the bench")
    for op in ws.catalogue().service("couvrage").operations:
        if op.checkpoint:
            ws.check(ref, op.code)
        else:
            assert ws.record_work(ref, op.code, trainee).tasks == 2
    status = ws.status(ref)
    assert status.status == "ready" and status.items.ready == 2
    line = status.services[0]
    assert (line.items, line.items_done, line.tasks_done) == (2, 2, line.tasks_total)
    assert line.remaining_minutes == 0
    note = ws.deliver(ref)
    assert note.number == "BL-2026-0001"
    final = ws.status(ref)
    assert final.status == "closed"
    assert final.items.returned == 2 and final.items.balanced()
    assert [(d.number, d.items) for d in final.deliveries] == [("BL-2026-0001", 2)]
    assert ws.delivery(note.number).barcodes == (f"{ref}-00001", f"{ref}-00002")
    assert [o.status for o in ws.orders()] == ["closed"]
    evidence = {e.skill: e for e in ws.evidence(trainee)}
    assert evidence["film_apply"].autonomous_work.items == 2
    assert evidence["film_apply"].autonomous_work.passed == 2  # the check judged the work
    assert ws.audit(limit=1)[0].action == "delivery.create"


def test_an_unknown_order_is_not_found(ws: Workshop) -> None:
    with pytest.raises(NotFound) as err:
        ws.status("CMD-2026-0042")
    assert (err.value.what, err.value.code) == ("order", "order_not_found")
    with pytest.raises(NotFound):
        ws.receive("CMD-2026-0042", ["X"])


def test_the_skill_gate_refuses_a_trainee_at_level_1(ws: Workshop) -> None:
    ref = _order_of_two(ws)
    ws.receive(ref, [f"{ref}-00001"])
    trainee = qualified_trainee(ws, level=1)
    clean, cut = ws.catalogue().service("couvrage").operations[:2]
    assert (clean.min_level, cut.min_level) == (1, 2)
    ws.record_work(ref, clean.code, trainee)
    before = _snapshot(ws.units)  # type: ignore[arg-type]
    with pytest.raises(RuleViolation) as err:
        ws.record_work(ref, cut.code, trainee)
    assert err.value.code == "skill_gate"
    assert _snapshot(ws.units) == before  # type: ignore[arg-type]


def test_a_use_case_that_raises_half_way_leaves_no_trace(ws: Workshop) -> None:
    ref = _order_of_two(ws)
    ws.cancel(ref, "la mairie a changé d'avis")
    units: FakeUnitOfWorkFactory = ws.units  # type: ignore[assignment]
    before = _snapshot(units)
    with pytest.raises(RuleViolation):
        ws.receive(ref, [f"{ref}-00001"])
    assert _snapshot(units) == before
    # A rollback after writes: the delivery number is taken, then the items' versions
    # no longer match (someone moved them meanwhile) and the whole act goes.
    other = _order_of_two(ws)
    ws.receive(other, [f"{other}-00001"])
    with units(write=True) as uow:
        items = uow.items.find(uow.orders.get(other).id)
        uow.items.move(items[:1], "missing", reason="test")
    before = _snapshot(units)
    with pytest.raises(Conflict) as err, units(write=True) as uow:
        uow.counters.next("delivery", 2026)
        uow.items.move(items, "returned")
    assert err.value.code == "stale_write"
    assert _snapshot(units) == before


def test_a_unique_key_taken_twice_is_a_conflict(ws: Workshop) -> None:
    ws.add_trainee(contract="cep", weekly_hours=24, start=dt.date(2026, 1, 5), code="T-0100")
    units: FakeUnitOfWorkFactory = ws.units  # type: ignore[assignment]
    with pytest.raises(Conflict) as err, units(write=True) as uow:
        uow.people.add_trainee("T-0100", dt.datetime(2026, 3, 2))
    assert err.value.code == "concurrent_write"
    ws.add_post("P1", "Couvrage 1")
    with pytest.raises(Conflict), units(write=True) as uow:
        uow.people.add_post("P1", "Couvrage bis")
    with pytest.raises(Conflict), units(write=True) as uow:
        for _ in range(2):
            uow.tokens.store_response("tok", "key-1", "h", StoredResponse(201, "application/json",
                                                                          "{}"),
                                      dt.datetime(2026, 3, 2))
    assert [p.label for p in ws.posts()] == ["Couvrage 1"]


def test_counters_are_gapless_and_given_back_on_rollback(ws: Workshop) -> None:
    units: FakeUnitOfWorkFactory = ws.units  # type: ignore[assignment]
    with units(write=True) as uow:
        assert [uow.counters.next("x", 2026) for _ in range(2)] == [1, 2]
    with pytest.raises(ZeroDivisionError), units(write=True) as uow:
        assert uow.counters.next("x", 2026) == 3
        _ = 1 / 0
    with units(write=False) as uow:
        assert uow.counters.next("x", 2026) == 3  # read transactions never commit
    with units(write=True) as uow:
        assert uow.counters.next("x", 2026) == 3
        with pytest.raises(RuntimeError):  # on SQLite it would wait for itself
            units(write=True).__enter__()
    with units(write=True) as uow:  # the lock was given back
        assert uow.counters.next("x", 2026) == 4


def test_the_factory_is_a_unit_of_work_factory(ws: Workshop) -> None:
    from atelier.store.database import SCHEMA_HEAD

    assert ws.location == "memory://"
    assert ws.schema_revision() == (SCHEMA_HEAD, SCHEMA_HEAD)
    assert ws.init()[1] is False  # the same catalogue again: only re-activated
    viewer = fake_workshop(role="viewer", units=ws.units)  # type: ignore[arg-type]
    assert viewer.actor.role == "viewer" and viewer.catalogue() == ws.catalogue()


def test_the_fake_tables_are_the_schemas() -> None:
    """Columns in the same order (a person's export lists rows whole), keys, unique keys
    and references as the SQL tables have them; and the store's constants."""
    import sqlalchemy as sa

    from atelier.store import people_records, tables
    from tests.fakes.people_records import ANONYMISED_REASON

    assert ANONYMISED_REASON == people_records.ANONYMISED_REASON
    assert set(SPECS) == set(tables.metadata.tables)
    for name, spec in SPECS.items():
        table = tables.metadata.tables[name]
        assert spec.columns == tuple(c.name for c in table.columns), name
        assert spec.key == tuple(c.name for c in table.primary_key.columns), name
        unique = {tuple(c.name for c in u.columns) for u in table.constraints
                  if isinstance(u, sa.UniqueConstraint)}
        unique |= {(c.name,) for c in table.columns if c.unique}
        assert set(spec.unique) == unique, name
        refs = {fk.parent.name: fk.column.table.name for fk in table.foreign_keys}
        assert dict(spec.refs) == refs, name
