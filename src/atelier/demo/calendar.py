"""The demo's time: the clock the stories move along, and the workshop's working days.

The demo's history is laid out on working days (Monday to Friday, French public
holidays on a fixed date excepted) counted back from ``today``; the clock is
the one the demo's copies of the workshop read, set by the scheduler before
each step.
"""

from __future__ import annotations

import datetime as dt

#: French public holidays on a fixed date (month, day): the workshop is closed.
_FIXED_HOLIDAYS = frozenset({(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11),
                             (12, 25)})


class _Clock:
    """The demo's clock: the scheduler sets :attr:`now` before each step."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now


class _Calendar:
    """Working days (Monday to Friday, fixed public holidays excepted) before ``today``."""

    def __init__(self, today: dt.date, count: int) -> None:
        self.today = today
        days: list[dt.date] = []
        current = today
        while len(days) < count:
            current -= dt.timedelta(days=1)
            if current.weekday() < 5 and (current.month, current.day) not in _FIXED_HOLIDAYS:
                days.append(current)
        self._days = days

    def day(self, k: int) -> dt.date:
        """The ``k``-th working day before today (1 = the last one)."""
        return self._days[k - 1]

    def at(self, k: int, hhmm: str) -> dt.datetime:
        """``hh:mm`` on the ``k``-th working day before today."""
        hours, minutes = (int(part) for part in hhmm.split(":"))
        return dt.datetime.combine(self.day(k), dt.time(hours, minutes))

    def after_today(self, days: int) -> dt.date:
        """A due date ``days`` calendar days after today."""
        return self.today + dt.timedelta(days=days)

