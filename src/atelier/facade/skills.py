"""Use cases of the ``Workshop`` for skills."""

from __future__ import annotations

from typing import TYPE_CHECKING

from atelier.domain import roles
from atelier.facade.base import UseCaseHost, requires

if TYPE_CHECKING:
    import datetime as dt

    from atelier.domain.skills import Assessment, SkillEvidence, SkillMatrix


class SkillsUseCases(UseCaseHost):
    """Skill assessments, targets, the skill matrix and evidence from production."""

    @requires(roles.ASSESSMENT)
    def assess(self, trainee: str, skill: str, level: int, *, evidence: str | None = None,
               on: dt.date | None = None) -> Assessment:
        """Assess ``trainee`` at ``level`` (0 to 4) in ``skill`` of the catalogue, dated ``on``
        (default today); the acting staff member is the assessor.

        Assessments are added, never changed: the current level is the latest.
        """
        from atelier.services import skills
        return self._write(lambda uow: skills.assess(uow, self.actor, trainee, skill, level,
                                                     evidence, on, self.clock()))

    @requires(roles.READ)
    def assessments(self, trainee: str, *, skill: str | None = None) -> list[Assessment]:
        """The trainee's assessment history, oldest first (optionally one skill's); the
        evidence notes only for a role that reads notes (None for the others)."""
        from atelier.domain import redaction
        from atelier.services import skills
        found = self._read(lambda uow: skills.assessments(uow, trainee, skill))
        return redaction.assessments(found, self.actor.role)

    @requires(roles.READ)
    def levels(self, trainee: str) -> dict[str, int]:
        """The trainee's current level in each skill of the catalogue (0: never assessed)."""
        from atelier.services import skills
        return self._read(lambda uow: skills.levels(uow, trainee))

    @requires(roles.ASSESSMENT)
    def set_target(self, trainee: str, skill: str, level: int) -> None:
        """Set a learning goal for the trainee: ``level`` (1 to 4) in ``skill``."""
        from atelier.services import skills
        self._write(lambda uow: skills.set_target(uow, self.actor, trainee, skill, level,
                                                  self.clock()))

    @requires(roles.READ)
    def targets(self, trainee: str) -> dict[str, int]:
        """The trainee's learning goals: skill -> level aimed at."""
        from atelier.services import skills
        return self._read(lambda uow: skills.targets(uow, trainee))

    @requires(roles.READ)
    def skill_matrix(self) -> SkillMatrix:
        """Active trainees × skills, with the fragile skills (held at level 3 or more by
        fewer than two active trainees)."""
        from atelier.services import skills
        return self._read(skills.skill_matrix)

    @requires(roles.READ)
    def evidence(self, trainee: str, *, skill: str | None = None) -> list[SkillEvidence]:
        """What production shows per skill: items, checks passed and failed, supervised and
        autonomous work, last practised, current level and the level it suggests."""
        from atelier.services import skills
        return self._read(lambda uow: skills.evidence(uow, trainee, skill))
