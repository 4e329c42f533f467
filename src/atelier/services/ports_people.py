"""What the people use cases need from storage (posts, trainees, contracts, personal data)."""

from __future__ import annotations

import datetime as dt
from typing import Protocol


class PeopleRepository(Protocol):
    def trainee(self, code: str) -> tuple[int, str | None]:
        """``(trainee id, post code or None)`` of an active trainee, or NotFound/RuleViolation."""
        ...
    def add_post(self, code: str, label: str) -> int: ...
    def add_trainee(self, code: str | None, post_code: str | None, now: dt.datetime) -> str: ...
    def posts(self) -> list[tuple[str, str, str | None]]: ...
