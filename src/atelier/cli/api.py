"""The HTTP door from the command line: ``atelier serve`` and ``atelier token``."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    """Attach these commands to the ``atelier`` group."""
