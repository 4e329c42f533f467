"""The per-trainee-per-day counter of recorded minutes (``day_minutes``, migration 0008)
against a recount, after random sequences of acts, on both databases.

Work records and time entries both count in a day's recorded time; the counter
is kept by triggers, so every writer moves it: an act of work, a time entry, its
removal. A refused act (a day that would exceed its attendance, a locked month)
must leave it as it was: it is written in the act's own transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from atelier import Workshop
from atelier.domain.errors import RuleViolation
from atelier.store import tables as t
from tests.conftest import engine_of, qualified_trainee

#: Refusals the random acts may meet: each leaves the counter as it was.
EXPECTED_REFUSALS = {"day_exceeds_attendance", "hours_limit", "attendance_below_recorded",
                     "month_locked"}
PROPERTY = settings(max_examples=20, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])
#: Days of February 2026 the acts fall on (few, so that acts meet on the same day).
DAYS = st.integers(2, 5)
WORK = st.tuples(st.just("work"), st.integers(0, 2), DAYS, st.integers(0, 90))
TIME = st.tuples(st.just("time"), st.integers(0, 2), DAYS, st.integers(1, 120))
REMOVE = st.tuples(st.just("remove"), st.integers(0, 50))
ATTEND = st.tuples(st.just("attend"), st.integers(0, 2), DAYS, st.integers(30, 300))
ACTS = st.lists(st.one_of(WORK, TIME, REMOVE, ATTEND), min_size=1, max_size=12)


def counters(engine: sa.Engine) -> dict[tuple[int, str], int]:
    """The counter's rows (zeros left by a removal are no minutes)."""
    dm = t.day_minutes
    with engine.connect() as conn:
        return {(int(r.trainee_id), str(r.day)): int(r.minutes)
                for r in conn.execute(sa.select(dm)) if r.minutes}


def recount(engine: sa.Engine) -> dict[tuple[int, str], int]:
    """The same figure summed from the rows themselves."""
    w, e = t.work_records, t.time_entries
    found: dict[tuple[int, str], int] = {}
    with engine.connect() as conn:
        for query in (sa.select(w.c.trainee_id, w.c.work_day, sa.func.sum(w.c.minutes))
                      .group_by(w.c.trainee_id, w.c.work_day),
                      sa.select(e.c.trainee_id, e.c.day, sa.func.sum(e.c.minutes))
                      .group_by(e.c.trainee_id, e.c.day)):
            for tid, day, minutes in conn.execute(query):
                key = (int(tid), str(day))
                found[key] = found.get(key, 0) + int(minutes)
    return {key: minutes for key, minutes in found.items() if minutes}


def _run(ws: Workshop, op: tuple[Any, ...], trainees: list[str], ref: str,
         barcodes: list[str], entries: list[int]) -> None:
    kind = op[0]
    if kind == "remove":
        if entries:
            ws.remove_time(entries.pop(op[1] % len(entries)))
        return
    code, day = trainees[op[1]], dt.date(2026, 2, op[2])
    if kind == "work":
        ws.record_work(ref, "clean", code, None if not barcodes else [barcodes.pop()],
                       minutes=op[3], day=day)
    elif kind == "time":
        entries.append(ws.add_time(code, day, "training", op[3]))
    else:
        ws.record_attendance(code, day, "am", minutes=op[3])


def test_property_the_day_counter_equals_a_recount(workshop: Workshop) -> None:
    ws = workshop
    engine = engine_of(ws)
    trainees = [qualified_trainee(ws) for _ in range(3)]
    client = ws.add_collectivity("Médiathèque de Brest", kind="mediatheque")
    entries: list[int] = []

    @PROPERTY
    @given(acts=ACTS)
    def check(acts: list[tuple[Any, ...]]) -> None:
        # A fresh order per example: each act of work takes one item of its own.
        ref = ws.create_order(client, ["couvrage:standard=12"], accepted=True)
        ws.add_placeholders(ref)
        barcodes = [i.barcode for i in ws.items(ref)]
        ws.receive(ref, barcodes)
        for op in acts:
            try:
                _run(ws, op, trainees, ref, barcodes, entries)
            except RuleViolation as err:
                assert err.code in EXPECTED_REFUSALS, err
                event(f"refused: {err.code}")
            assert counters(engine) == recount(engine)

    check()
    assert recount(engine), "the examples recorded no minutes at all"


def test_the_counter_follows_every_writer_of_minutes(workshop: Workshop) -> None:
    """One of each, by hand: work, a time entry, its removal, a refused act."""
    ws = workshop
    engine = engine_of(ws)
    code = qualified_trainee(ws)
    client = ws.add_collectivity("Médiathèque de Brest", kind="mediatheque")
    ref = ws.create_order(client, ["couvrage:standard=3"], accepted=True)
    ws.add_placeholders(ref)
    barcodes = [i.barcode for i in ws.items(ref)]
    ws.receive(ref, barcodes)
    day = dt.date(2026, 2, 2)
    with engine.connect() as conn:
        tid = conn.execute(sa.select(t.trainees.c.id)
                           .where(t.trainees.c.code == code)).scalar_one()
    key = (tid, day.isoformat())
    ws.record_attendance(code, day, "am", minutes=60)
    ws.record_work(ref, "clean", code, barcodes[:1], minutes=20, day=day)
    assert counters(engine) == {key: 20}
    entry = ws.add_time(code, day, "training", 30)
    assert counters(engine) == {key: 50}
    with pytest.raises(RuleViolation) as err:
        ws.record_work(ref, "clean", code, barcodes[1:2], minutes=11, day=day)
    assert err.value.code == "day_exceeds_attendance"
    assert err.value.params["recorded"] == 50
    assert counters(engine) == {key: 50}
    ws.remove_time(entry)
    assert counters(engine) == {key: 20} == recount(engine)
    ws.record_work(ref, "clean", code, barcodes[1:2], minutes=40, day=day)  # fits now
    assert counters(engine) == {key: 60} == recount(engine)
