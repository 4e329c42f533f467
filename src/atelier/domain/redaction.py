"""Free text about a trainee, left out for a role that may read but not read notes.

Assessment evidence, time-entry notes and correction reasons are written by
staff about a person: the reading use cases (``read``) return them only when
the actor's role grants :data:`atelier.domain.roles.NOTES`, and None otherwise.
Everything else in the records (levels, minutes, dates, the month's figure) is
returned as it is.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from atelier.domain import roles
from atelier.domain.hours import Correction, MonthHours, TimeEntry
from atelier.domain.skills import Assessment


def reads_notes(role: str) -> bool:
    """Whether ``role`` may read free-text notes about a trainee."""
    return roles.allows(role, roles.NOTES)


def assessments(found: Iterable[Assessment], role: str) -> list[Assessment]:
    """The assessments, their evidence left out unless ``role`` reads notes."""
    if reads_notes(role):
        return list(found)
    return [attrs.evolve(a, evidence=None) for a in found]


def time_entries(found: Iterable[TimeEntry], role: str) -> list[TimeEntry]:
    """The time entries, their note left out unless ``role`` reads notes."""
    if reads_notes(role):
        return list(found)
    return [attrs.evolve(e, note=None) for e in found]


def _correction(correction: Correction) -> Correction:
    return attrs.evolve(correction, reason=None)


def corrections(found: Iterable[Correction], role: str) -> list[Correction]:
    """The corrections, their reason left out unless ``role`` reads notes."""
    if reads_notes(role):
        return list(found)
    return [_correction(c) for c in found]


def month_hours(found: Iterable[MonthHours], role: str) -> list[MonthHours]:
    """Months of hours, their corrections' reasons left out unless ``role`` reads notes."""
    if reads_notes(role):
        return list(found)
    return [attrs.evolve(m, corrections=tuple(_correction(c) for c in m.corrections))
            for m in found]
