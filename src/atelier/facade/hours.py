"""Use cases of the ``Workshop`` for hours."""

from __future__ import annotations

from atelier.facade.base import UseCaseHost


class HoursUseCases(UseCaseHost):
    """Attendance, time entries, monthly hours, month validation and corrections."""
