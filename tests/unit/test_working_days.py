"""The expected date's working days, computed in constant time, equal a walk day by day."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from atelier.domain.estimate import add_working_days


def _walk(start: dt.date, days: int) -> dt.date:
    """The rule as stated: step a calendar day at a time, count Monday to Friday."""
    day, left = start, days
    while left > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


def test_every_start_of_a_fortnight_and_every_count_to_a_year() -> None:
    for offset in range(14):  # every weekday, weekends included, twice
        start = dt.date(2026, 3, 2) + dt.timedelta(days=offset)
        for days in range(0, 262):
            assert add_working_days(start, days) == _walk(start, days), (start, days)


@given(start=st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)), days=st.integers(-3, 5000))
def test_any_start_and_count(start: dt.date, days: int) -> None:
    assert add_working_days(start, days) == _walk(start, days)


def test_years_of_work_cost_no_more_than_a_day() -> None:
    start = dt.date(2026, 3, 6)  # a Friday
    assert add_working_days(start, 1) == dt.date(2026, 3, 9)
    assert add_working_days(start, 5) == dt.date(2026, 3, 13)
    assert add_working_days(start, 261 * 40) == _walk(start, 261 * 40)
