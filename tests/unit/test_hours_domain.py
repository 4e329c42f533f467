"""Hours: the values, the limits and the CSV layout, without a database."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atelier import jsonable
from atelier.cli.i18n import ERRORS, fill
from atelier.domain import attendance as a
from atelier.domain import hours as h
from atelier.domain import order_hours as oh
from atelier.domain.errors import AtelierError, InvalidInput, RuleViolation
from atelier.exporting import hours_csv


@pytest.mark.parametrize(("text", "code"), [
    ("2026-13", "month_invalid"), ("2026-00", "month_invalid"), ("2026-3", "month_invalid"),
    ("26-03", "month_invalid"), ("", "month_invalid"), ("mars 2026", "month_invalid"),
    ("2026-03-01", "month_invalid"), ("1850-01", "month_range"), ("9999-12", "month_range")])
def test_a_bad_month_is_refused_naming_the_field(text: str, code: str) -> None:
    with pytest.raises(InvalidInput) as err:
        h.parse_month(text, "mois")
    assert (err.value.code, err.value.field) == (code, "mois")


def test_months_and_their_bounds() -> None:
    assert h.parse_month(" 2026-03 ") == "2026-03"
    assert h.month_bounds("2026-12") == (dt.date(2026, 12, 1), dt.date(2027, 1, 1))
    assert h.month_bounds("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 3, 1))
    assert h.month_of(dt.date(2026, 1, 31)) == "2026-01"


@pytest.mark.parametrize(("text", "code"), [
    ("2026-02-30", "date_no_such_day"), ("2026-13-01", "date_no_such_month"),
    ("0000-01-01", "day_range"), ("02/03/2026", "date_invalid"), ("2026-3-2", "date_invalid"),
    ("", "date_invalid"), ("demain", "date_invalid")])
def test_a_bad_date_is_refused_naming_the_field(text: str, code: str) -> None:
    with pytest.raises(InvalidInput) as err:
        h.parse_day(text, "start")
    assert (err.value.code, err.value.field, err.value.params["value"]) == (code, "start", text)


def test_dates_given_as_values_or_text() -> None:
    assert h.parse_day("2026-03-02") == dt.date(2026, 3, 2)
    assert h.parse_day(dt.datetime(2026, 3, 2, 17, 30)) == dt.date(2026, 3, 2)
    assert h.parse_day(dt.date(2026, 3, 2)) == dt.date(2026, 3, 2)


def test_iso_weeks_start_on_monday() -> None:
    sunday = dt.date(2026, 3, 8)
    assert a.week_bounds(sunday) == (dt.date(2026, 3, 2), dt.date(2026, 3, 9))
    assert a.week_bounds(dt.date(2026, 3, 9))[0] == dt.date(2026, 3, 9)


def test_attendance_values() -> None:
    assert a.attendance_value(True, None, None) == (180, None)
    assert a.attendance_value(True, 240, None) == (240, None)
    assert a.attendance_value(False, None, "visit") == (180, "visit")
    refused: list[tuple[Callable[[], Any], str]] = [
        (lambda: a.attendance_value(True, None, "visit"), "reason_unexpected"),
        (lambda: a.attendance_value(False, None, None), "absence_reason_invalid"),
        (lambda: a.attendance_value(False, None, "holiday"), "absence_reason_invalid"),
        (lambda: a.attendance_value(True, 0, None), "minutes_range"),
        (lambda: a.attendance_value(True, 601, None), "minutes_range"),
        (lambda: a.check_session("evening"), "session_invalid"),
        (lambda: h.check_activity("sleeping", None, None), "activity_invalid"),
        (lambda: h.check_activity("operation", None, None), "order_required"),
        (lambda: h.check_activity("training", None, "clean"), "order_required"),
        (lambda: h.check_activity("operation", "C-1", None), "operation_required"),
        (lambda: a.check_minutes(True), "minutes_range"),  # a bool is not a number of minutes
    ]
    for call, code in refused:
        with pytest.raises(InvalidInput) as err:
            call()
        assert err.value.code == code
    assert h.check_activity("training", None, None) == "training"


def test_a_pathway_bounds_the_days_of_hours() -> None:
    start, leaving = dt.date(2026, 1, 5), dt.date(2026, 6, 30)
    for day in (start, dt.date(2026, 3, 2), leaving):
        h.check_covered("T-1", day, start, leaving)
    h.check_covered("T-1", dt.date(2031, 1, 1), start, None)  # no exit yet: open-ended
    for day, exit_on in ((dt.date(1990, 1, 1), None), (dt.date(2026, 1, 4), leaving),
                         (dt.date(2026, 7, 1), leaving)):
        with pytest.raises(RuleViolation) as err:
            h.check_covered("T-1", day, start, exit_on)
        assert err.value.code == "day_outside_contract"
        assert (err.value.params["day"], err.value.params["start"]) == (day.isoformat(),
                                                                        "2026-01-05")
    assert err.value.params["exit"] == "2026-06-30"
    with pytest.raises(RuleViolation) as err:
        h.check_covered("T-1", start, None, None)
    assert err.value.code == "trainee_without_contract"


@pytest.mark.parametrize(("month", "today", "code"), [
    ("2026-03", dt.date(2026, 2, 28), "month_not_begun"),
    ("2026-03", dt.date(2026, 3, 1), "month_not_over"),
    ("2026-03", dt.date(2026, 3, 30), "month_not_over"),
    ("2026-02", dt.date(2026, 2, 27), "month_not_over"),
    ("2026-03", dt.date(2026, 3, 31), None), ("2026-02", dt.date(2026, 2, 28), None),
    ("2025-12", dt.date(2026, 1, 1), None)])
def test_a_month_is_validated_from_its_last_day(month: str, today: dt.date,
                                                code: str | None) -> None:
    if code is None:
        h.check_month_over(month, today)
        return
    with pytest.raises(RuleViolation) as err:
        h.check_month_over(month, today)
    assert err.value.code == code


def test_daily_and_weekly_limits_name_the_rule() -> None:
    a.check_daily("T-0001", dt.date(2026, 3, 2), 600)
    a.check_weekly("T-0001", dt.date(2026, 3, 2), 48 * 60)
    with pytest.raises(RuleViolation) as err:
        a.check_daily("T-0001", dt.date(2026, 3, 2), 601)
    assert (err.value.code, err.value.params["rule"]) == ("hours_limit", "max_daily")
    with pytest.raises(RuleViolation) as err:
        a.check_weekly("T-0001", dt.date(2026, 3, 5), 48 * 60 + 1)
    assert err.value.params["rule"] == "max_weekly"
    assert err.value.params["day"] == "2026-03-02"  # the week is named by its Monday


@pytest.mark.parametrize("minutes", [0, True, 300 * 60 + 1, -300 * 60 - 1])
def test_corrections_are_non_zero_and_bounded(minutes: int) -> None:
    with pytest.raises(InvalidInput) as err:
        h.check_correction(minutes)
    assert err.value.code == "correction_range"


def test_texts_are_trimmed_and_bounded() -> None:
    assert h.check_text("  ", "note", 10) is None
    assert h.check_text(" ok ", "note", 10) == "ok"
    with pytest.raises(InvalidInput) as err:
        h.check_text("x" * 11, "note", 10)
    assert err.value.code == "text_too_long"
    with pytest.raises(InvalidInput) as err:
        h.check_text(None, "reason", 10, required=True)
    assert err.value.code == "reason_required"


def _month(attended: int, activities: dict[str, int], corrections: list[int]) -> h.MonthHours:
    return h.MonthHours(
        month="2026-02", trainee="T-0001", attended_minutes=attended, absences={},
        activities={**dict.fromkeys(h.ACTIVITIES, 0), **activities},
        corrections=tuple(h.Correction("2026-02", "T-0001", m, "r", dt.date(2026, 3, 1), "c")
                          for m in corrections), locked=True, days_to_reconcile=())


@settings(max_examples=50, deadline=None)
@given(attended=st.integers(0, 20_000),
       spent=st.dictionaries(st.sampled_from(h.ACTIVITIES), st.integers(0, 5_000)),
       corrections=st.lists(st.integers(-600, 600).filter(bool), max_size=5))
def test_month_figures_add_up(attended: int, spent: dict[str, int],
                              corrections: list[int]) -> None:
    month = _month(attended, spent, corrections)
    assert month.total_minutes == attended + sum(corrections)
    assert month.entries_minutes + month.unallocated_minutes == attended
    doc = jsonable(month)
    assert doc["total_minutes"] == doc["attended_minutes"] + doc["corrections_minutes"]
    assert sum(doc["activities"].values()) == doc["entries_minutes"]


def test_collectivity_totals_keep_reserved_hours_apart() -> None:
    orders = [oh.OrderHours("C-1", 2, "Quimper", True, 100, 20),
              oh.OrderHours("C-2", 2, "Quimper", False, 30, 0),
              oh.OrderHours("C-3", 1, "Brest", False, 0, 45)]
    brest, quimper = oh.collectivity_totals(orders)
    assert (brest.collectivity, brest.orders, brest.total_minutes, brest.reserved_minutes) == (
        "Brest", 1, 45, 0)
    assert (quimper.orders, quimper.total_minutes, quimper.reserved_minutes) == (2, 150, 120)


def test_durations_read_as_hours() -> None:
    assert h.format_minutes(9100) == "151 h 40"
    assert h.format_minutes(-30) == "-0 h 30"
    assert hours_csv.hours_decimal(9100) == "151,67"
    assert hours_csv.hours_decimal(90) == "1,50"
    assert hours_csv.hours_decimal(-1) == "-0,02"
    assert hours_csv.hours_decimal(0) == "0,00"


def test_month_csv_opens_in_a_french_spreadsheet(tmp_path: Path) -> None:
    month = _month(600, {"training": 60, "operation": 400}, [-30])
    month = attrs.evolve(month, absences={"visit": h.Absences(2, 360)},
                         days_to_reconcile=(dt.date(2026, 2, 3),))
    path = tmp_path / "heures.csv"
    assert hours_csv.write_month_hours([month], path) == 1
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    header, row = raw.decode("utf-8-sig").splitlines()
    columns = dict(zip(header.split(";"), row.split(";"), strict=True))
    assert columns["Salarié·e (code)"] == "T-0001"
    assert (columns["Présence (min)"], columns["Corrections (min)"], columns["Total (min)"]) == (
        "600", "-30", "570")
    assert columns["Total (heures)"] == "9,50"
    assert (columns["Formation (min)"], columns["Opérations (min)"]) == ("60", "400")
    assert columns["Non affecté (min)"] == "140"
    assert columns["Absences parloir (demi-journées)"] == "2"
    assert (columns["Mois validé"], columns["Jours à rapprocher"]) == ("oui", "2026-02-03")
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize("where", ["missing/heures.csv", "."])
def test_a_csv_that_cannot_be_written_is_refused(tmp_path: Path, where: str) -> None:
    path = tmp_path / where  # a folder that does not exist, or a folder itself
    for write in (lambda: hours_csv.write_month_hours([_month(60, {}, [])], path),
                  lambda: hours_csv.write_order_hours([], path)):
        with pytest.raises(InvalidInput) as err:
            write()
        assert (err.value.code, err.value.field, err.value.params["value"]) == (
            "file_unwritable", "csv", str(path))
        assert err.value.params["error"]
    assert not list(tmp_path.rglob("*.part"))


def test_order_csv_neutralises_spreadsheet_formulas(tmp_path: Path) -> None:
    path = tmp_path / "commandes.csv"
    rows = [oh.OrderHours("C-2026-0001", 1, "=HYPERLINK(\"x\")", True, 90, 30)]
    assert hours_csv.write_order_hours(rows, path) == 1
    header, row = csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";")
    assert header[:3] == ["Commande", "Collectivité", "Marché réservé"]
    assert row == ["C-2026-0001", "'=HYPERLINK(\"x\")", "oui", "90", "30", "120", "2,00"]


#: Every refusal the hours code makes, with the parameters it carries.
REFUSALS: list[Callable[[], Any]] = [
    lambda: h.parse_month("x"), lambda: h.parse_day("x"), lambda: a.check_session("x"),
    lambda: a.check_minutes(0), lambda: a.attendance_value(True, 1, "visit"),
    lambda: a.attendance_value(False, 1, "x"), lambda: h.check_activity("x", None, None),
    lambda: h.check_activity("operation", None, None), lambda: h.check_text("xx", "note", 1),
    lambda: h.check_correction(0), lambda: a.check_daily("T-1", dt.date(2026, 1, 1), 900),
    lambda: a.check_weekly("T-1", dt.date(2026, 1, 1), 9000),
    lambda: h.check_activity("operation", "C-1", None),
    lambda: h.check_covered("T-1", dt.date(1990, 1, 1), dt.date(2026, 1, 5), None),
    lambda: h.check_covered("T-1", dt.date(2026, 2, 1), dt.date(2026, 1, 5),
                            dt.date(2026, 1, 31)),
    lambda: h.check_covered("T-1", dt.date(2026, 2, 1), None, None),
    lambda: h.check_month_over("2026-03", dt.date(2026, 3, 2)),
    lambda: h.check_month_over("2026-04", dt.date(2026, 3, 2)),
    lambda: h.check_open("2026-02", True), lambda: h.check_active("T-1", False),
    lambda: hours_csv.write_rows([("a",)], "/nonexistent/x.csv"),
]

#: English field names and how the French texts say them.
FRENCH_FIELDS = {"month": "mois", "day": "jour", "session": "demi-journée",
                 "activity": "activité", "reason": "motif", "order": "commande"}

#: Codes raised by the use cases (params as the services give them).
SERVICE_CODES = {
    "month_locked": {"month": "2026-02"},
    "day_exceeds_attendance": {"trainee": "T-1", "day": "d", "attended": 1, "recorded": 1,
                               "adding": 1},
    "attendance_below_recorded": {"trainee": "T-1", "day": "d", "attended": 1, "recorded": 2},
    "day_in_future": {"day": "d"}, "month_not_begun": {"month": "m"},
    "month_already_validated": {"month": "m"},
    "month_unreconciled": {"month": "m", "count": 1, "days": "T-1 d"},
    "month_not_validated": {"month": "m"},
    "correction_below_zero": {"trainee": "T-1", "month": "m", "total": 1, "minutes": -2},
    "trainee_required": {"field": "trainee", "reason": "r", "value": None},
    "period_conflict": {"field": "day", "reason": "r", "value": None},
    "operation_unknown": {"field": "operation", "reason": "r", "value": "x"},
    "trainee_inactive": {"trainee": "T-1"},
}


@pytest.mark.parametrize("refusal", REFUSALS)
def test_every_refusal_reads_in_french_and_english(refusal: Callable[[], Any]) -> None:
    with pytest.raises(AtelierError) as err:
        refusal()
    french, english = ERRORS[err.value.code]
    text = french.format(**err.value.params)
    assert text != english.format(**err.value.params)
    # The French reads as French: no raw English field name ("month : mois illisible"),
    # options such as --order aside (they are typed as they are).
    words = re.findall(r"[\w-]+", re.sub(r"--[\w-]+", "", text).casefold())
    field = err.value.params.get("field")
    assert field not in FRENCH_FIELDS or field not in words, text


@pytest.mark.parametrize(("code", "params"), SERVICE_CODES.items())
def test_every_use_case_refusal_has_a_text(code: str, params: dict[str, Any]) -> None:
    french, english = ERRORS[code]
    assert fill(french, "fr", params) and fill(english, "en", params)
