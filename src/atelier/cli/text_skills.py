"""French and English texts of the skills commands: messages by key, errors by code.

Merged into :mod:`atelier.cli.i18n`; each pair is ``(French, English)``.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}

ERRORS: dict[str, tuple[str, str]] = {}
