"""What the hours use cases need from storage."""

from __future__ import annotations

from typing import Protocol


class HoursRepository(Protocol):
    """Filled in by the hours use cases."""
