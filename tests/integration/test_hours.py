"""Hours on a real database: attendance, time entries, work, monthly figures, the lock."""

from __future__ import annotations

import datetime as dt
import itertools
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from atelier import Workshop, jsonable
from atelier.domain.errors import Forbidden, InvalidInput, NotFound, RuleViolation
from atelier.domain.hours import ABSENCE_REASONS, SESSIONS, MonthHours
from atelier.domain.views import AuditRecord
from atelier.services import hours, people
from atelier.store import tables as t
from atelier.store.uow import SqlUnitOfWork
from tests.conftest import Clock, engine_of, qualified_trainee

#: Use cases through ``Workshop``: in memory, and on both databases in the slow run.
pytestmark = pytest.mark.service

MON, TUE, WED = dt.date(2026, 2, 2), dt.date(2026, 2, 3), dt.date(2026, 2, 4)


def _trainee(ws: Workshop) -> str:
    return ws.add_trainee(contract="cep", weekly_hours=24, start=dt.date(2026, 1, 5))


def _order(ws: Workshop, name: str = "Médiathèque de Brest", n: int = 4,
           reserved: bool = False) -> tuple[int, str, list[str]]:
    client = ws.add_collectivity(name, kind="mediatheque")
    ref = ws.create_order(client, [f"couvrage:standard={n}"], accepted=True,
                          reserved_contract=reserved)
    ws.add_placeholders(ref)
    codes = [i.barcode for i in ws.items(ref)]
    ws.receive(ref, codes)
    return client, ref, codes


def _refused(call: object, code: str) -> RuleViolation:
    assert callable(call)
    with pytest.raises(RuleViolation) as err:
        call()
    assert err.value.code == code, err.value
    return err.value


def _audits(ws: Workshop, action: str) -> list[AuditRecord]:
    return [a for a in ws.audit(limit=1000) if a.action == action]


def test_attendance_is_recorded_replaced_and_audited(workshop: Workshop) -> None:
    ws = workshop
    code = _trainee(ws)
    ws.record_attendance(code, MON, "am")
    ws.record_attendance(code, MON, "pm", minutes=150)
    assert [(e.session, e.present, e.minutes) for e in ws.attendance(day=MON)] == [
        ("am", True, 180), ("pm", True, 150)]

    again = ws.record_attendance(code, MON, "pm", present=False, reason="visit")
    assert (again.present, again.minutes, again.reason) == (False, 180, "visit")
    [pm] = [e for e in ws.attendance(day=MON, trainee=code) if e.session == "pm"]
    assert (pm.present, pm.reason, pm.recorded_by) == (False, "visit", ws.actor.name)
    records = _audits(ws, "attendance.record")
    assert len(records) == 3
    latest = records[0]
    assert latest.entity_key == code
    assert latest.before == {"day": "2026-02-02", "session": "pm", "present": True,
                             "minutes": 150, "reason": None}
    assert latest.after["reason"] == "visit"

    ws.record_attendance(code, MON, "pm", present=False, reason="visit")  # same again: no-op
    assert len(_audits(ws, "attendance.record")) == 3


def test_the_roll_call_is_all_or_none(workshop: Workshop) -> None:
    ws = workshop
    first, second = _trainee(ws), _trainee(ws)
    with pytest.raises(NotFound):
        ws.record_attendance_many([first, "T-9999", second], MON, "am")
    assert ws.attendance(day=MON) == []
    done = ws.record_attendance_many([first, second, first], MON, "am")
    assert [e.trainee for e in done] == [first, second]
    assert len(_audits(ws, "attendance.record")) == 2
    with pytest.raises(InvalidInput) as err:
        ws.record_attendance_many([], MON, "am")
    assert err.value.code == "trainee_required"


def test_no_more_than_ten_hours_a_day_and_48_a_week(workshop: Workshop) -> None:
    ws = workshop
    code = _trainee(ws)
    ws.record_attendance(code, MON, "am", minutes=300)
    err = _refused(lambda: ws.record_attendance(code, MON, "pm", minutes=301), "hours_limit")
    assert (err.params["rule"], err.params["minutes"], err.params["limit"]) == (
        "max_daily", 601, 600)
    ws.record_attendance(code, MON, "pm", minutes=300)
    # Replacing a session counts the new minutes only, not old + new.
    ws.record_attendance(code, MON, "pm", minutes=240)
    ws.record_attendance(code, MON, "pm", minutes=300)
    for offset in range(1, 4):  # Tuesday to Thursday, 10 h each: 40 h in all
        day = MON + dt.timedelta(days=offset)
        ws.record_attendance(code, day, "am", minutes=300)
        ws.record_attendance(code, day, "pm", minutes=300)
    friday = MON + dt.timedelta(days=4)
    ws.record_attendance(code, friday, "am", minutes=480)
    err = _refused(lambda: ws.record_attendance(code, friday, "pm", minutes=1), "hours_limit")
    assert (err.params["rule"], err.params["day"]) == ("max_weekly", "2026-02-02")
    # The next ISO week starts again from zero.
    ws.record_attendance(code, MON + dt.timedelta(days=7), "am", minutes=300)


def test_a_days_time_cannot_exceed_its_attendance(workshop: Workshop) -> None:
    ws = workshop
    code = _trainee(ws)
    ws.record_attendance(code, MON, "am")
    ws.record_attendance(code, MON, "pm", present=False, reason="court")
    ws.add_time(code, MON, "training", 120)
    err = _refused(lambda: ws.add_time(code, MON, "cleaning", 61), "day_exceeds_attendance")
    assert {k: err.params[k] for k in ("trainee", "day", "attended", "recorded", "adding")} == {
        "trainee": code, "day": "2026-02-02", "attended": 180, "recorded": 120, "adding": 61}
    ws.add_time(code, MON, "cleaning", 60)
    assert sum(e.minutes for e in ws.time_entries(day=MON)) == 180


def test_a_mistyped_time_entry_is_taken_back_until_the_month_is_validated(
        workshop: Workshop) -> None:
    ws = workshop
    code = _trainee(ws)
    ws.record_attendance(code, MON, "am")
    wrong = ws.add_time(code, MON, "cleaning", 170, note="erreur")
    _refused(lambda: ws.add_time(code, MON, "training", 60), "day_exceeds_attendance")
    removed = ws.remove_time(wrong)
    assert (removed.id, removed.minutes, removed.activity) == (wrong, 170, "cleaning")
    assert ws.time_entries(day=MON) == []
    audit = ws.audit(limit=1)[0]
    assert (audit.action, audit.after, audit.before["minutes"], audit.before["note"]) == (
        "time.remove", None, 170, True)
    with pytest.raises(NotFound):
        ws.remove_time(wrong)
    kept = ws.add_time(code, MON, "training", 60)
    ws.validate_month("2026-02")
    _refused(lambda: ws.remove_time(kept), "month_locked")
    assert [e.id for e in ws.time_entries(month="2026-02")] == [kept]


def test_work_counts_in_the_day_and_must_fit_attendance(workshop: Workshop) -> None:
    ws = workshop
    code = qualified_trainee(ws)
    _, ref, barcodes = _order(ws)
    ws.record_attendance(code, MON, "am", minutes=120)
    ws.add_time(code, MON, "training", 60)
    ws.record_work(ref, "clean", code, barcodes[:2], minutes=40, day=MON)
    err = _refused(lambda: ws.record_work(ref, "clean", code, barcodes[2:], minutes=21, day=MON),
                   "day_exceeds_attendance")
    assert (err.params["recorded"], err.params["adding"]) == (100, 21)
    [month] = ws.month_hours("2026-02", trainee=code)
    assert month.activities["operation"] == 40 and month.activities["training"] == 60
    assert month.unallocated_minutes == 20
    # Lowering the day below the 100 minutes recorded is refused; keeping above is not.
    err = _refused(lambda: ws.record_attendance(code, MON, "am", minutes=99),
                   "attendance_below_recorded")
    assert (err.params["attended"], err.params["recorded"]) == (99, 100)
    _refused(lambda: ws.record_attendance(code, MON, "am", present=False, reason="sick"),
             "attendance_below_recorded")
    ws.record_attendance(code, MON, "am", minutes=100)


def test_a_day_with_time_and_no_attendance_is_reconciled_before_validation(
        workshop: Workshop) -> None:
    ws = workshop
    code = _trainee(ws)
    ws.add_time(code, TUE, "cleaning", 300)  # typed before the roll call: accepted
    [month] = ws.month_hours("2026-02")
    assert month.days_to_reconcile == (TUE,) and month.unallocated_minutes == -300
    err = _refused(lambda: ws.validate_month("2026-02"), "month_unreconciled")
    assert err.params["count"] == 1 and f"{code} 2026-02-03" in err.params["days"]
    ws.record_attendance(code, TUE, "am")  # raising towards the time recorded is allowed
    assert ws.month_hours("2026-02")[0].days_to_reconcile == (TUE,)  # still short of it
    _refused(lambda: ws.validate_month("2026-02"), "month_unreconciled")
    ws.record_attendance(code, TUE, "pm", minutes=120)
    assert ws.month_hours("2026-02")[0].days_to_reconcile == ()
    [validated] = ws.validate_month("2026-02")
    assert validated.locked and validated.total_minutes == 300


def test_month_hours_figures(workshop: Workshop) -> None:
    ws = workshop
    code, idle = _trainee(ws), _trainee(ws)
    ws.record_attendance(code, MON, "am", minutes=200)
    ws.record_attendance(code, MON, "pm", present=False, reason="visit")
    ws.record_attendance(code, TUE, "am", present=False, reason="visit", minutes=150)
    ws.record_attendance(code, TUE, "pm", present=False, reason="medical")
    ws.record_attendance(code, WED, "am")
    ws.record_attendance(code, dt.date(2026, 3, 2), "am")  # another month: not counted
    ws.add_time(code, MON, "training", 50)
    ws.add_time(code, WED, "non_productive", 15)
    figures = {m.trainee: m for m in ws.month_hours("2026-02")}
    assert set(figures) == {code, idle}  # the idle trainee is under contract: zeros
    month = figures[code]
    assert month.attended_minutes == 380
    assert [(r, a.sessions, a.minutes) for r, a in month.absences.items()] == [
        ("medical", 1, 180), ("visit", 2, 330)]
    assert dict(month.activities) == {"operation": 0, "training": 50, "cleaning": 0,
                                      "non_productive": 15}
    assert (month.unallocated_minutes, month.total_minutes, month.locked) == (315, 380, False)
    assert figures[idle].total_minutes == 0
    assert ws.month_hours("2026-02", trainee=idle)[0].trainee == idle
    with pytest.raises(NotFound):
        ws.month_hours("2026-02", trainee="T-9999")


def test_a_validated_month_refuses_every_change_but_corrections(workshop: Workshop,
                                                                 clock: Clock) -> None:
    ws = workshop
    code = qualified_trainee(ws)
    _, ref, barcodes = _order(ws)
    ws.record_attendance(code, MON, "am")
    ws.record_work(ref, "clean", code, barcodes[:1], minutes=30, day=MON)
    before = ws.month_hours("2026-02")
    ws.validate_month("2026-02")
    for call in (lambda: ws.record_attendance(code, MON, "pm"),
                 lambda: ws.record_attendance(code, MON, "am", minutes=100),
                 lambda: ws.record_attendance(code, TUE, "am", present=False, reason="sick"),
                 lambda: ws.add_time(code, TUE, "training", 10),
                 lambda: ws.record_work(ref, "clean", code, barcodes[1:2], minutes=5, day=TUE)):
        err = _refused(call, "month_locked")
        assert err.params["month"] == "2026-02"
    after = ws.month_hours("2026-02")
    assert [jsonable(m) | {"locked": False} for m in after] == [
        jsonable(m) for m in before]
    # The next month is open.
    ws.record_attendance(code, dt.date(2026, 3, 2), "am")

    clock.advance(days=3)
    correction = ws.correct_hours("2026-02", code, 45, "présence du 5 oubliée")
    assert (correction.minutes, correction.recorded_on) == (45, dt.date(2026, 3, 5))
    [month] = ws.month_hours("2026-02", trainee=code)
    assert (month.attended_minutes, month.corrections_minutes, month.total_minutes) == (
        180, 45, 225)
    assert month.corrections[0].reason == "présence du 5 oubliée"
    err = _refused(lambda: ws.correct_hours("2026-02", code, -226, "trop"),
                   "correction_below_zero")
    assert err.params["total"] == 225
    ws.correct_hours("2026-02", code, -225, "mois annulé")
    assert ws.month_hours("2026-02", trainee=code)[0].total_minutes == 0


def test_corrections_and_validation_refusals(workshop: Workshop) -> None:
    ws = workshop
    code = _trainee(ws)
    _refused(lambda: ws.correct_hours("2026-02", code, 30, "x"), "month_not_validated")
    _refused(lambda: ws.validate_month("2026-04"), "month_not_begun")
    err = _refused(lambda: ws.validate_month("2026-03"), "month_not_over")  # today: 2 March
    assert err.params == {"month": "2026-03", "last": "2026-03-31"}
    ws.validate_month("2026-02")
    _refused(lambda: ws.validate_month("2026-02"), "month_already_validated")
    with pytest.raises(InvalidInput) as err:
        ws.correct_hours("2026-02", code, 30, "   ")
    assert err.value.code == "reason_required"
    with pytest.raises(InvalidInput) as err:
        ws.correct_hours("2026-02", code, 0, "rien")
    assert err.value.code == "correction_range"
    with pytest.raises(InvalidInput) as err:
        ws.validate_month("2026-2")
    assert (err.value.code, err.value.field) == ("month_invalid", "month")


def test_days_to_come(workshop: Workshop) -> None:
    ws = workshop
    code = _trainee(ws)
    tomorrow = dt.date(2026, 3, 3)
    _refused(lambda: ws.record_attendance(code, tomorrow, "am"), "day_in_future")
    _refused(lambda: ws.add_time(code, tomorrow, "training", 30), "day_in_future")
    ws.record_attendance(code, tomorrow, "am", present=False, reason="workshop_closed")
    assert ws.attendance(day=tomorrow)[0].reason == "workshop_closed"


def test_a_month_is_validated_once_over(workshop: Workshop, clock: Clock) -> None:
    ws = workshop
    code = _trainee(ws)
    ws.record_attendance(code, dt.date(2026, 3, 2), "am")
    _refused(lambda: ws.validate_month("2026-03"), "month_not_over")
    clock.now = dt.datetime(2026, 3, 30, 18, 0)
    _refused(lambda: ws.validate_month("2026-03"), "month_not_over")
    assert _audits(ws, "hours.validate") == []
    clock.now = dt.datetime(2026, 3, 31, 18, 0)  # its last day, once the roll call is typed
    [month] = ws.validate_month("2026-03")
    assert (month.locked, month.attended_minutes) == (True, 180)


def test_hours_fall_within_the_pathway(workshop: Workshop) -> None:
    ws = workshop
    code = _trainee(ws)  # first contract from Monday 5 January 2026
    before = dt.date(2026, 1, 2)
    refusals: list[Callable[[], object]] = [
        lambda: ws.record_attendance(code, dt.date(1990, 1, 1), "am"),
        lambda: ws.record_attendance(code, before, "am"),
        lambda: ws.record_attendance(code, before, "pm", present=False, reason="visit"),
        lambda: ws.add_time(code, before, "training", 30),
    ]
    for call in refusals:
        err = _refused(call, "day_outside_contract")
    assert err.params == {"trainee": code, "day": "2026-01-02", "start": "2026-01-05",
                          "exit": None, "period": "2026-01-05 → …"}
    ws.record_attendance(code, dt.date(2026, 1, 5), "am")  # the first day counts
    ws.add_time(code, dt.date(2026, 1, 5), "training", 30)
    # A renewal does not move the pathway's start; a planned end passing bounds nothing
    # (renewals are often typed late).
    ws.renew_contract(code, contract="cep", weekly_hours=30, start=dt.date(2026, 1, 19),
                      end=dt.date(2026, 1, 30))
    ws.record_attendance(code, dt.date(2026, 1, 6), "am")
    ws.record_attendance(code, MON, "am")
    ws.record_exit(code, on=TUE, outcome="positive_exit")
    for call in (lambda: ws.record_attendance(code, WED, "am", present=False, reason="release"),
                 lambda: ws.add_time(code, WED, "training", 10)):
        err = _refused(call, "day_outside_contract")
    assert (err.params["exit"], err.params["period"]) == ("2026-02-03", "2026-01-05 → 2026-02-03")
    _refused(lambda: ws.record_attendance(code, TUE, "am"), "trainee_inactive")
    with ws.units(write=True) as uow:  # as record_work calls it
        trainee_id = uow.people.trainee(code).id
        _refused(lambda: hours.check_work_fits(uow, trainee_id, code, MON, 10),
                 "trainee_inactive")
        _refused(lambda: hours.check_work_fits(uow, trainee_id, code, WED, 10),
                 "day_outside_contract")
    assert [e.day.isoformat() for e in ws.attendance(trainee=code)] == [
        "2026-01-05", "2026-01-06", "2026-02-02"]
    assert len(ws.time_entries(trainee=code)) == 1


@pytest.mark.database
def test_work_falls_within_the_pathway(workshop: Workshop) -> None:
    ws = workshop
    worker = qualified_trainee(ws)  # from 5 January 2026
    _, ref, barcodes = _order(ws)
    err = _refused(lambda: ws.record_work(ref, "clean", worker, barcodes[:1], minutes=5,
                                          day=dt.date(2025, 12, 31)), "day_outside_contract")
    assert (err.params["day"], err.params["start"]) == ("2025-12-31", "2026-01-05")
    ws.record_work(ref, "clean", worker, barcodes[:1], minutes=5, day=dt.date(2026, 1, 5))
    with engine_of(ws).begin() as conn:  # a trainee of a database older than contracts
        conn.execute(sa.insert(t.trainees).values(code="T-0999", created_at=dt.datetime(2025,
                                                                                         1, 6)))
    for call in (lambda: ws.record_attendance("T-0999", MON, "am"),
                 lambda: ws.add_time("T-0999", MON, "training", 10),
                 lambda: ws.record_work(ref, "clean", "T-0999", barcodes[1:2], minutes=5,
                                        supervisor="Claire", day=MON)):
        err = _refused(call, "trainee_without_contract")
    assert err.params == {"trainee": "T-0999", "day": "2026-02-02"}


def test_time_on_an_operation_passes_the_skill_gate(workshop: Workshop) -> None:
    ws = workshop
    code = _trainee(ws)  # never assessed: level 0 in every skill
    _, ref, _ = _order(ws)
    for day in (MON, TUE):
        for session in SESSIONS:
            ws.record_attendance(code, day, session)

    def cut(**supervisor: str) -> int:
        return ws.add_time(code, MON, "operation", 30, order=ref, operation="cut_film",
                           **supervisor)

    err = _refused(lambda: cut(supervisor="Claire"), "skill_gate")  # two levels below
    assert err.params == {"trainee": code, "skill": "film_cut", "required": 2, "held": 0}
    ws.assess(code, "film_cut", 1)
    _refused(cut, "skill_gate")
    cut(supervisor="Claire")  # one level below, learning under a named supervisor
    [audit] = _audits(ws, "time.add")
    assert (audit.after["supervisor"], audit.after["learning"]) == ("Claire", ["film_cut"])
    # Training on an operation is how one learns it: no gate.
    ws.add_time(code, MON, "training", 30, order=ref, operation="apply_film")
    ws.assess(code, "film_cut", 2)
    cut()
    # glue_spine is in two services of the order: gluing 2 to repair a cover, 3 to bind.
    client = ws.add_collectivity("Archives de Vannes", kind="archive")
    both = ws.create_order(client, ["couverture_decollee:standard=1", "reliure:standard=1"],
                           accepted=True)
    ws.assess(code, "gluing", 2)

    def glue(**supervisor: str) -> int:
        return ws.add_time(code, TUE, "operation", 30, order=both, operation="glue_spine",
                           **supervisor)

    err = _refused(glue, "skill_gate")
    assert (err.params["skill"], err.params["required"], err.params["held"]) == ("gluing", 3, 2)
    glue(supervisor="Claire")
    assert [(e.day, e.operation) for e in ws.time_entries(trainee=code)] == [
        (MON, "cut_film"), (MON, "apply_film"), (MON, "cut_film"), (TUE, "glue_spine")]


def test_inputs_are_checked(workshop: Workshop) -> None:
    ws = workshop
    code = _trainee(ws)
    _, ref, _ = _order(ws)
    cases = [
        (lambda: ws.record_attendance(code, "2026-02-30", "am"), "date_no_such_day"),  # type: ignore[arg-type]
        (lambda: ws.record_attendance(code, MON, "night"), "session_invalid"),
        (lambda: ws.record_attendance(code, MON, "am", present=False), "absence_reason_invalid"),
        (lambda: ws.add_time(code, MON, "operation", 30), "order_required"),
        (lambda: ws.add_time(code, MON, "operation", 30, order=ref), "operation_required"),
        (lambda: ws.add_time(code, MON, "operation", 30, order=ref, operation="sew"),
         "operation_unknown"),  # in the catalogue, not in the order's services
        (lambda: ws.add_time(code, MON, "training", 30, operation="clean"), "order_required"),
        (lambda: ws.add_time(code, MON, "operation", 30, order=ref, operation="gild"),
         "operation_unknown"),
        (lambda: ws.add_time(code, MON, "training", 0), "minutes_range"),
        (lambda: ws.add_time(code, MON, "training", 10, note="x" * 501), "text_too_long"),
        (lambda: ws.attendance(day=MON, month="2026-02"), "period_conflict"),
        (lambda: ws.time_entries(month="février"), "month_invalid"),
    ]
    for call, code_ in cases:
        with pytest.raises(InvalidInput) as err:
            call()
        assert err.value.code == code_
    with pytest.raises(NotFound):
        ws.add_time(code, MON, "operation", 30, order="C-1999-9999", operation="clean")
    with pytest.raises(NotFound):
        ws.record_attendance("T-9999", MON, "am")
    assert ws.attendance() == [] and ws.time_entries() == []


def test_insertion_hours_per_order_and_collectivity(workshop: Workshop) -> None:
    ws = workshop
    code = qualified_trainee(ws)
    brest, ref, barcodes = _order(ws, reserved=True)
    quimper, other, _ = _order(ws, "Mairie de Quimper")
    _, idle, _ = _order(ws, "École de Morlaix", reserved=True)
    ws.record_attendance(code, MON, "am")
    ws.record_attendance(code, MON, "pm")
    ws.record_work(ref, "clean", code, barcodes[:2], minutes=50, day=MON)
    ws.add_time(code, MON, "operation", 40, order=ref, operation="cut_film", note="reprise")
    ws.add_time(code, MON, "operation", 25, order=other, operation="clean")
    ws.add_time(code, MON, "cleaning", 30)  # no order: not insertion hours of a client
    by_ref = {o.order: o for o in ws.order_hours()}
    assert set(by_ref) == {ref, other, idle}  # the reserved order shows even at zero
    assert (by_ref[ref].work_minutes, by_ref[ref].entry_minutes, by_ref[ref].total_minutes) == (
        50, 40, 90)
    assert by_ref[ref].reserved_contract and not by_ref[other].reserved_contract
    assert by_ref[idle].total_minutes == 0
    assert [o.order for o in ws.order_hours(collectivity_id=quimper)] == [other]
    with pytest.raises(NotFound):
        ws.order_hours(collectivity_id=9999)
    totals = {c.collectivity_id: c for c in ws.collectivity_hours()}
    assert (totals[brest].total_minutes, totals[brest].reserved_minutes) == (90, 90)
    assert (totals[quimper].total_minutes, totals[quimper].reserved_minutes) == (25, 0)
    [entry] = [e for e in ws.time_entries(trainee=code) if e.order == ref]
    assert (entry.operation, entry.note) == ("cut_film", "reprise")


def test_csv_exports(workshop: Workshop, tmp_path: Path) -> None:
    ws = workshop
    code = qualified_trainee(ws)
    _, ref, barcodes = _order(ws, reserved=True)
    ws.record_attendance(code, MON, "am")
    ws.record_work(ref, "clean", code, barcodes[:1], minutes=20, day=MON)
    path = tmp_path / "heures-2026-02.csv"
    assert ws.write_month_csv("2026-02", path) == 1
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeffMois;Salarié·e (code);Présence (min)")
    assert f"\r\n2026-02;{code};180;0;180;3,00;20;" in text
    orders = tmp_path / "commandes.csv"
    assert ws.write_order_hours_csv(orders) == 1
    assert f"{ref};Médiathèque de Brest;oui;20;0;20;0,33" in orders.read_text(
        encoding="utf-8-sig")


def test_roles(workshop: Workshop) -> None:
    ws = workshop
    code = _trainee(ws)
    viewer = ws.acting_as("Paul", role="viewer")
    supervisor = ws.acting_as("Claire", role="supervisor")
    counsellor = ws.acting_as("Anne", role="counsellor")
    with pytest.raises(Forbidden):
        viewer.record_attendance(code, MON, "am")
    supervisor.record_attendance(code, MON, "am")
    assert viewer.month_hours("2026-02")[0].total_minutes == 180
    with pytest.raises(Forbidden):
        supervisor.validate_month("2026-02")
    counsellor.validate_month("2026-02")
    with pytest.raises(Forbidden):
        supervisor.correct_hours("2026-02", code, 10, "oubli")
    counsellor.correct_hours("2026-02", code, 10, "oubli")


@pytest.mark.database
def test_one_audit_record_per_act_and_no_free_text_in_it(workshop: Workshop,
                                                          engine: sa.Engine) -> None:
    ws = workshop
    code = _trainee(ws)
    ws.record_attendance(code, MON, "am")
    ws.add_time(code, MON, "training", 30, note="parle de sa famille")
    ws.validate_month("2026-02")
    ws.correct_hours("2026-02", code, 15, "oubli signalé par M. Durand")
    actions = [a.action for a in ws.audit(limit=4)]
    assert actions == ["hours.correct", "hours.validate", "time.add", "attendance.record"]
    with engine.connect() as conn:
        logged = " ".join(str(r.before) + str(r.after) for r in conn.execute(
            sa.select(t.audit_log.c.before, t.audit_log.c.after)))
    assert "famille" not in logged and "Durand" not in logged
    assert ws.audit(limit=1)[0].after["total_minutes"] == 195


def test_an_exited_trainee_keeps_their_hours(workshop: Workshop) -> None:
    ws = workshop
    code = _trainee(ws)
    ws.record_attendance(code, MON, "am")
    ws.record_exit(code, on=TUE, outcome="positive_exit")
    _refused(lambda: ws.record_attendance(code, TUE, "am"), "trainee_inactive")
    assert ws.month_hours("2026-02")[0].trainee == code
    assert ws.month_hours("2026-03") == []  # no longer under contract, no hours
    ws.validate_month("2026-02")
    ws.correct_hours("2026-02", code, 30, "régularisation")
    assert ws.month_hours("2026-02", trainee=code)[0].total_minutes == 210


# -- properties ------------------------------------------------------------------------
# Each example works on a trainee and a month of its own, on the test's database.

ACTIVITIES = ("training", "cleaning", "non_productive")
# A few days only, so that sessions and time entries meet on the same days.
DAYS = st.integers(1, 5)
ATTEND = st.tuples(st.just("attend"), DAYS, st.sampled_from(SESSIONS),
                   st.booleans(), st.integers(1, 330), st.sampled_from(ABSENCE_REASONS))
TIME = st.tuples(st.just("time"), DAYS, st.sampled_from(ACTIVITIES),
                 st.integers(1, 240))
CORRECT = st.tuples(st.just("correct"), st.integers(-900, 900).filter(bool))
WORK = st.tuples(st.just("work"), DAYS)
EXPECTED_REFUSALS = {"hours_limit", "day_exceeds_attendance", "attendance_below_recorded"}
PROPERTY = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


class Months:
    """A fresh month for each example, going back from January 2026."""

    def __init__(self) -> None:
        self.count = itertools.count(1)

    def next(self) -> tuple[str, dt.date]:
        back = next(self.count)
        year, index = divmod(2026 * 12 - back, 12)
        return f"{year:04d}-{index + 1:02d}", dt.date(year, index + 1, 1)


@dataclass
class Model:
    """What the month should hold: sessions (present, minutes) and minutes spent per day."""

    sessions: dict[tuple[int, str], tuple[bool, int]] = field(default_factory=dict)
    spent: dict[int, int] = field(default_factory=lambda: defaultdict(int))

    def attended(self, day: int | None = None) -> int:
        return sum(m for (d, _), (present, m) in self.sessions.items()
                   if present and day in (None, d))

    def to_reconcile(self, first: dt.date) -> tuple[dt.date, ...]:
        days = {d for d, _ in self.sessions}
        return tuple(first.replace(day=d) for d, m in sorted(self.spent.items())
                     if m and (d not in days or m > self.attended(d)))


def _act(ws: Workshop, code: str, first: dt.date, op: tuple[Any, ...]) -> None:
    """Run one attendance or time act of the month starting on ``first``."""
    if op[0] == "attend":
        _, day, session, present, minutes, reason = op
        ws.record_attendance(code, first.replace(day=day), session, present=present,
                             minutes=minutes, reason=None if present else reason)
    else:
        _, day, activity, minutes = op
        ws.add_time(code, first.replace(day=day), activity, minutes)


def _apply(ws: Workshop, code: str, first: dt.date, op: tuple[Any, ...], model: Model) -> None:
    """Run one act; refusals by the limits leave the model as it is."""
    try:
        _act(ws, code, first, op)
    except RuleViolation as err:
        assert err.code in EXPECTED_REFUSALS, err
        event(f"refused: {err.code}")
        return
    if op[0] == "attend":
        model.sessions[(op[1], op[2])] = (op[3], op[4])
    else:
        model.spent[op[1]] += op[3]


def _figures(month: MonthHours) -> dict[str, Any]:
    """What a locked month must keep: everything but its corrections."""
    doc = jsonable(month)
    for key in ("corrections", "corrections_minutes", "total_minutes"):
        doc.pop(key)
    return doc


def test_property_month_total_is_attendance_plus_corrections(workshop: Workshop) -> None:
    ws, months = workshop, Months()

    @PROPERTY
    @given(ops=st.lists(st.one_of(ATTEND, ATTEND, TIME), max_size=14), reconcile=st.booleans())
    def check(ops: list[tuple[Any, ...]], reconcile: bool) -> None:
        month, first = months.next()
        code = ws.add_trainee(contract="cep", weekly_hours=30, start=dt.date(2000, 1, 3))
        model = Model()
        for op in ops:
            _apply(ws, code, first, op, model)
        if reconcile:  # the roll call typed after the time: both sessions cover it
            for day in model.to_reconcile(first):
                need = model.spent[day.day]
                # Split over the two sessions, each entry within its 600-minute bound
                # (a day's time may pass 900 minutes: the morning then takes more).
                morning = min(600, max(need - 600, min(300, (need + 1) // 2)))
                for session, minutes in (("am", morning),
                                         ("pm", min(600, max(1, need - morning)))):
                    _apply(ws, code, first, ("attend", day.day, session, True, minutes, ""),
                           model)
        [figures] = ws.month_hours(month, trainee=code)
        recorded = ws.attendance(month=month, trainee=code)
        assert figures.attended_minutes == model.attended() == sum(
            e.minutes for e in recorded if e.present)
        assert figures.total_minutes == figures.attended_minutes + figures.corrections_minutes
        assert figures.corrections == ()
        assert figures.entries_minutes == sum(model.spent.values())
        assert figures.days_to_reconcile == model.to_reconcile(first)
        absent = [e for e in recorded if not e.present]
        assert sum(a.sessions for a in figures.absences.values()) == len(absent)
        if figures.days_to_reconcile:
            event("month with days to reconcile")
            _refused(lambda: ws.validate_month(month), "month_unreconciled")
            return
        event("month validated with hours" if figures.total_minutes else "month validated empty")
        ws.validate_month(month)
        total = figures.total_minutes
        for minutes in (-total - 1, 25, -10):
            if total + minutes < 0:
                _refused(lambda m=minutes: ws.correct_hours(month, code, m, "x"),
                         "correction_below_zero")
            else:
                ws.correct_hours(month, code, minutes, "correction")
                total += minutes
        [after] = ws.month_hours(month, trainee=code)
        assert after.total_minutes == total == after.attended_minutes + sum(
            c.minutes for c in after.corrections)

    check()


def test_property_a_locked_month_never_changes(workshop: Workshop) -> None:
    ws, months = workshop, Months()
    worker = qualified_trainee(ws, start=dt.date(2000, 1, 3))
    _, ref, barcodes = _order(ws, n=2)

    @PROPERTY
    @given(setup=st.lists(st.one_of(ATTEND, TIME), max_size=10),
           later=st.lists(st.one_of(ATTEND, TIME, CORRECT, WORK), min_size=1, max_size=10))
    def check(setup: list[tuple[Any, ...]], later: list[tuple[Any, ...]]) -> None:
        month, first = months.next()
        code = ws.add_trainee(contract="cep", weekly_hours=30, start=dt.date(2000, 1, 3))
        model = Model()
        for op in setup:
            # Time only on days with attendance, so that the month can be validated.
            if op[0] == "attend" or any(d == op[1] for d, _ in model.sessions):
                _apply(ws, code, first, op, model)
        ws.validate_month(month)
        [locked] = ws.month_hours(month, trainee=code)
        kept, total = _figures(locked), locked.total_minutes
        for op in later:
            if op[0] == "correct":
                if total + op[1] < 0:
                    _refused(lambda m=op[1]: ws.correct_hours(month, code, m, "x"),
                             "correction_below_zero")
                else:
                    ws.correct_hours(month, code, op[1], "correction")
                    total += op[1]
            elif op[0] == "work":
                _refused(lambda d=op[1]: ws.record_work(ref, "clean", worker, barcodes[:1],
                                                        minutes=5, day=first.replace(day=d)),
                         "month_locked")
            else:
                with pytest.raises(RuleViolation) as err:
                    _act(ws, code, first, op)
                assert err.value.code == "month_locked"
            [now] = ws.month_hours(month, trainee=code)
            assert _figures(now) == kept
            assert now.total_minutes == total

    check()


# -- two writers at once: the second waits for the first, then sees what it wrote ----------


def _held_while_another_waits(ws: Workshop, engine: sa.Engine,
                              first: Callable[[SqlUnitOfWork], object],
                              second: Callable[[], object]) -> dict[str, object]:
    """Run ``first`` in a transaction kept open until ``second``, in another thread, waits
    for a lock; then commit it and return how ``second`` ended."""
    ended: dict[str, object] = {}

    def run() -> None:
        try:
            ended["result"] = second()
        except RuleViolation as err:
            ended["refused"] = err.code

    waiting = sa.text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                      "AND datname = current_database()")
    with ws.units(write=True) as uow:
        first(uow)
        thread = threading.Thread(target=run)
        thread.start()
        if engine.dialect.name == "postgresql":
            with engine.connect() as conn:
                for _ in range(3000):
                    if conn.execute(waiting).scalar_one() or not thread.is_alive():
                        break
                    time.sleep(0.01)
        else:  # SQLite: the second writer queues on the database's write lock
            time.sleep(0.5)
        assert thread.is_alive(), f"the second writer did not wait: {ended}"
    thread.join(60)
    return ended


@pytest.mark.database
def test_two_writers_cannot_overfill_a_day(workshop: Workshop, engine: sa.Engine) -> None:
    ws = workshop
    code = _trainee(ws)
    ws.record_attendance(code, MON, "am")
    ended = _held_while_another_waits(
        ws, engine,
        lambda uow: hours.add_time(uow, ws.actor, code, MON, "training", 120, ws.clock()),
        lambda: ws.add_time(code, MON, "cleaning", 120))
    assert ended == {"refused": "day_exceeds_attendance"}
    assert sum(e.minutes for e in ws.time_entries(day=MON)) == 120


@pytest.mark.database
def test_no_session_slips_into_a_month_being_validated(workshop: Workshop,
                                                       engine: sa.Engine) -> None:
    ws = workshop
    code = _trainee(ws)
    ended = _held_while_another_waits(
        ws, engine, lambda uow: hours.validate_month(uow, ws.actor, "2026-02", ws.clock()),
        lambda: ws.record_attendance(code, MON, "am"))
    assert ended == {"refused": "month_locked"}
    assert ws.attendance(month="2026-02") == []


@pytest.mark.database
def test_an_exit_committed_meanwhile_stops_work(workshop: Workshop, engine: sa.Engine) -> None:
    ws = workshop
    worker = qualified_trainee(ws)
    _, ref, barcodes = _order(ws)
    ended = _held_while_another_waits(
        ws, engine,
        lambda uow: people.record_exit(uow, ws.actor, ws.clock(), worker, MON, "positive_exit"),
        lambda: ws.record_work(ref, "clean", worker, barcodes[:1], minutes=5, day=MON))
    assert ended == {"refused": "trainee_inactive"}
    assert ws.month_hours("2026-02", trainee=worker)[0].entries_minutes == 0


@pytest.mark.database
def test_no_work_slips_into_a_month_being_validated(workshop: Workshop,
                                                    engine: sa.Engine) -> None:
    ws = workshop
    worker = qualified_trainee(ws)
    _, ref, barcodes = _order(ws)
    ended = _held_while_another_waits(
        ws, engine, lambda uow: hours.validate_month(uow, ws.actor, "2026-02", ws.clock()),
        lambda: ws.record_work(ref, "clean", worker, barcodes[:1], minutes=5, day=MON))
    assert ended == {"refused": "month_locked"}


@pytest.mark.database
def test_work_and_time_cannot_overfill_a_day(workshop: Workshop, engine: sa.Engine) -> None:
    ws = workshop
    worker = qualified_trainee(ws)
    _, ref, barcodes = _order(ws)
    ws.record_attendance(worker, MON, "am")
    ended = _held_while_another_waits(
        ws, engine,
        lambda uow: hours.add_time(uow, ws.actor, worker, MON, "training", 120, ws.clock()),
        lambda: ws.record_work(ref, "clean", worker, barcodes[:1], minutes=120, day=MON))
    assert ended == {"refused": "day_exceeds_attendance"}
