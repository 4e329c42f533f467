"""What is stored about one person across the areas (their export, their certificate,
anonymisation), as ``atelier.store.people_records`` reads it."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from tests.fakes.orders import Repository
from tests.fakes.schema import SPECS
from tests.fakes.tables import Row, latest

#: The tables holding rows about a trainee, exported whole (as the SQL store lists them).
PERSON_TABLES = ("contracts", "post_assignments", "attendance", "time_entries",
                 "hour_corrections", "work_records", "assessments", "skill_targets")
#: The columns a table's rows are exported by, when it has them (the store's order: the
#: id last, where a table has one).
_ORDER = ("start_on", "day", "session", "month", "work_day", "assessed_on", "skill", "id")

#: What an hours correction's reason becomes at anonymisation (the store's
#: ``atelier.store.people_records.ANONYMISED_REASON``).
ANONYMISED_REASON = "(anonymisé)"


def _names(value: Any, code: str) -> bool:
    return isinstance(value, dict) and value.get("trainee") == code


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


class FakePeopleRecords(Repository):
    """Queries over everything stored about one trainee (mixed into ``FakePeople``)."""

    def minutes_worked(self, trainee_id: int) -> int:
        attended = sum(a["minutes"] for a in self.tx.where("attendance", trainee_id=trainee_id)
                       if a["present"])
        corrected = sum(c["minutes"] for c in self.tx.where("hour_corrections",
                                                            trainee_id=trainee_id))
        return int(attended) + int(corrected)

    def latest_assessments(self, trainee_id: int) -> list[tuple[str, int, dt.date]]:
        by_skill: dict[str, list[Row]] = {}
        for a in self.tx.where("assessments", trainee_id=trainee_id):
            by_skill.setdefault(a["skill"], []).append(a)
        out = []
        for skill in sorted(by_skill):
            best = latest(by_skill[skill], lambda a: (a["assessed_on"], a["id"]))
            assert best is not None
            out.append((skill, int(best["level"]), best["assessed_on"]))
        return out

    def person_records(self, trainee_id: int) -> dict[str, list[dict[str, Any]]]:
        found: dict[str, list[dict[str, Any]]] = {}
        for name in PERSON_TABLES:
            order = [k for k in _ORDER if k in SPECS[name].columns]
            rows = sorted(self.tx.where(name, trainee_id=trainee_id),
                          key=lambda r: tuple(r[k] for k in order))
            found[name] = [{k: _plain(v) for k, v in row.items() if k != "trainee_id"}
                           for row in rows]
        row = self.tx.get("trainees", trainee_id)
        assert row is not None
        found["trainee"] = [{k: _plain(v) for k, v in row.items()}]
        return found

    def person_work(self, trainee_id: int) -> list[dict[str, Any]]:
        rows = sorted(self.tx.where("work_records", trainee_id=trainee_id),
                      key=lambda w: (w["work_day"], w["id"]))
        out = []
        for w in rows:
            order = self.tx.get("orders", w["order_id"])
            assert order is not None
            out.append({"order": order["ref"], "operation": w["operation"],
                        "day": _plain(w["work_day"]), "minutes": int(w["minutes"]),
                        "supervisor": w["supervisor"], "post": w["post_code"],
                        "tasks": int(w["task_count"])})
        return out

    def person_audit(self, code: str) -> list[dict[str, Any]]:
        quoted = json.dumps(code)
        found = []
        for r in self.tx.rows("audit_log"):
            if r["entity"] == "trainee":
                if r["entity_key"] != code:
                    continue
            elif not any(text and quoted in text for text in (r["before"], r["after"])):
                continue
            before = json.loads(r["before"]) if r["before"] else None
            after = json.loads(r["after"]) if r["after"] else None
            if r["entity"] != "trainee" and not (_names(before, code) or _names(after, code)):
                continue
            found.append({"at": _plain(r["at"]), "actor": r["actor"], "action": r["action"],
                          "entity": r["entity"], "key": r["entity_key"], "before": before,
                          "after": after})
        return found

    def last_day_worked(self, trainee_id: int) -> dt.date | None:
        days = [a["day"] for a in self.tx.where("attendance", trainee_id=trainee_id)
                if a["present"]]
        days += [e["day"] for e in self.tx.where("time_entries", trainee_id=trainee_id)]
        days += [w["work_day"] for w in self.tx.where("work_records", trainee_id=trainee_id)]
        return max(days) if days else None

    def exited_before(self, cutoff: dt.date) -> list[tuple[int, str]]:
        rows = sorted((r for r in self.tx.rows("trainees")
                       if r["exit_on"] is not None and r["exit_on"] < cutoff
                       and r["anonymised_at"] is None), key=lambda r: r["code"])
        return [(int(r["id"]), str(r["code"])) for r in rows]

    def erase_personal(self, trainee_ids: list[int], now: dt.datetime) -> None:
        if not trainee_ids:
            return
        ids = set(trainee_ids)

        def theirs(r: Row) -> bool:
            return r["trainee_id"] in ids

        self.tx.delete_where("trainee_personal", theirs)
        self.tx.update_where("assessments", theirs, evidence=None)
        self.tx.update_where("time_entries", theirs, note=None)
        self.tx.update_where("hour_corrections", theirs, reason=ANONYMISED_REASON)
        self.tx.update_where("trainees", lambda r: r["id"] in ids, anonymised_at=now,
                             version=lambda r: r["version"] + 1)
