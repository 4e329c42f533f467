"""The act of work's statements on the pooled DBAPI cursor (store/acts.py, decision 0011):
what SQLAlchemy's connection did for them still holds, on both databases.

- the same stored values as SQLAlchemy's own writes (a timestamp in the format of
  every other writer);
- the engine's cursor events see every statement (the benchmarks count and replay
  them through these events);
- a driver error is SQLAlchemy's error, so the unit of work translates it as before
  (an integrity error is a Conflict);
- outside a transaction, a statement goes through SQLAlchemy (which begins one).
"""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from atelier import Workshop
from atelier.domain.errors import Conflict
from atelier.store import tables as t
from atelier.store.acts import fetch, write
from atelier.store.production import _RECORD_TASKS_INSERT
from tests.conftest import engine_of, qualified_trainee


def _received_order(ws: Workshop, items: int = 2) -> tuple[str, str, list[str]]:
    code = qualified_trainee(ws)
    client = ws.add_collectivity("Médiathèque de Brest", kind="mediatheque")
    ref = ws.create_order(client, [f"couvrage:standard={items}"], accepted=True)
    ws.add_placeholders(ref)
    barcodes = [i.barcode for i in ws.items(ref)]
    ws.receive(ref, barcodes)
    return ref, code, barcodes


def test_the_act_stores_timestamps_as_sqlalchemy_does(workshop: Workshop) -> None:
    ws = workshop
    ref, code, barcodes = _received_order(ws)
    ws.record_work(ref, "clean", code, barcodes[:1])
    engine = engine_of(ws)
    with engine.connect() as conn:
        # As stored (SQLite: text): the reception's timestamp went through SQLAlchemy's
        # own execute, at the same clock.
        received = conn.exec_driver_sql("SELECT received_at FROM items ORDER BY id").first()
        recorded = conn.exec_driver_sql("SELECT recorded_at FROM work_records").all()
        audited = conn.exec_driver_sql(
            "SELECT at FROM audit_log WHERE action = 'work.record'").all()
        day = conn.exec_driver_sql("SELECT work_day FROM work_records").scalar_one()
    assert received is not None
    assert [r[0] for r in recorded] == [received[0]] == [r[0] for r in audited]
    assert str(day) == "2026-03-02"


def test_the_engine_events_see_every_statement_of_the_act(workshop: Workshop) -> None:
    ws = workshop
    ref, code, barcodes = _received_order(ws)
    engine = engine_of(ws)
    seen: list[str] = []

    def on_execute(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
                   executemany: bool) -> None:
        seen.append(statement)

    sa.event.listen(engine, "before_cursor_execute", on_execute)
    try:
        ws.record_work(ref, "clean", code, barcodes[:1])
    finally:
        sa.event.remove(engine, "before_cursor_execute", on_execute)
    verbs = [" ".join(s.split()[:3]) for s in seen if not s.startswith("BEGIN")]
    assert sum(v.startswith("UPDATE tasks") for v in verbs) == 2  # done, next step released
    for what in ("UPDATE order_lines", "INSERT INTO work_records",
                 "INSERT INTO work_record_tasks", "UPDATE items", "INSERT INTO audit_log"):
        assert sum(v.startswith(what) for v in verbs) == 1, (what, verbs)
    # SQLite: BEGIN IMMEDIATE, the order, the trainee (locked), the item with its tasks and
    # the trainee's day and levels, then seven writes; PostgreSQL (no BEGIN statement) also
    # locks the item and counts its open tasks after the work.
    expected = 11 if engine.dialect.name == "sqlite" else 12
    assert len(seen) == expected, seen


def test_an_integrity_error_on_the_act_path_is_a_conflict(workshop: Workshop) -> None:
    units: Any = workshop.units
    with pytest.raises(Conflict) as err, units(write=True) as uow:
        write(uow.conn, _RECORD_TASKS_INSERT,
              {"work_record_id": 999_999, "task_id": 999_999, "minutes": 1})
    assert err.value.code == "concurrent_write"


def test_a_driver_error_on_the_act_path_is_sqlalchemys_error(workshop: Workshop) -> None:
    missing = sa.Table("no_such_table", sa.MetaData(), sa.Column("id", sa.Integer))
    units: Any = workshop.units
    with pytest.raises(sa.exc.DBAPIError) as err, units(write=False) as uow:
        fetch(uow.conn, sa.select(missing.c.id).where(missing.c.id == sa.bindparam("id")),
              {"id": 1})
    assert "no_such_table" in str(err.value)


def test_outside_a_transaction_a_statement_goes_through_sqlalchemy(workshop: Workshop) -> None:
    engine = engine_of(workshop)
    stmt = sa.select(t.catalogues.c.code).where(t.catalogues.c.active == sa.bindparam("on"))
    with engine.connect() as conn:
        assert not conn.in_transaction()
        rows = fetch(conn, stmt, {"on": True})
        assert conn.in_transaction()  # SQLAlchemy began it
        assert [r.code for r in rows] == [r.code for r in fetch(conn, stmt, {"on": True})]
        assert len(rows) == 1
