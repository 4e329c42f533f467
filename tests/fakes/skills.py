"""Fake repository of skills (assessments, targets, the matrix, evidence), as
``atelier.store.skills`` does it."""

from __future__ import annotations

import datetime as dt

from atelier.domain.skills import Assessment, MatrixRow, WorkTally
from atelier.domain.task import PASS
from atelier.services.ports_skills import StoredEvidence
from tests.fakes.orders import Repository
from tests.fakes.tables import Row, latest


def _assessment(r: Row, trainee: str) -> Assessment:
    return Assessment(id=int(r["id"]), trainee=trainee, skill=r["skill"], level=int(r["level"]),
                      assessed_on=r["assessed_on"], assessor=r["assessor"],
                      evidence=r["evidence"])


class FakeSkills(Repository):
    """Assessments, targets, the skill matrix and evidence from production."""

    def add_assessment(self, *, trainee_id: int, skill: str, level: int, on: dt.date,
                       assessor: str, evidence: str | None, now: dt.datetime) -> int:
        return int(self.tx.insert("assessments", trainee_id=trainee_id, skill=skill,
                                  level=level, assessed_on=on, assessor=assessor,
                                  evidence=evidence, recorded_at=now))

    def _latest(self, trainee_ids: set[int]) -> list[Row]:
        """The latest assessment of each (trainee, skill): by date assessed, then recorded;
        by trainee and skill, as the SQL window's partitions come."""
        groups: dict[tuple[int, str], list[Row]] = {}
        for a in self.tx.rows("assessments"):
            if a["trainee_id"] in trainee_ids:
                groups.setdefault((a["trainee_id"], a["skill"]), []).append(a)
        found = [latest(groups[key], lambda a: (a["assessed_on"], a["id"]))
                 for key in sorted(groups)]
        return [a for a in found if a is not None]

    def assessments(self, trainee_id: int, trainee: str,
                    skill: str | None = None) -> list[Assessment]:
        rows = sorted((a for a in self.tx.where("assessments", trainee_id=trainee_id)
                       if skill is None or a["skill"] == skill),
                      key=lambda a: (a["assessed_on"], a["id"]))
        return [_assessment(r, trainee) for r in rows]

    def current(self, trainee_id: int, trainee: str) -> list[Assessment]:
        rows = sorted(self._latest({trainee_id}), key=lambda a: a["skill"])
        return [_assessment(r, trainee) for r in rows]

    def levels(self, trainee_id: int) -> dict[str, int]:
        return {r["skill"]: int(r["level"]) for r in self._latest({trainee_id})}

    def set_target(self, trainee_id: int, skill: str, level: int, on: dt.date) -> int | None:
        before = self.tx.get("skill_targets", (trainee_id, skill))
        if before is None:
            self.tx.insert("skill_targets", trainee_id=trainee_id, skill=skill, level=level,
                           set_on=on)
            return None
        if before["level"] != level:  # the same goal again keeps its date
            self.tx.update("skill_targets", (trainee_id, skill), level=level, set_on=on)
        return int(before["level"])

    def targets(self, trainee_id: int) -> dict[str, int]:
        return {r["skill"]: int(r["level"]) for r in sorted(
            self.tx.where("skill_targets", trainee_id=trainee_id), key=lambda r: r["skill"])}

    def matrix_rows(self) -> list[MatrixRow]:
        people = sorted((t for t in self.tx.rows("trainees") if t["active"]),
                        key=lambda t: t["code"])
        active = {t["id"] for t in people}
        levels: dict[int, dict[str, int]] = {}
        for r in self._latest(active):
            levels.setdefault(r["trainee_id"], {})[r["skill"]] = int(r["level"])
        targets: dict[int, dict[str, int]] = {}
        for r in sorted(self.tx.rows("skill_targets"), key=lambda r: (r["trainee_id"], r["skill"])):
            if r["trainee_id"] in active:
                targets.setdefault(r["trainee_id"], {})[r["skill"]] = int(r["level"])
        out = []
        for p in people:
            post = None if p["post_id"] is None else self.tx.get("posts", p["post_id"])
            out.append(MatrixRow(trainee=p["code"], post=None if post is None else post["code"],
                                 levels=levels.get(p["id"], {}),
                                 targets=targets.get(p["id"], {})))
        return out

    def evidence(self, trainee_id: int) -> dict[str, StoredEvidence]:
        """Work per skill (supervised or not), and the checks that judged it: a passed check
        at a checkpoint judges every earlier step of the item's routing line, a failed one
        only the step it sends back; each judged step is credited to the latest record on
        it made before the check."""
        records = {w["id"]: w for w in self.tx.rows("work_records")}
        on_task: dict[int, list[Row]] = {}
        for x in self.tx.rows("work_record_tasks"):
            on_task.setdefault(x["task_id"], []).append(records[x["work_record_id"]])
        checkpoints: dict[tuple[int, int], list[Row]] = {}
        for k in self.tx.rows("tasks"):
            if k["checkpoint"]:
                checkpoints.setdefault((k["item_id"], k["line_id"]), []).append(k)
        checks: dict[int, list[Row]] = {}
        for qc in self.tx.rows("quality_checks"):
            checks.setdefault(qc["task_id"], []).append(qc)

        tallies: dict[tuple[str, bool], WorkTally] = {}
        last: dict[str, dt.date] = {}
        judged: dict[tuple[str, bool, str], int] = {}
        for x in self.tx.rows("work_record_tasks"):
            w = records[x["work_record_id"]]
            if w["trainee_id"] != trainee_id:
                continue
            task = self.tx.get("tasks", x["task_id"])
            assert task is not None
            k = task
            key = (k["skill"], w["supervisor"] is not None)
            tallies[key] = tallies.get(key, WorkTally()) + WorkTally(items=1)
            if k["skill"] not in last or w["work_day"] > last[k["skill"]]:
                last[k["skill"]] = w["work_day"]
            for ck in checkpoints.get((k["item_id"], k["line_id"]), []):
                if ck["seq"] <= k["seq"]:
                    continue
                for qc in checks.get(ck["id"], []):
                    if not (qc["result"] == PASS or qc["reworked_task_id"] == k["id"]):
                        continue
                    if w["recorded_at"] > qc["checked_at"] or any(
                            later["id"] > w["id"] and later["recorded_at"] <= qc["checked_at"]
                            for later in on_task[k["id"]]):
                        continue
                    group = (*key, qc["result"])
                    judged[group] = judged.get(group, 0) + 1
        for (skill, supervised, result), n in judged.items():
            passed = n if result == PASS else 0
            tallies[(skill, supervised)] = tallies.get((skill, supervised), WorkTally()) + \
                WorkTally(passed=passed, failed=n - passed)
        skills = sorted({skill for skill, _ in tallies})
        return {s: (tallies.get((s, True), WorkTally()), tallies.get((s, False), WorkTally()),
                    last.get(s)) for s in skills}
