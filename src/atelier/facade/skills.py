"""Use cases of the ``Workshop`` for skills."""

from __future__ import annotations

from atelier.facade.base import UseCaseHost


class SkillsUseCases(UseCaseHost):
    """Skill assessments, targets, the skill matrix and evidence from production."""
