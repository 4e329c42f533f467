"""What the skills use cases need from storage."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from atelier.domain.skills import Assessment, MatrixRow, WorkTally

#: Evidence of one skill as stored: (supervised work, autonomous work, last day practised).
StoredEvidence = tuple[WorkTally, WorkTally, dt.date | None]


class SkillsRepository(Protocol):
    """Assessments (append-only: insert and read), targets, levels and evidence."""

    def add_assessment(self, *, trainee_id: int, skill: str, level: int, on: dt.date,
                       assessor: str, evidence: str | None, now: dt.datetime) -> int: ...
    def assessments(self, trainee_id: int, trainee: str,
                    skill: str | None = None) -> list[Assessment]:
        """The history, oldest first (by date assessed, then as recorded)."""
        ...
    def current(self, trainee_id: int, trainee: str) -> list[Assessment]:
        """The latest assessment of each skill assessed, by skill."""
        ...
    def levels(self, trainee_id: int) -> dict[str, int]:
        """The current level of each skill assessed (latest assessment)."""
        ...
    def set_target(self, trainee_id: int, skill: str, level: int, on: dt.date) -> int | None:
        """Set a learning target; returns the level it replaces, or None."""
        ...
    def targets(self, trainee_id: int) -> dict[str, int]: ...
    def matrix_rows(self) -> list[MatrixRow]:
        """Every active trainee with post, current levels and targets."""
        ...
    def evidence(self, trainee_id: int) -> dict[str, StoredEvidence]:
        """Work and quality checks of the trainee, by skill (skills practised only)."""
        ...
