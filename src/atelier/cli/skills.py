"""Skill assessments, targets, the skill matrix and evidence."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    """Attach these commands to the ``atelier`` group."""
