"""Attendance, time entries, monthly hours, validation and corrections."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    """Attach these commands to the ``atelier`` group."""
