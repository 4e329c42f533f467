"""What is stored about one person across the areas: for their export, their
certificate, and anonymisation after the retention period.

These are small read queries over the hours and skills tables, kept here so
that the people use cases depend on no other area's repository.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa

from atelier.store import tables as t

#: The tables holding rows about a trainee, exported whole (name -> table).
_PERSON_TABLES: dict[str, sa.Table] = {
    "contracts": t.contracts,
    "post_assignments": t.post_assignments,
    "attendance": t.attendance,
    "time_entries": t.time_entries,
    "hour_corrections": t.hour_corrections,
    "work_records": t.work_records,
    "assessments": t.assessments,
    "skill_targets": t.skill_targets,
}


#: What an hours correction's reason becomes at anonymisation: the column is required,
#: the minutes stay in the month's figure, the words about the person go.
ANONYMISED_REASON = "(anonymisé)"


def _names(value: Any, code: str) -> bool:
    """Whether an audit record's ``before`` or ``after`` names ``code`` as its trainee."""
    return isinstance(value, dict) and value.get("trainee") == code


def _plain(value: Any) -> Any:
    """A JSON-able value: dates and times as ISO text."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


class PeopleRecords:
    """Queries over everything stored about one trainee (mixed into ``SqlPeople``)."""

    conn: sa.Connection

    def minutes_worked(self, trainee_id: int) -> int:
        """Present attendance minutes plus every hours correction of the trainee."""
        a, hc = t.attendance, t.hour_corrections
        attended = self.conn.execute(sa.select(sa.func.coalesce(sa.func.sum(a.c.minutes), 0))
                                     .where(a.c.trainee_id == trainee_id, a.c.present)).scalar()
        corrected = self.conn.execute(sa.select(sa.func.coalesce(sa.func.sum(hc.c.minutes), 0))
                                      .where(hc.c.trainee_id == trainee_id)).scalar()
        return int(attended or 0) + int(corrected or 0)

    def latest_assessments(self, trainee_id: int) -> list[tuple[str, int, dt.date]]:
        """``(skill, level, assessed on)`` of the latest assessment of each skill."""
        a = t.assessments
        ranked = (sa.select(a.c.skill, a.c.level, a.c.assessed_on,
                            sa.func.row_number().over(
                                partition_by=a.c.skill,
                                order_by=(a.c.assessed_on.desc(), a.c.id.desc())).label("rank"))
                  .where(a.c.trainee_id == trainee_id).subquery())
        rows = self.conn.execute(sa.select(ranked.c.skill, ranked.c.level, ranked.c.assessed_on)
                                 .where(ranked.c.rank == 1).order_by(ranked.c.skill))
        return [(r.skill, int(r.level), r.assessed_on) for r in rows]

    def person_records(self, trainee_id: int) -> dict[str, list[dict[str, Any]]]:
        """Every row about the trainee in each table, by table name (ids kept as they are)."""
        found: dict[str, list[dict[str, Any]]] = {}
        for name, table in _PERSON_TABLES.items():
            # The id (where a table has one) comes last: the same order on every database
            # (two sessions of one day: am, then pm).
            order = [table.c[k] for k in ("start_on", "day", "session", "month", "work_day",
                                          "assessed_on", "skill", "id") if k in table.c]
            rows = self.conn.execute(sa.select(table).where(table.c.trainee_id == trainee_id)
                                     .order_by(*order))
            found[name] = [{k: _plain(v) for k, v in row._mapping.items() if k != "trainee_id"}
                           for row in rows]
        tr = t.trainees
        row = self.conn.execute(sa.select(tr).where(tr.c.id == trainee_id)).one()
        found["trainee"] = [{k: _plain(v) for k, v in row._mapping.items()}]
        return found

    def person_work(self, trainee_id: int) -> list[dict[str, Any]]:
        """The work the trainee did, by day: order, operation, minutes, supervisor, post,
        tasks."""
        w, o = t.work_records, t.orders
        rows = self.conn.execute(
            sa.select(o.c.ref, w.c.operation, w.c.work_day, w.c.minutes, w.c.supervisor,
                      w.c.post_code, w.c.task_count)
            .join(o, o.c.id == w.c.order_id).where(w.c.trainee_id == trainee_id)
            .order_by(w.c.work_day, w.c.id))
        return [{"order": r.ref, "operation": r.operation, "day": _plain(r.work_day),
                 "minutes": int(r.minutes), "supervisor": r.supervisor, "post": r.post_code,
                 "tasks": int(r.task_count)} for r in rows]

    def person_audit(self, code: str) -> list[dict[str, Any]]:
        """The audit records about the trainee (keyed by their code) and those about
        something else naming them as its trainee (work recorded, posts), oldest first."""
        a = t.audit_log
        # Records of other entities hold the code as a JSON string: the quotes keep
        # T-0001 from matching T-00010, and the check below reads the field itself.
        quoted = json.dumps(code)
        rows = self.conn.execute(
            sa.select(a.c.at, a.c.actor, a.c.action, a.c.entity, a.c.entity_key, a.c.before,
                      a.c.after)
            .where(sa.or_(sa.and_(a.c.entity == "trainee", a.c.entity_key == code),
                          sa.and_(a.c.entity != "trainee",
                                  sa.or_(a.c.after.contains(quoted, autoescape=True),
                                         a.c.before.contains(quoted, autoescape=True)))))
            .order_by(a.c.id))
        found = []
        for r in rows:
            before = json.loads(r.before) if r.before else None
            after = json.loads(r.after) if r.after else None
            if r.entity != "trainee" and not (_names(before, code) or _names(after, code)):
                continue
            found.append({"at": _plain(r.at), "actor": r.actor, "action": r.action,
                          "entity": r.entity, "key": r.entity_key, "before": before,
                          "after": after})
        return found

    def last_day_worked(self, trainee_id: int) -> dt.date | None:
        """The last day with present attendance, a time entry or work recorded (or None).

        Absences do not count: an absence after the last day worked (a release, a
        transfer) may be recorded before the exit is.
        """
        a, te, w = t.attendance, t.time_entries, t.work_records
        days = sa.union_all(
            sa.select(sa.func.max(a.c.day).label("day"))
            .where(a.c.trainee_id == trainee_id, a.c.present),
            sa.select(sa.func.max(te.c.day)).where(te.c.trainee_id == trainee_id),
            sa.select(sa.func.max(w.c.work_day)).where(w.c.trainee_id == trainee_id),
        ).subquery()
        last = self.conn.execute(sa.select(sa.func.max(days.c.day))).scalar()
        if last is None or isinstance(last, dt.date):
            return last
        return dt.date.fromisoformat(str(last))  # SQLite's max over a union is text

    def exited_before(self, cutoff: dt.date) -> list[tuple[int, str]]:
        """``(id, code)`` of trainees exited before ``cutoff`` and not yet anonymised."""
        tr = t.trainees
        rows = self.conn.execute(sa.select(tr.c.id, tr.c.code).where(
            tr.c.exit_on.is_not(None), tr.c.exit_on < cutoff, tr.c.anonymised_at.is_(None))
            .order_by(tr.c.code))
        return [(int(r.id), str(r.code)) for r in rows]

    def erase_personal(self, trainee_ids: list[int], now: dt.datetime) -> None:
        """Erase the personal record and the free-text notes of these trainees
        (assessment evidence, time-entry notes, correction reasons); keep the codes and
        every figure (minutes, levels, dates)."""
        if not trainee_ids:
            return
        tr = t.trainees
        self.conn.execute(sa.delete(t.trainee_personal)
                          .where(t.trainee_personal.c.trainee_id.in_(trainee_ids)))
        self.conn.execute(sa.update(t.assessments).where(
            t.assessments.c.trainee_id.in_(trainee_ids)).values(evidence=None))
        self.conn.execute(sa.update(t.time_entries).where(
            t.time_entries.c.trainee_id.in_(trainee_ids)).values(note=None))
        self.conn.execute(sa.update(t.hour_corrections).where(
            t.hour_corrections.c.trainee_id.in_(trainee_ids)).values(reason=ANONYMISED_REASON))
        self.conn.execute(sa.update(tr).where(tr.c.id.in_(trainee_ids)).values(
            anonymised_at=now, version=tr.c.version + 1))
