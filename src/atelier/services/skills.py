"""Use cases of skills: assess, set targets, the skill matrix, evidence, and the gate.

The referential is the active catalogue's skills. Assessments are
append-only; a trainee's current level is the latest one. Evidence from
production only *suggests* a level: a staff member's assessment changes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from atelier.domain import bounds
from atelier.domain.actor import Actor
from atelier.domain.catalogue import MIN_LEVEL, Catalogue
from atelier.domain.people import check_trainee_code
from atelier.domain.skills import (
    Assessment,
    SkillEvidence,
    SkillMatrix,
    WorkTally,
    build_matrix,
    check_assessment_day,
    check_gates,
    check_level,
    clean_evidence,
    with_suggestion,
)
from atelier.domain.views import TaskRef
from atelier.services.catalogues import catalogue as active_catalogue
from atelier.services.people import active_trainee
from atelier.services.ports import UnitOfWork


def _skill_of(catalogue: Catalogue, skill: str) -> str:
    """``skill`` if the catalogue's referential has it, else NotFound (``skill_not_found``)."""
    return catalogue.skill(bounds.key(skill, "skill", bounds.CODE)).code


def _trainee_id(uow: UnitOfWork, trainee: str) -> int:
    """The id of a trainee, active or not (reading their history)."""
    return uow.people.trainee(check_trainee_code(trainee, "trainee")).id


def assess(uow: UnitOfWork, actor: Actor, trainee: str, skill: str, level: int,
           evidence: str | None, on: dt.date | None, now: dt.datetime) -> Assessment:
    """Give ``trainee`` ``level`` (0 to 4) in ``skill`` on day ``on`` (default today).

    Added to the history, never replacing an assessment; the assessor is the
    acting staff member. The trainee must be active. An assessment dated in
    the future is refused.
    """
    trainee_id = active_trainee(uow, trainee).id
    _skill_of(active_catalogue(uow), skill)
    check_level(level)
    note = clean_evidence(evidence)
    day = check_assessment_day(on, now.date())
    before = uow.skills.levels(trainee_id).get(skill)
    new_id = uow.skills.add_assessment(trainee_id=trainee_id, skill=skill, level=level, on=day,
                                       assessor=actor.name, evidence=note, now=now)
    # The evidence note is free text about a person: the audit says only that there is one.
    uow.audit.record(actor, "skill.assess", "trainee", trainee,
                     None if before is None else {"skill": skill, "level": before},
                     {"skill": skill, "level": level, "on": day.isoformat(),
                      "evidence": note is not None}, now)
    return Assessment(id=new_id, trainee=trainee, skill=skill, level=level, assessed_on=day,
                      assessor=actor.name, evidence=note)


def assessments(uow: UnitOfWork, trainee: str, skill: str | None = None) -> list[Assessment]:
    """The trainee's assessments, oldest first (one skill's with ``skill``)."""
    if skill is not None:
        bounds.key(skill, "skill", bounds.CODE)
    return uow.skills.assessments(_trainee_id(uow, trainee), trainee, skill)


def levels(uow: UnitOfWork, trainee: str) -> dict[str, int]:
    """Current level per skill of the active catalogue (0 when never assessed), then any
    other skill ever assessed (from an older catalogue)."""
    held = uow.skills.levels(_trainee_id(uow, trainee))
    out = {s.code: held.get(s.code, MIN_LEVEL) for s in active_catalogue(uow).skills}
    out.update((s, lv) for s, lv in sorted(held.items()) if s not in out)
    return out


def set_target(uow: UnitOfWork, actor: Actor, trainee: str, skill: str, level: int,
               now: dt.datetime) -> None:
    """Set a learning goal: ``level`` (1 to 4) in ``skill`` for ``trainee`` (replaces the
    previous goal for that skill)."""
    trainee_id = active_trainee(uow, trainee).id
    _skill_of(active_catalogue(uow), skill)
    check_level(level, lowest=1)
    before = uow.skills.set_target(trainee_id, skill, level, now.date())
    if before == level:
        return  # nothing changed, nothing to audit
    uow.audit.record(actor, "skill.target", "trainee", trainee,
                     None if before is None else {"skill": skill, "level": before},
                     {"skill": skill, "level": level}, now)


def targets(uow: UnitOfWork, trainee: str) -> dict[str, int]:
    """The trainee's learning goals: skill -> level aimed at."""
    return uow.skills.targets(_trainee_id(uow, trainee))


def skill_matrix(uow: UnitOfWork) -> SkillMatrix:
    """Active trainees × the catalogue's skills, with the fragile skills."""
    skills = [s.code for s in active_catalogue(uow).skills]
    return build_matrix(skills, uow.skills.matrix_rows())


def evidence(uow: UnitOfWork, trainee: str, skill: str | None = None) -> list[SkillEvidence]:
    """What production shows of ``trainee``, per skill practised (or for ``skill`` alone,
    even if never practised), with the level the catalogue's thresholds suggest.

    A passed check validates every earlier step of the item's routing line; a failed
    one counts only against the step it sends back to rework (see :class:`SkillEvidence`).
    """
    catalogue = active_catalogue(uow)
    trainee_id = _trainee_id(uow, trainee)
    stored = uow.skills.evidence(trainee_id)
    held = uow.skills.levels(trainee_id)
    if skill is not None:
        _skill_of(catalogue, skill)
        wanted = [skill]
    else:
        order = {s.code: n for n, s in enumerate(catalogue.skills)}
        wanted = sorted(stored, key=lambda s: (order.get(s, len(order)), s))
    out = []
    for code in wanted:
        supervised, autonomous, last = stored.get(code, (WorkTally(), WorkTally(), None))
        found = SkillEvidence(trainee=trainee, skill=code, supervised_work=supervised,
                              autonomous_work=autonomous, last_practised=last,
                              level=held.get(code, MIN_LEVEL))
        out.append(with_suggestion(found, catalogue.evidence))
    return out


def check_skill_gate(uow: UnitOfWork, trainee_id: int, trainee: str, tasks: Sequence[TaskRef],
                     supervisor: str | None) -> tuple[str, ...]:
    """DOMAIN rule 1 over a batch of work: each task's skill and minimum level (frozen on
    the task from the order's catalogue) against the trainee's current levels.

    Returns the skills worked one level below, under ``supervisor``; raises
    RuleViolation ``skill_gate`` for the first skill refused.
    """
    requirements = {(t.skill, t.min_level) for t in tasks}
    return check_gates(trainee, requirements, uow.skills.levels(trainee_id), supervisor)
