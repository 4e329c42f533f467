"""Durations as people read them: whole minutes as hours and minutes.

Apart from :mod:`atelier.domain.hours` (which re-exports it) so that a screen showing
a duration, an order's status for one, imports no rule on trainees' hours.
"""

from __future__ import annotations


def format_minutes(minutes: int) -> str:
    """Minutes as hours and minutes, e.g. ``151 h 40`` (``-0 h 30`` for a negative)."""
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours} h {rest:02d}"
