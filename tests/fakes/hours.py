"""Fake repository of hours (attendance, time entries, month locks, corrections, order
hours), as ``atelier.store.hours`` does it. Locks are nothing: the fake's write
transactions run one at a time."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from atelier.domain.attendance import AbsenceReason, AttendanceEntry, Session
from atelier.domain.errors import NotFound
from atelier.domain.hours import (
    ACTIVITIES,
    OPERATION,
    Absences,
    Activity,
    Correction,
    DayBudget,
    MonthHours,
    TimeEntry,
)
from atelier.domain.order_hours import OrderHours
from tests.fakes.orders import Repository
from tests.fakes.tables import Row


def _between(day: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    return (start is None or day >= start) and (end is None or day < end)


class FakeHours(Repository):
    """Rows of hours."""

    def lock_all_trainees(self) -> None:
        """Nothing to lock."""

    def _code(self, trainee_id: int) -> str:
        row = self.tx.get("trainees", trainee_id)
        assert row is not None
        return str(row["code"])

    def day_budget(self, trainee_id: int, day: dt.date, month: str, *,
                   row_locked: bool = False) -> DayBudget:
        trainee = self.tx.get("trainees", trainee_id)
        assert trainee is not None, "the SQL store reads the trainee's row with .one()"
        sessions = [a for a in self.tx.where("attendance", trainee_id=trainee_id, day=day)]
        entries = sum(e["minutes"] for e in self.tx.where("time_entries", trainee_id=trainee_id,
                                                          day=day))
        work = sum(w["minutes"] for w in self.tx.where("work_records", trainee_id=trainee_id,
                                                       work_day=day))
        starts = [c["start_on"] for c in self.tx.where("contracts", trainee_id=trainee_id)]
        return DayBudget(locked=self.is_locked(month),
                         attended=(sum(a["minutes"] for a in sessions if a["present"])
                                   if sessions else None),
                         recorded=int(entries) + int(work), active=bool(trainee["active"]),
                         first_start=min(starts) if starts else None,
                         exit_on=trainee["exit_on"])

    def is_locked(self, month: str) -> bool:
        return self.tx.get("month_locks", (month,)) is not None

    def lock_month(self, month: str, now: dt.datetime, by: str) -> None:
        self.tx.insert("month_locks", month=month, locked_at=now, locked_by=by)

    # -- attendance ---------------------------------------------------------------

    def session(self, trainee_id: int, day: dt.date,
                session: Session) -> tuple[bool, int, AbsenceReason | None] | None:
        row = self.tx.by("attendance", trainee_id=trainee_id, day=day, session=session)
        return None if row is None else (bool(row["present"]), int(row["minutes"]),
                                         row["reason"])

    def put_session(self, trainee_id: int, day: dt.date, session: Session, *, present: bool,
                    minutes: int, reason: AbsenceReason | None, now: dt.datetime, by: str,
                    replace: bool) -> None:
        values = {"present": present, "minutes": minutes, "reason": reason,
                  "recorded_at": now, "recorded_by": by}
        if not replace:
            self.tx.insert("attendance", trainee_id=trainee_id, day=day, session=session,
                           **values)
            return
        row = self.tx.by("attendance", trainee_id=trainee_id, day=day, session=session)
        if row is not None:
            self.tx.update("attendance", row["id"], **values,
                           version=lambda r: r["version"] + 1)

    def attended_between(self, trainee_id: int, start: dt.date, end: dt.date) -> int:
        return sum(int(a["minutes"]) for a in self.tx.where("attendance", trainee_id=trainee_id)
                   if a["present"] and start <= a["day"] < end)

    def attendance(self, start: dt.date | None, end: dt.date | None,
                   trainee_id: int | None) -> list[AttendanceEntry]:
        found = [(a["day"], self._code(a["trainee_id"]), a["session"], a)
                 for a in self.tx.rows("attendance")
                 if _between(a["day"], start, end)
                 and (trainee_id is None or a["trainee_id"] == trainee_id)]
        found.sort(key=lambda f: f[:3])
        return [AttendanceEntry(trainee=code, day=a["day"], session=a["session"],
                                present=bool(a["present"]), minutes=int(a["minutes"]),
                                reason=a["reason"], recorded_by=a["recorded_by"])
                for _day, code, _session, a in found]

    # -- time entries and corrections -------------------------------------------------

    def add_entry(self, *, trainee_id: int, day: dt.date, activity: Activity, minutes: int,
                  order_id: int | None, operation: str | None, note: str | None,
                  now: dt.datetime, by: str) -> int:
        return int(self.tx.insert("time_entries", trainee_id=trainee_id, day=day,
                                  activity=activity, minutes=minutes, order_id=order_id,
                                  operation=operation, note=note, recorded_at=now,
                                  recorded_by=by))

    def entry(self, entry_id: int) -> TimeEntry:
        row = self.tx.get("time_entries", entry_id)
        if row is None:
            raise NotFound("time_entry", entry_id)
        return self._entry(row)

    def remove_entry(self, entry_id: int) -> None:
        self.tx.delete_where("time_entries", lambda e: e["id"] == entry_id)

    def entries(self, start: dt.date | None, end: dt.date | None,
                trainee_id: int | None) -> list[TimeEntry]:
        found = [self._entry(e) for e in self.tx.rows("time_entries")
                 if _between(e["day"], start, end)
                 and (trainee_id is None or e["trainee_id"] == trainee_id)]
        return sorted(found, key=lambda e: (e.day, e.trainee, e.id))

    def _entry(self, e: Row) -> TimeEntry:
        order = None if e["order_id"] is None else self.tx.get("orders", e["order_id"])
        return TimeEntry(id=int(e["id"]), trainee=self._code(e["trainee_id"]), day=e["day"],
                         activity=e["activity"], minutes=int(e["minutes"]),
                         order=None if order is None else order["ref"],
                         operation=e["operation"], note=e["note"])

    def add_correction(self, *, trainee_id: int, month: str, minutes: int, reason: str,
                       on: dt.date, now: dt.datetime, by: str) -> None:
        self.tx.insert("hour_corrections", trainee_id=trainee_id, month=month, minutes=minutes,
                       reason=reason, recorded_on=on, recorded_at=now, recorded_by=by)

    # -- monthly figures ------------------------------------------------------------

    def month_hours(self, month: str, start: dt.date, end: dt.date, trainee_id: int | None,
                    locked: bool) -> list[MonthHours]:
        def mine(r: Row, day: str) -> bool:
            return start <= r[day] < end and (trainee_id is None or r["trainee_id"] == trainee_id)

        attendance = [a for a in self.tx.rows("attendance") if mine(a, "day")]
        entries = [e for e in self.tx.rows("time_entries") if mine(e, "day")]
        work = [w for w in self.tx.rows("work_records") if mine(w, "work_day")]
        attended: dict[int, int] = defaultdict(int)
        groups: dict[int, dict[str, list[int]]] = defaultdict(dict)
        present: dict[tuple[int, dt.date], int] = defaultdict(int)
        for a in attendance:
            present[(a["trainee_id"], a["day"])] += a["minutes"] if a["present"] else 0
            if a["present"]:
                attended[a["trainee_id"]] += int(a["minutes"])
            else:
                n = groups[a["trainee_id"]].setdefault(a["reason"], [0, 0])
                n[0] += 1
                n[1] += int(a["minutes"])
        absences = {i: {reason: Absences(n, m) for reason, (n, m) in sorted(
            g.items(), key=lambda kv: (kv[0] is not None, kv[0] or ""))}  # NULLs first
            for i, g in groups.items()}
        activities: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(ACTIVITIES, 0))
        spent: dict[tuple[int, dt.date], int] = defaultdict(int)
        for e in entries:
            activities[e["trainee_id"]][e["activity"]] += int(e["minutes"])
            spent[(e["trainee_id"], e["day"])] += int(e["minutes"])
        for w in work:
            activities[w["trainee_id"]][OPERATION] += int(w["minutes"])
            spent[(w["trainee_id"], w["work_day"])] += int(w["minutes"])
        corrections: dict[int, list[Correction]] = defaultdict(list)
        for c in self.tx.rows("hour_corrections"):
            if c["month"] == month and (trainee_id is None or c["trainee_id"] == trainee_id):
                corrections[c["trainee_id"]].append(Correction(
                    month=month, trainee=self._code(c["trainee_id"]), minutes=int(c["minutes"]),
                    reason=c["reason"], recorded_on=c["recorded_on"],
                    recorded_by=c["recorded_by"]))
        unreconciled = sorted(key for key, minutes in spent.items()
                              if key not in present or minutes > present[key])
        ids = set(attended) | set(absences) | set(activities) | set(corrections)
        ids |= self._under_contract(start, end) if trainee_id is None else {trainee_id}
        return sorted((MonthHours(
            month=month, trainee=self._code(i), attended_minutes=attended.get(i, 0),
            absences=absences.get(i, {}),
            activities=activities[i] if i in activities else dict.fromkeys(ACTIVITIES, 0),
            corrections=tuple(corrections.get(i, ())), locked=locked,
            days_to_reconcile=tuple(d for (who, d) in unreconciled if who == i))
            for i in ids), key=lambda m: m.trainee)

    def _under_contract(self, start: dt.date, end: dt.date) -> set[int]:
        out = set()
        for c in self.tx.rows("contracts"):
            trainee = self.tx.get("trainees", c["trainee_id"])
            if (trainee is not None and trainee["active"] and c["start_on"] < end
                    and (c["planned_end"] is None or c["planned_end"] >= start)):
                out.add(int(c["trainee_id"]))
        return out

    # -- insertion hours per order ---------------------------------------------------

    def order_hours(self, collectivity_id: int | None) -> list[OrderHours]:
        work: dict[int, int] = defaultdict(int)
        for w in self.tx.rows("work_records"):
            work[w["order_id"]] += int(w["minutes"])
        spent: dict[int, int] = defaultdict(int)
        for e in self.tx.rows("time_entries"):
            if e["order_id"] is not None:
                spent[e["order_id"]] += int(e["minutes"])
        found = []
        for o in sorted(self.tx.rows("orders"), key=lambda o: o["ref"]):
            if collectivity_id is not None and o["collectivity_id"] != collectivity_id:
                continue
            client = self.tx.get("collectivities", o["collectivity_id"])
            assert client is not None
            found.append(OrderHours(order=o["ref"], collectivity_id=int(o["collectivity_id"]),
                                    collectivity=client["name"],
                                    reserved_contract=bool(o["reserved_contract"]),
                                    work_minutes=work.get(o["id"], 0),
                                    entry_minutes=spent.get(o["id"], 0)))
        return [h for h in found if h.total_minutes or h.reserved_contract]
