"""What the skills use cases need from storage."""

from __future__ import annotations

from typing import Protocol


class SkillsRepository(Protocol):
    """Filled in by the skills use cases."""
