"""The contract rules of DOMAIN.md (CEP and CDDI), refused with the rule's id, and the
people values."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atelier import jsonable
from atelier.domain.errors import InvalidInput, RuleViolation
from atelier.domain.people import (
    EXIT_OUTCOMES,
    Contract,
    add_months,
    check_contract,
    check_exit_outcome,
    weekly_minutes,
)
from atelier.domain.personal import Certificate, CertifiedSkill

JAN = dt.date(2026, 1, 1)


def _rule(kind: str, hours: float, start: dt.date = JAN, end: dt.date | None = None,
          **kw: dt.date) -> str:
    with pytest.raises(RuleViolation) as caught:
        check_contract(kind, hours, start, end, **kw)
    assert caught.value.code == "contract_rule"
    assert caught.value.params["contract"] == kind
    return str(caught.value.params["rule"])


# -- each rule refused, with its id ---------------------------------------------------------

def test_cep_under_10_hours_a_week_is_refused() -> None:
    assert _rule("cep", 9.99) == "cep_min_weekly"
    assert _rule("cep", 0.5) == "cep_min_weekly"


def test_cep_over_35_hours_a_week_is_refused() -> None:
    # A CEP's full time is 35 h (DOMAIN.md); 48 h is the limit on hours actually worked
    # in a week, not a contract's hours.
    assert _rule("cep", 35.25) == "cep_max_weekly"
    assert _rule("cep", 48) == "cep_max_weekly"


@pytest.mark.parametrize("hours", [19.5, 35.25, 10, 48])
def test_cddi_outside_20_to_35_hours_is_refused(hours: float) -> None:
    assert _rule("cddi", hours, end=dt.date(2026, 6, 30)) == "cddi_weekly_range"


def test_cddi_needs_a_planned_end() -> None:
    assert _rule("cddi", 26) == "cddi_duration"


def test_cddi_shorter_than_4_months_is_refused() -> None:
    # 1 January to 29 April: one day short of four months.
    assert _rule("cddi", 26, end=dt.date(2026, 4, 29)) == "cddi_duration"


def test_cddi_longer_than_24_months_is_refused() -> None:
    assert _rule("cddi", 26, end=dt.date(2028, 1, 1)) == "cddi_duration"


@pytest.mark.parametrize("kind", ["cep", "cddi"])
def test_end_before_start_is_refused_for_both_kinds(kind: str) -> None:
    assert _rule(kind, 26, end=dt.date(2025, 12, 31)) == "end_before_start"


def test_a_renewal_may_not_take_the_cddi_pathway_past_24_months() -> None:
    # A valid 12-month CDDI on its own, but the pathway began 18 months before it.
    rule = _rule("cddi", 26, start=dt.date(2027, 7, 1), end=dt.date(2028, 6, 30),
                 pathway_start=JAN)
    assert rule == "cddi_total_duration"


def test_the_error_carries_the_value_refused() -> None:
    with pytest.raises(RuleViolation) as caught:
        check_contract("cep", 8.5, JAN)
    assert caught.value.params["value"] == 8.5
    assert "10 h" in str(caught.value)
    with pytest.raises(RuleViolation) as over:
        check_contract("cep", 40, JAN)
    assert over.value.params["value"] == 40 and "35 h" in str(over.value)


# -- boundaries accepted ------------------------------------------------------------------

@pytest.mark.parametrize("hours", [10, 17.5, 35])
def test_cep_from_10_to_35_hours_is_accepted_with_or_without_an_end(hours: float) -> None:
    assert check_contract("cep", hours, JAN).weekly_minutes == round(hours * 60)
    assert check_contract("cep", hours, JAN, JAN).planned_end == JAN


@pytest.mark.parametrize("hours", [20, 26, 35])
def test_cddi_from_20_to_35_hours_is_accepted(hours: float) -> None:
    made = check_contract("cddi", hours, JAN, dt.date(2026, 6, 30))
    assert made == Contract("cddi", JAN, dt.date(2026, 6, 30), hours * 60)


def test_cddi_of_exactly_4_and_exactly_24_months_is_accepted() -> None:
    for end in (dt.date(2026, 4, 30), dt.date(2027, 12, 31)):
        assert check_contract("cddi", 26, JAN, end).planned_end == end


def test_a_renewal_ending_exactly_24_months_after_the_pathway_start_is_accepted() -> None:
    made = check_contract("cddi", 26, dt.date(2027, 1, 1), dt.date(2027, 12, 31),
                          pathway_start=JAN)
    assert made.start == dt.date(2027, 1, 1)


def test_a_cep_ignores_the_cddi_pathway() -> None:
    assert check_contract("cep", 24, JAN, dt.date(2030, 1, 1), pathway_start=dt.date(2020, 1, 1))


@given(st.integers(min_value=1, max_value=70 * 60))
def test_cep_accepts_exactly_10_to_35_hours(minutes: int) -> None:
    hours = minutes / 60
    if 600 <= minutes <= 2100:
        assert check_contract("cep", hours, JAN).weekly_minutes == minutes
    else:
        with pytest.raises(RuleViolation):
            check_contract("cep", hours, JAN)


@given(st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31)),
       st.integers(min_value=0, max_value=900))
def test_cddi_duration_is_4_to_24_months_end_day_counted(start: dt.date, days: int) -> None:
    end = start + dt.timedelta(days=days)
    after = end + dt.timedelta(days=1)
    fits = add_months(start, 4) <= after <= add_months(start, 24)
    try:
        check_contract("cddi", 26, start, end)
    except RuleViolation as err:
        assert not fits and err.params["rule"] == "cddi_duration"
    else:
        assert fits


# -- input checks and values ----------------------------------------------------------------

def test_an_unknown_contract_kind_is_invalid_input() -> None:
    with pytest.raises(InvalidInput) as caught:
        check_contract("cdi", 35, JAN)
    assert caught.value.code == "contract_kind_invalid"


@pytest.mark.parametrize("hours", [0, -5, float("nan"), float("inf")])
def test_weekly_hours_must_be_a_positive_number(hours: float) -> None:
    with pytest.raises(InvalidInput) as caught:
        weekly_minutes(hours)
    assert caught.value.code == "weekly_hours_invalid"


def test_weekly_hours_become_whole_minutes() -> None:
    assert weekly_minutes(17.5) == 1050
    assert weekly_minutes(24) == 1440


def test_add_months_clamps_to_the_month_end() -> None:
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 15), 2) == dt.date(2027, 1, 15)
    assert add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)


def test_exit_outcomes() -> None:
    for outcome in EXIT_OUTCOMES:
        assert check_exit_outcome(outcome) == outcome
    with pytest.raises(InvalidInput) as caught:
        check_exit_outcome("released")
    assert caught.value.code == "exit_outcome_invalid"


def test_a_certificate_as_json_says_hours_and_skills_and_no_contract_kind() -> None:
    cert = Certificate(code="T-0001", full_name="Awa", workshop="Atelier", issued_on=JAN,
                       start=dt.date(2025, 6, 1), end=None, minutes_worked=125,
                       skills=(CertifiedSkill("couvrage", "Couvrage", 3, dt.date(2025, 12, 1)),))
    data = jsonable(cert)
    assert data["hours_worked"] == "2:05"
    assert data["skills"] == [{"skill": "couvrage", "name": "Couvrage", "level": 3,
                               "assessed_on": "2025-12-01"}]
    assert "contract" not in data and "kind" not in data
