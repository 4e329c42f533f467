"""Routes: skills — assessments, levels, learning targets, the matrix, evidence."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from atelier.app import Workshop
from atelier_api.deps import Staff
from atelier_api.routes.people import TraineeCode
from atelier_api.schemas.common import Paging, page, staff
from atelier_api.schemas.skills import (
    AssessIn,
    AssessmentOut,
    AssessmentPage,
    EvidenceOut,
    EvidencePage,
    LevelsOut,
    MatrixOut,
    TargetIn,
    TargetsOut,
)

router = APIRouter(tags=["skills"])

SkillFilter = Annotated[str | None, Query(max_length=100, description="Only this skill.")]


@router.post("/trainees/{code}/assessments", response_model=AssessmentOut, status_code=201,
             summary="Assess a trainee in a skill", **staff(Workshop.assess, 404, 409))
def assess(ws: Staff, code: TraineeCode, body: AssessIn) -> AssessmentOut:
    """Assessments are added, never changed: the current level is the latest."""
    made = ws.assess(code, body.skill, body.level, evidence=body.evidence, on=body.on)
    return AssessmentOut.model_validate(made.as_dict())


@router.get("/trainees/{code}/assessments", response_model=AssessmentPage,
            summary="A trainee's assessment history", **staff(Workshop.assessments, 404))
def assessments(ws: Staff, code: TraineeCode, at: Paging,
                skill: SkillFilter = None) -> AssessmentPage:
    """Oldest first; the evidence notes only for a role that reads notes."""
    return page(AssessmentPage, ws.assessments(code, skill=skill), at,
                lambda a: AssessmentOut.model_validate(a.as_dict()))


@router.get("/trainees/{code}/levels", response_model=LevelsOut,
            summary="A trainee's current levels", **staff(Workshop.levels, 404))
def levels(ws: Staff, code: TraineeCode) -> LevelsOut:
    """The current level in each skill of the catalogue (0: never assessed)."""
    return LevelsOut(trainee=code, levels=ws.levels(code))


@router.get("/trainees/{code}/targets", response_model=TargetsOut,
            summary="A trainee's learning goals", **staff(Workshop.targets, 404))
def targets(ws: Staff, code: TraineeCode) -> TargetsOut:
    """Skill → level aimed at."""
    return TargetsOut(trainee=code, targets=ws.targets(code))


@router.post("/trainees/{code}/targets", response_model=TargetsOut,
             summary="Set a learning goal", **staff(Workshop.set_target, 404, 409))
def set_target(ws: Staff, code: TraineeCode, body: TargetIn) -> TargetsOut:
    """A level (1 to 4) aimed at in a skill; answers every goal of the trainee."""
    ws.set_target(code, body.skill, body.level)
    return TargetsOut(trainee=code, targets=ws.targets(code))


@router.get("/skills/matrix", response_model=MatrixOut, summary="The skill matrix",
            **staff(Workshop.skill_matrix))
def skill_matrix(ws: Staff) -> MatrixOut:
    """Active trainees × skills, with the fragile skills and their holders."""
    return MatrixOut.model_validate(ws.skill_matrix().as_dict())


@router.get("/trainees/{code}/evidence", response_model=EvidencePage,
            summary="What production shows per skill", **staff(Workshop.evidence, 404))
def evidence(ws: Staff, code: TraineeCode, at: Paging, skill: SkillFilter = None) -> EvidencePage:
    """Items, checks passed and failed, supervised and autonomous work, last practised,
    current level and the level the evidence suggests."""
    return page(EvidencePage, ws.evidence(code, skill=skill), at,
                lambda e: EvidenceOut.model_validate(e.as_dict()))
