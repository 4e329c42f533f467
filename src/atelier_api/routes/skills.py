"""Routes: skills — assessments, levels, learning targets, the matrix, evidence."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from atelier import Workshop
from atelier.domain import bounds
from atelier_api.deps import Staff
from atelier_api.routes.people import TraineeCode
from atelier_api.schemas.common import Paging, page, staff
from atelier_api.schemas.skills import (
    AssessIn,
    AssessmentOut,
    AssessmentPage,
    EvidencePage,
    LevelsOut,
    MatrixOut,
    TargetIn,
    TargetsOut,
)
from atelier_api.shapes import shown

router = APIRouter(tags=["skills"])

SkillFilter = Annotated[str | None, Query(max_length=bounds.CODE,
                                          description="Only this skill.")]


@router.post("/trainees/{code}/assessments", summary="Assess a trainee in a skill",
             **staff(Workshop.assess, 404, 409, returns=AssessmentOut, status=201))
def assess(ws: Staff, code: TraineeCode, body: AssessIn) -> Any:
    """Assessments are added, never changed: the current level is the latest."""
    return shown(ws.assess(code, body.skill, body.level, evidence=body.evidence, on=body.on))


@router.get("/trainees/{code}/assessments", summary="A trainee's assessment history",
            **staff(Workshop.assessments, 404, returns=AssessmentPage))
def assessments(ws: Staff, code: TraineeCode, at: Paging, skill: SkillFilter = None) -> Any:
    """Oldest first; the evidence notes only for a role that reads notes."""
    return page(ws.assessments(code, skill=skill), at)


@router.get("/trainees/{code}/levels", summary="A trainee's current levels",
            **staff(Workshop.levels, 404, returns=LevelsOut))
def levels(ws: Staff, code: TraineeCode) -> Any:
    """The current level in each skill of the catalogue (0: never assessed)."""
    return {"trainee": code, "levels": ws.levels(code)}


@router.get("/trainees/{code}/targets", summary="A trainee's learning goals",
            **staff(Workshop.targets, 404, returns=TargetsOut))
def targets(ws: Staff, code: TraineeCode) -> Any:
    """Skill → level aimed at."""
    return {"trainee": code, "targets": ws.targets(code)}


@router.post("/trainees/{code}/targets", summary="Set a learning goal",
             **staff(Workshop.set_target, 404, 409, returns=TargetsOut))
def set_target(ws: Staff, code: TraineeCode, body: TargetIn) -> Any:
    """A level (1 to 4) aimed at in a skill; answers every goal of the trainee."""
    ws.set_target(code, body.skill, body.level)
    return {"trainee": code, "targets": ws.targets(code)}


@router.get("/skills/matrix", summary="The skill matrix",
            **staff(Workshop.skill_matrix, returns=MatrixOut))
def skill_matrix(ws: Staff) -> Any:
    """Active trainees × skills, with the fragile skills and their holders."""
    return shown(ws.skill_matrix())


@router.get("/trainees/{code}/evidence", summary="What production shows per skill",
            **staff(Workshop.evidence, 404, returns=EvidencePage))
def evidence(ws: Staff, code: TraineeCode, at: Paging, skill: SkillFilter = None) -> Any:
    """Items, checks passed and failed, supervised and autonomous work, last practised,
    current level and the level the evidence suggests."""
    return page(ws.evidence(code, skill=skill), at)
