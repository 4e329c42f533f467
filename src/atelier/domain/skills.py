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
from typing import ClassVar

import attrs

from atelier.domain import bounds
from atelier.domain.catalogue import MAX_LEVEL, MIN_LEVEL, Catalogue, EvidenceRule
from atelier.domain.errors import InvalidInput, RuleViolation
from atelier.domain.people import TRAINEE_CODE
from atelier.domain.shape import internal

#: Level from which a trainee holds a skill for the matrix: 3, autonomous.
HOLDING_LEVEL = 3
#: A skill held (at HOLDING_LEVEL or more) by fewer active trainees than this is fragile.
SAFE_HOLDERS = 2
#: Longest evidence note kept with an assessment.
MAX_EVIDENCE = bounds.EVIDENCE


def check_level(level: int, field: str = "level", *, lowest: int = MIN_LEVEL) -> int:
    """``level`` if it is an integer of the scale (``lowest`` to 4), else InvalidInput."""
    if isinstance(level, bool) or not isinstance(level, int) or not lowest <= level <= MAX_LEVEL:
        raise InvalidInput(field, f"a level from {lowest} to {MAX_LEVEL}",
                           value=level if isinstance(level, int | str) else repr(level)[:40],
                           code="level_invalid", lowest=lowest, highest=MAX_LEVEL)
    return level


def clean_evidence(text: str | None) -> str | None:
    """An assessment's evidence note, stripped; None when blank; refused when too long."""
    if text is not None and not isinstance(text, str):
        raise InvalidInput("evidence", "must be text", code="not_text")
    if text is None or not text.strip():
        return None
    text = text.strip()
    if len(text) > MAX_EVIDENCE:
        raise InvalidInput("evidence", f"at most {MAX_EVIDENCE} characters", value=len(text),
                           code="evidence_too_long", limit=MAX_EVIDENCE)
    return bounds.text(text, "evidence", MAX_EVIDENCE, multiline=True)


def check_assessment_day(on: dt.date | None, today: dt.date) -> dt.date:
    """The day of an assessment: ``on`` (default today), never a day to come."""
    day = today if on is None else bounds.day(on, "on")
    if day > today:
        raise InvalidInput("on", "an assessment cannot be dated in the future",
                           value=day.isoformat(), code="assessment_in_future")
    return day


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
    if not isinstance(supervisor, str) or not supervisor.strip():
        raise InvalidInput("supervisor", "a supervisor needs a name", code="supervisor_blank")
    name = bounds.name(supervisor, "supervisor")
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


def operation_needs(catalogue: Catalogue, services: Iterable[str],
                    operation: str) -> list[tuple[str, int]]:
    """``(skill, minimum level)`` of ``operation`` in each of the ``services`` having it
    (the gate then asks the highest level of each skill); refused if none has it."""
    needs = [(op.skill, op.min_level)
             for service in dict.fromkeys(services)
             for op in catalogue.service(service).operations if op.code == operation]
    if not needs:
        raise InvalidInput("operation", "not an operation of the order's services",
                           value=operation, code="operation_unknown")
    return needs


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

    DERIVED: ClassVar[tuple[str, ...]] = ("holders",)

    skills: tuple[str, ...]
    rows: tuple[MatrixRow, ...]
    #: Skills held at level 3 or more by fewer than two active trainees, in catalogue order.
    fragile: tuple[str, ...]

    @property
    def holders(self) -> Mapping[str, tuple[str, ...]]:
        """For each skill, the trainees holding it at level 3 (autonomous) or more."""
        return {skill: tuple(r.trainee for r in self.rows
                             if r.levels.get(skill, 0) >= HOLDING_LEVEL)
                for skill in self.skills}


def build_matrix(skills: Sequence[str], rows: Iterable[MatrixRow]) -> SkillMatrix:
    """The matrix of ``rows`` (active trainees only) over ``skills``, with its fragility;
    each row has a level for every skill (0 when never assessed)."""
    ordered = tuple(sorted((attrs.evolve(r, levels={s: r.levels.get(s, MIN_LEVEL)
                                                    for s in skills})
                            for r in rows), key=lambda r: r.trainee))
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

    DERIVED: ClassVar[tuple[str | tuple[str, str], ...]] = (
        "items", "supervised", "autonomous", "checks_passed", "checks_failed",
        ("pass_rate", "shown_pass_rate"), "autonomous_checks_passed",
        "autonomous_checks_failed")

    trainee: str
    skill: str
    #: The work done under a supervisor, and the checks that judged it.
    supervised_work: WorkTally = attrs.field(metadata=internal())
    #: The work done without a supervisor, and the checks that judged it.
    autonomous_work: WorkTally = attrs.field(metadata=internal())
    last_practised: dt.date | None
    level: int
    #: A higher level the evidence supports under the catalogue's thresholds, or None.
    suggested: int | None = None

    @property
    def items(self) -> int:
        """Item-operations done on this skill, supervised or not."""
        return self.supervised_work.items + self.autonomous_work.items

    @property
    def supervised(self) -> int:
        """Item-operations done under a supervisor."""
        return self.supervised_work.items

    @property
    def autonomous(self) -> int:
        """Item-operations done without a supervisor."""
        return self.autonomous_work.items

    @property
    def checks_passed(self) -> int:
        """Quality checks passed on this work."""
        return self.supervised_work.passed + self.autonomous_work.passed

    @property
    def checks_failed(self) -> int:
        """Quality checks failed on this work."""
        return self.supervised_work.failed + self.autonomous_work.failed

    @property
    def pass_rate(self) -> float | None:
        """Share of the checks passed (0 to 1), or None when nothing was checked."""
        rate = (self.supervised_work + self.autonomous_work).pass_rate
        return None if rate is None else float(rate)

    @property
    def shown_pass_rate(self) -> float | None:
        """:attr:`pass_rate` to four decimals, as people and programs read it."""
        rate = self.pass_rate
        return None if rate is None else round(rate, 4)

    @property
    def autonomous_checks_passed(self) -> int:
        """Quality checks passed on the work done without a supervisor."""
        return self.autonomous_work.passed

    @property
    def autonomous_checks_failed(self) -> int:
        """Quality checks failed on the work done without a supervisor."""
        return self.autonomous_work.failed


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
           if r.level > evidence.level
           and rule_met(r, evidence.supervised_work, evidence.autonomous_work)]
    return max(met) if met else None


def with_suggestion(evidence: SkillEvidence, thresholds: Iterable[EvidenceRule]) -> SkillEvidence:
    """``evidence`` with its :attr:`~SkillEvidence.suggested` level filled in."""
    return attrs.evolve(evidence, suggested=suggest_level(evidence, thresholds))
