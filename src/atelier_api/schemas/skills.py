"""Bodies of the skills routes: assessments, levels, targets, the matrix, evidence."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from atelier_api.schemas.common import Day, Page, RequestBody, examples, page_examples


class AssessIn(RequestBody):
    """A level (0 to 4) in a skill of the catalogue; the token's holder is the assessor."""

    model_config = examples({"skill": "film_apply", "level": 3,
                             "evidence": "30 couvrages sans reprise", "on": "2026-03-02"})

    skill: str = Field(max_length=100)
    level: int = Field(ge=0, le=4, strict=True,
                       description="0 not assessed, 1 discovering, 2 with help, 3 autonomous, "
                                   "4 can teach.")
    evidence: str | None = Field(default=None, max_length=2000)
    on: Day | None = Field(default=None, description="Default today.")


class AssessmentOut(BaseModel):
    """A dated level given by a staff member (the evidence only for a role that reads
    notes)."""

    model_config = examples({"id": 4, "trainee": "T-0001", "skill": "film_apply", "level": 3,
                             "assessed_on": "2026-03-02", "assessor": "claire",
                             "evidence": "30 couvrages sans reprise"})

    id: int
    trainee: str
    skill: str
    level: int
    assessed_on: dt.date
    assessor: str
    evidence: str | None


class AssessmentPage(Page[AssessmentOut]):
    """A page of a trainee's assessments, oldest first."""

    model_config = page_examples(AssessmentOut)


class LevelsOut(BaseModel):
    """A trainee's current level in each skill of the catalogue (0: never assessed)."""

    model_config = examples({"trainee": "T-0001", "levels": {"film_apply": 3, "cleaning": 2}})

    trainee: str
    levels: dict[str, int]


class TargetIn(RequestBody):
    """A learning goal: a level (1 to 4) in a skill."""

    model_config = examples({"skill": "film_turn_in", "level": 3})

    skill: str = Field(max_length=100)
    level: int = Field(ge=1, le=4, strict=True)


class TargetsOut(BaseModel):
    """A trainee's learning goals: skill → level aimed at."""

    model_config = examples({"trainee": "T-0001", "targets": {"film_turn_in": 3}})

    trainee: str
    targets: dict[str, int]


class MatrixRowOut(BaseModel):
    """One active trainee's line of the matrix."""

    trainee: str
    post: str | None
    levels: dict[str, int]
    targets: dict[str, int]


class MatrixOut(BaseModel):
    """Active trainees × skills, and the fragile skills (held at level 3 or more by fewer
    than two active trainees) with their holders."""

    model_config = examples({"skills": ["cleaning", "film_apply"],
                             "rows": [{"trainee": "T-0001", "post": "P1",
                                       "levels": {"cleaning": 3, "film_apply": 3},
                                       "targets": {}}],
                             "fragile": ["cleaning", "film_apply"],
                             "holders": {"cleaning": ["T-0001"], "film_apply": ["T-0001"]}})

    skills: list[str]
    rows: list[MatrixRowOut]
    fragile: list[str]
    holders: dict[str, list[str]]


class EvidenceOut(BaseModel):
    """What production shows of a trainee in one skill, and the level it suggests (only an
    assessment changes a level)."""

    model_config = examples({"trainee": "T-0001", "skill": "film_apply", "items": 34,
                             "supervised": 4, "autonomous": 30, "checks_passed": 33,
                             "checks_failed": 1, "pass_rate": 0.9706,
                             "autonomous_checks_passed": 30, "autonomous_checks_failed": 0,
                             "last_practised": "2026-03-02", "level": 2, "suggested": 3})

    trainee: str
    skill: str
    items: int
    supervised: int
    autonomous: int
    checks_passed: int
    checks_failed: int
    pass_rate: float | None
    autonomous_checks_passed: int
    autonomous_checks_failed: int
    last_practised: dt.date | None
    level: int
    suggested: int | None


class EvidencePage(Page[EvidenceOut]):
    """A page of evidence, one skill each."""

    model_config = page_examples(EvidenceOut)
