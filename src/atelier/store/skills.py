"""Repository of skills: assessments (append-only), targets, the matrix, evidence.

Assessments are only inserted and read here; a current level is the latest
assessment by date assessed, then by the order recorded. Evidence is read
set-based from the work records and the quality checks, one statement each,
for one trainee at a time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from atelier.domain.skills import Assessment, MatrixRow, WorkTally
from atelier.domain.task import PASS
from atelier.services.ports_skills import StoredEvidence
from atelier.store import tables as t

_a = t.assessments


def _latest(*where: sa.ColumnElement[bool]) -> sa.Subquery:
    """The latest assessment of each (trainee, skill) among those matching ``where``."""
    rank = sa.func.row_number().over(partition_by=(_a.c.trainee_id, _a.c.skill),
                                     order_by=(_a.c.assessed_on.desc(), _a.c.id.desc()))
    ranked = sa.select(_a, rank.label("rank")).where(*where).subquery()
    return sa.select(ranked).where(ranked.c.rank == 1).subquery()


# The current level of each skill of one trainee: read on every act of work (the skill
# gate), so the statement is built once and its compiled form cached.
_CURRENT = _latest(_a.c.trainee_id == sa.bindparam("trainee_id"))
_LEVELS = sa.select(_CURRENT.c.skill, _CURRENT.c.level)


def _assessment(r: sa.Row[Any], trainee: str) -> Assessment:
    return Assessment(id=int(r.id), trainee=trainee, skill=r.skill, level=int(r.level),
                      assessed_on=r.assessed_on, assessor=r.assessor, evidence=r.evidence)


# Evidence. Work: item-operations recorded per skill, supervised or not, last day.
_wr, _wrt, _k = t.work_records, t.work_record_tasks, t.tasks
_SUPERVISED = _wr.c.supervisor.is_not(None)
_WORK = (
    sa.select(_k.c.skill, _SUPERVISED.label("supervised"), sa.func.count().label("items"),
              sa.func.max(_wr.c.work_day).label("last"))
    .select_from(_wrt.join(_wr, _wr.c.id == _wrt.c.work_record_id)
                 .join(_k, _k.c.id == _wrt.c.task_id))
    .where(_wr.c.trainee_id == sa.bindparam("trainee_id"))
    .group_by(_k.c.skill, _SUPERVISED))

# Checks, as a workshop supervisor means them. A PASSED check at a checkpoint validates
# every step of the item's routing line before it (same item and line, lower seq); a
# FAILED check counts against the one step it sends back to rework
# (``reworked_task_id``) and says nothing of the others. Each judged step is credited to
# the latest record on it made before the check: a rework recorded later is judged by a
# later check, and the reworker (not the first worker) gets that check's result.
_ck, _qc = _k.alias("ck"), t.quality_checks
_later_wrt, _later_wr = _wrt.alias("later_wrt"), _wr.alias("later_wr")
_LATER_RECORD = (
    sa.select(_later_wrt.c.task_id)
    .join(_later_wr, _later_wr.c.id == _later_wrt.c.work_record_id)
    .where(_later_wrt.c.task_id == _k.c.id, _later_wr.c.id > _wr.c.id,
           _later_wr.c.recorded_at <= _qc.c.checked_at))
_JUDGED = sa.or_(_qc.c.result == PASS, _qc.c.reworked_task_id == _k.c.id)
_CHECKS = (
    sa.select(_k.c.skill, _SUPERVISED.label("supervised"), _qc.c.result,
              sa.func.count().label("checks"))
    .select_from(
        _wrt.join(_wr, _wr.c.id == _wrt.c.work_record_id)
        .join(_k, _k.c.id == _wrt.c.task_id)
        .join(_ck, sa.and_(_ck.c.item_id == _k.c.item_id, _ck.c.line_id == _k.c.line_id,
                           _ck.c.seq > _k.c.seq, _ck.c.checkpoint))
        .join(_qc, sa.and_(_qc.c.task_id == _ck.c.id, _JUDGED)))
    .where(_wr.c.trainee_id == sa.bindparam("trainee_id"),
           _wr.c.recorded_at <= _qc.c.checked_at, ~sa.exists(_LATER_RECORD))
    .group_by(_k.c.skill, _SUPERVISED, _qc.c.result))


class SqlSkills:
    """Assessments, targets, the skill matrix and evidence from production."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def add_assessment(self, *, trainee_id: int, skill: str, level: int, on: dt.date,
                       assessor: str, evidence: str | None, now: dt.datetime) -> int:
        return int(self.conn.execute(sa.insert(_a).values(
            trainee_id=trainee_id, skill=skill, level=level, assessed_on=on, assessor=assessor,
            evidence=evidence, recorded_at=now).returning(_a.c.id)).scalar_one())

    def assessments(self, trainee_id: int, trainee: str,
                    skill: str | None = None) -> list[Assessment]:
        q = sa.select(_a).where(_a.c.trainee_id == trainee_id)
        if skill is not None:
            q = q.where(_a.c.skill == skill)
        rows = self.conn.execute(q.order_by(_a.c.assessed_on, _a.c.id))
        return [_assessment(r, trainee) for r in rows]

    def current(self, trainee_id: int, trainee: str) -> list[Assessment]:
        latest = _latest(_a.c.trainee_id == trainee_id)
        rows = self.conn.execute(sa.select(latest).order_by(latest.c.skill))
        return [_assessment(r, trainee) for r in rows]

    def levels(self, trainee_id: int) -> dict[str, int]:
        return {r.skill: int(r.level)
                for r in self.conn.execute(_LEVELS, {"trainee_id": trainee_id})}

    def set_target(self, trainee_id: int, skill: str, level: int, on: dt.date) -> int | None:
        st = t.skill_targets
        key = sa.and_(st.c.trainee_id == trainee_id, st.c.skill == skill)
        before = self.conn.execute(sa.select(st.c.level).where(key)).scalar()
        if before is None:
            self.conn.execute(sa.insert(st).values(trainee_id=trainee_id, skill=skill,
                                                   level=level, set_on=on))
            return None
        if before != level:  # the same goal again keeps its date: nothing to write
            self.conn.execute(sa.update(st).where(key).values(level=level, set_on=on))
        return int(before)

    def targets(self, trainee_id: int) -> dict[str, int]:
        st = t.skill_targets
        return {r.skill: int(r.level) for r in self.conn.execute(
            sa.select(st.c.skill, st.c.level).where(st.c.trainee_id == trainee_id)
            .order_by(st.c.skill))}

    def matrix_rows(self) -> list[MatrixRow]:
        tr, st = t.trainees, t.skill_targets
        people = self.conn.execute(
            sa.select(tr.c.id, tr.c.code, t.posts.c.code.label("post"))
            .outerjoin(t.posts, t.posts.c.id == tr.c.post_id)
            .where(tr.c.active).order_by(tr.c.code)).all()
        active = sa.select(tr.c.id).where(tr.c.active).scalar_subquery()
        latest = _latest(_a.c.trainee_id.in_(active))
        levels: dict[int, dict[str, int]] = {}
        for r in self.conn.execute(sa.select(latest.c.trainee_id, latest.c.skill,
                                             latest.c.level)):
            levels.setdefault(r.trainee_id, {})[r.skill] = int(r.level)
        targets: dict[int, dict[str, int]] = {}
        for r in self.conn.execute(sa.select(st.c.trainee_id, st.c.skill, st.c.level)
                                   .where(st.c.trainee_id.in_(active))):
            targets.setdefault(r.trainee_id, {})[r.skill] = int(r.level)
        return [MatrixRow(trainee=p.code, post=p.post, levels=levels.get(p.id, {}),
                          targets=targets.get(p.id, {})) for p in people]

    def evidence(self, trainee_id: int) -> dict[str, StoredEvidence]:
        tallies: dict[tuple[str, bool], WorkTally] = {}
        last: dict[str, dt.date] = {}
        for r in self.conn.execute(_WORK, {"trainee_id": trainee_id}):
            key = (r.skill, bool(r.supervised))
            tallies[key] = tallies.get(key, WorkTally()) + WorkTally(items=int(r.items))
            if r.last is not None and (r.skill not in last or r.last > last[r.skill]):
                last[r.skill] = r.last
        for r in self.conn.execute(_CHECKS, {"trainee_id": trainee_id}):
            key = (r.skill, bool(r.supervised))
            passed = int(r.checks) if r.result == PASS else 0
            tallies[key] = tallies.get(key, WorkTally()) + WorkTally(
                passed=passed, failed=int(r.checks) - passed)
        skills = sorted({skill for skill, _ in tallies})
        return {s: (tallies.get((s, True), WorkTally()), tallies.get((s, False), WorkTally()),
                    last.get(s)) for s in skills}
