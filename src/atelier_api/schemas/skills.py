"""Bodies of the skills routes: assessments, levels, targets, the matrix, evidence."""

from __future__ import annotations

from pydantic import BaseModel, Field

from atelier import Assessment, SkillEvidence, SkillMatrix
from atelier.domain import bounds
from atelier.domain.catalogue import MAX_LEVEL, MIN_LEVEL
from atelier_api.schemas.common import Day, RequestBody, examples, page_of
from atelier_api.shapes import model_of


class AssessIn(RequestBody):
    """A level (0 to 4) in a skill of the catalogue; the token's holder is the assessor."""

    model_config = examples({"skill": "film_apply", "level": 3,
                             "evidence": "30 couvrages sans reprise", "on": "2026-03-02"})

    skill: str = Field(max_length=bounds.CODE)
    level: int = Field(ge=MIN_LEVEL, le=MAX_LEVEL, strict=True,
                       description="0 not assessed, 1 discovering, 2 with help, 3 autonomous, "
                                   "4 can teach.")
    evidence: str | None = Field(default=None, max_length=bounds.EVIDENCE)
    on: Day | None = Field(default=None, description="Default today.")


AssessmentOut = model_of(Assessment, examples=[{
    "id": 4, "trainee": "T-0001", "skill": "film_apply", "level": 3,
    "assessed_on": "2026-03-02", "assessor": "claire", "evidence": "30 couvrages sans reprise"}],
    descriptions={"evidence": "Null for a role that may not read notes."})
AssessmentPage = page_of(AssessmentOut, "AssessmentPage",
                         "A page of a trainee's assessments, oldest first.")


class LevelsOut(BaseModel):
    """A trainee's current level in each skill of the catalogue (0: never assessed)."""

    model_config = examples({"trainee": "T-0001", "levels": {"film_apply": 3, "cleaning": 2}})

    trainee: str
    levels: dict[str, int]


class TargetIn(RequestBody):
    """A learning goal: a level (1 to 4) in a skill."""

    model_config = examples({"skill": "film_turn_in", "level": 3})

    skill: str = Field(max_length=bounds.CODE)
    level: int = Field(ge=1, le=MAX_LEVEL, strict=True)


class TargetsOut(BaseModel):
    """A trainee's learning goals: skill → level aimed at."""

    model_config = examples({"trainee": "T-0001", "targets": {"film_turn_in": 3}})

    trainee: str
    targets: dict[str, int]


MatrixOut = model_of(SkillMatrix, examples=[{
    "skills": ["cleaning", "film_apply"],
    "rows": [{"trainee": "T-0001", "post": "P1", "levels": {"cleaning": 3, "film_apply": 3},
              "targets": {}}],
    "fragile": ["cleaning", "film_apply"],
    "holders": {"cleaning": ["T-0001"], "film_apply": ["T-0001"]}}])

EvidenceOut = model_of(SkillEvidence, examples=[{
    "trainee": "T-0001", "skill": "film_apply", "last_practised": "2026-03-02", "level": 2,
    "suggested": 3, "items": 34, "supervised": 4, "autonomous": 30, "checks_passed": 33,
    "checks_failed": 1, "pass_rate": 0.9706, "autonomous_checks_passed": 30,
    "autonomous_checks_failed": 0}])
EvidencePage = page_of(EvidenceOut, "EvidencePage", "A page of evidence, one skill each.")
