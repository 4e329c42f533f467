"""Skills of the trainees: assessments, the skill gate, the skill matrix and evidence.

The referential (which skills exist) comes from the catalogue; a trainee's
current level in a skill is their latest assessment (0, "not assessed", when
there is none). Assessments are never rewritten: a new one is added.

DOMAIN rule 1 lives here (:func:`check_gate`): work needing skill S at level
L is for a trainee at level L or more; at L-1 only under a named staff
supervisor (learning under supervision); below that it is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from atelier.domain.catalogue import MAX_LEVEL, MIN_LEVEL, EvidenceRule
from atelier.domain.errors import InvalidInput, RuleViolation
from atelier.domain.people import TRAINEE_CODE

#: Level from which a trainee holds a skill for the matrix: 3, autonomous.
HOLDING_LEVEL = 3
#: A skill held (at HOLDING_LEVEL or more) by fewer active trainees than this is fragile.
SAFE_HOLDERS = 2
#: Longest evidence note kept with an assessment.
MAX_EVIDENCE = 2000


def check_level(level: int, field: str = "level", *, lowest: int = MIN_LEVEL) -> int:
    """``level`` if it is an integer of the scale (``lowest`` to 4), else InvalidInput."""
    if isinstance(level, bool) or not isinstance(level, int) or not lowest <= level <= MAX_LEVEL:
        raise InvalidInput(field, f"a level from {lowest} to {MAX_LEVEL}", value=level,
                           code="level_invalid", lowest=lowest, highest=MAX_LEVEL)
    return level


def clean_evidence(text: str | None) -> str | None:
    """An assessment's evidence note, stripped; None when blank; refused when too long."""
    if text is None or not text.strip():
        return None
    text = text.strip()
    if len(text) > MAX_EVIDENCE:
        raise InvalidInput("evidence", f"at most {MAX_EVIDENCE} characters", value=len(text),
                           code="evidence_too_long", limit=MAX_EVIDENCE)
    return text


@attrs.frozen
class Assessment:
    """A dated level given by a staff member (the assessor) to a trainee in one skill."""

    id: int
    trainee: str
    skill: str
    level: int
    assessed_on: dt.date
    assessor: str
    #: What the level rests on (e.g. quality results); free text, cleared at anonymisation.
    evidence: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {"id": self.id, "trainee": self.trainee, "skill": self.skill,
                "level": self.level, "assessed_on": self.assessed_on.isoformat(),
                "assessor": self.assessor, "evidence": self.evidence}


def check_gate(trainee: str, skill: str, required: int, held: int,
               supervisor: str | None) -> bool:
    """Apply DOMAIN rule 1 to one skill; returns whether the work is done *under supervision*.

    ``held >= required``: allowed (False). ``held == required - 1`` with a
    named ``supervisor``: allowed as learning under supervision (True).
    Otherwise :class:`RuleViolation` ``skill_gate`` naming the trainee, the
    skill, the level required and the level held.
    """
    if held >= required:
        return False
    if held == required - 1 and supervisor:
        return True
    if held == required - 1:
        why = "one level below, the work needs a named supervisor"
    else:
        why = "more than one level below, the work is refused even under supervision"
    raise RuleViolation(
        f"{trainee} holds skill {skill} at level {held}, the operation needs level "
        f"{required} ({why})",
        code="skill_gate", trainee=trainee, skill=skill, required=required, held=held)




def check_supervisor(trainee: str, supervisor: str) -> str:
    """The supervising staff member named for learning under supervision, trimmed.

    A trainee cannot supervise: a name that is the trainee's own code, or any
    trainee code, is refused (``supervisor_not_staff``).
    """
    name = supervisor.strip()
    if not name:
        raise InvalidInput("supervisor", "a supervisor needs a name", code="supervisor_blank")
    if name.casefold() == trainee.casefold() or TRAINEE_CODE.search(name.upper()):
        raise RuleViolation(
            f"{name} cannot supervise {trainee}: learning under supervision needs a staff "
            "member", code="supervisor_not_staff", trainee=trainee, supervisor=name)
    return name


def check_gates(trainee: str, requirements: Iterable[tuple[str, int]],
                levels: Mapping[str, int], supervisor: str | None) -> tuple[str, ...]:
    """:func:`check_gate` over every ``(skill, required level)`` of a batch of work, each
    skill at the highest level the batch needs; returns the skills worked one level
    below (under ``supervisor``), sorted. The first refusal, by skill, is raised."""
    needed: dict[str, int] = {}
    for skill, required in requirements:
        needed[skill] = max(required, needed.get(skill, required))
    return tuple(skill for skill in sorted(needed)
                 if check_gate(trainee, skill, needed[skill], levels.get(skill, MIN_LEVEL),
                               supervisor))


# --- the skill matrix ---------------------------------------------------------------


@attrs.frozen
class MatrixRow:
    """One active trainee's line of the matrix: current level per skill (0 when none)."""

    trainee: str
    post: str | None
    levels: Mapping[str, int]
    targets: Mapping[str, int] = attrs.field(factory=dict)


@attrs.frozen
class SkillMatrix:
    """Active trainees × skills of the catalogue, and where the workshop is fragile."""

    skills: tuple[str, ...]
    rows: tuple[MatrixRow, ...]
    #: Skills held at level 3 or more by fewer than two active trainees, in catalogue order.
    fragile: tuple[str, ...]

    def holders(self, skill: str) -> tuple[str, ...]:
        """The trainees holding ``skill`` at level 3 (autonomous) or more."""
        return tuple(r.trainee for r in self.rows if r.levels.get(skill, 0) >= HOLDING_LEVEL)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data: skills, one row per trainee, fragile skills and their holders."""
        return {
            "skills": list(self.skills),
            "rows": [{"trainee": r.trainee, "post": r.post,
                      "levels": {s: r.levels.get(s, 0) for s in self.skills},
                      "targets": dict(r.targets)} for r in self.rows],
            "fragile": list(self.fragile),
            "holders": {s: list(self.holders(s)) for s in self.skills},
        }


def build_matrix(skills: Sequence[str], rows: Iterable[MatrixRow]) -> SkillMatrix:
    """The matrix of ``rows`` (active trainees only) over ``skills``, with its fragility."""
    ordered = tuple(sorted(rows, key=lambda r: r.trainee))
    fragile = tuple(s for s in skills
                    if sum(1 for r in ordered if r.levels.get(s, 0) >= HOLDING_LEVEL)
                    < SAFE_HOLDERS)
    return SkillMatrix(skills=tuple(skills), rows=ordered, fragile=fragile)


# --- evidence from production -----------------------------------------------------------


@attrs.frozen
class WorkTally:
    """Work on one skill under one condition (supervised or autonomous): items worked and
    the quality checks that judged that work."""

    items: int = 0
    passed: int = 0
    failed: int = 0

    def __add__(self, other: WorkTally) -> WorkTally:
        return WorkTally(self.items + other.items, self.passed + other.passed,
                         self.failed + other.failed)

    @property
    def pass_rate(self) -> Fraction | None:
        """Passed over checked, exactly; None when no check judged this work."""
        checked = self.passed + self.failed
        return Fraction(self.passed, checked) if checked else None


@attrs.frozen
class SkillEvidence:
    """What production shows of one trainee in one skill.

    ``items`` counts item-operations done (one task recorded on one item; a
    reworked task counts again). Quality checks judge work as a supervisor
    means them: a passed check at a checkpoint validates every step of the
    item's routing line done before it; a failed check counts against only the
    step it sends back to rework, the earlier steps being neither passed nor
    failed by it. Each step judged counts for the trainee and skill of the
    latest work recorded on it before the check (after a rework, the reworker).
    """

    trainee: str
    skill: str
    supervised: WorkTally
    autonomous: WorkTally
    last_practised: dt.date | None
    level: int
    #: A higher level the evidence supports under the catalogue's thresholds, or None.
    suggested: int | None = None

    @property
    def items(self) -> int:
        """Item-operations done on this skill, supervised or not."""
        return self.supervised.items + self.autonomous.items

    @property
    def checks_passed(self) -> int:
        """Quality checks passed on this work."""
        return self.supervised.passed + self.autonomous.passed

    @property
    def checks_failed(self) -> int:
        """Quality checks failed on this work."""
        return self.supervised.failed + self.autonomous.failed

    @property
    def pass_rate(self) -> float | None:
        """Share of the checks passed (0 to 1), or None when nothing was checked."""
        rate = (self.supervised + self.autonomous).pass_rate
        return None if rate is None else float(rate)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        rate = self.pass_rate
        return {"trainee": self.trainee, "skill": self.skill, "items": self.items,
                "supervised": self.supervised.items, "autonomous": self.autonomous.items,
                "checks_passed": self.checks_passed, "checks_failed": self.checks_failed,
                "pass_rate": None if rate is None else round(rate, 4),
                "autonomous_checks_passed": self.autonomous.passed,
                "autonomous_checks_failed": self.autonomous.failed,
                "last_practised": (None if self.last_practised is None
                                   else self.last_practised.isoformat()),
                "level": self.level, "suggested": self.suggested}


def rule_met(rule: EvidenceRule, supervised: WorkTally, autonomous: WorkTally) -> bool:
    """Whether the work meets ``rule``: enough items (autonomous ones only if the rule
    says so) and a pass rate at least the rule's over the checks of that same work.

    Work no check has judged shows no pass rate, so it cannot meet a rule asking
    for one: a suggestion claims quality only where quality was checked.
    """
    work = autonomous if rule.autonomous_only else supervised + autonomous
    if work.items < rule.min_items:
        return False
    needed = Fraction(repr(rule.min_pass_rate))  # 0.95 is 19/20, not the float just below
    if needed == 0:
        return True
    rate = work.pass_rate
    return rate is not None and rate >= needed


def suggest_level(evidence: SkillEvidence, thresholds: Iterable[EvidenceRule]) -> int | None:
    """The highest level above the current one that the evidence supports, or None.

    Only a staff member's assessment changes a level: this is a suggestion.
    """
    met = [r.level for r in thresholds
           if r.level > evidence.level and rule_met(r, evidence.supervised, evidence.autonomous)]
    return max(met) if met else None


def with_suggestion(evidence: SkillEvidence, thresholds: Iterable[EvidenceRule]) -> SkillEvidence:
    """``evidence`` with its :attr:`~SkillEvidence.suggested` level filled in."""
    return attrs.evolve(evidence, suggested=suggest_level(evidence, thresholds))
