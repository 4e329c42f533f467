"""Fake repository of people (posts, trainees, contracts, personal data, exits), as
``atelier.store.people`` does it; the records about one person are in
:mod:`tests.fakes.people_records`."""

from __future__ import annotations

import datetime as dt

from atelier.domain.errors import NotFound
from atelier.domain.people import Contract, ExitOutcome, TraineeView
from atelier.domain.personal import PersonalData
from atelier.domain.posts import Holding, PostAssignment, PostView
from atelier.services.ports_people import TraineeRef
from tests.fakes.people_records import FakePeopleRecords
from tests.fakes.tables import Row, latest


def _contract(row: Row | None) -> Contract | None:
    if row is None:
        return None
    return Contract(row["kind"], row["start_on"], row["planned_end"], int(row["weekly_minutes"]))


class FakePeople(FakePeopleRecords):
    """Posts, trainees and everything about their pathway."""

    # -- trainees -------------------------------------------------------------------

    def _post_code(self, post_id: int | None) -> str | None:
        post = None if post_id is None else self.tx.get("posts", post_id)
        return None if post is None else str(post["code"])

    def trainee(self, code: str, *, lock: bool = False) -> TraineeRef:
        row = self.tx.by("trainees", code=code)
        if row is None:
            raise NotFound("trainee", code)
        return TraineeRef(id=int(row["id"]), code=row["code"],
                          post=self._post_code(row["post_id"]), active=bool(row["active"]),
                          anonymised=row["anonymised_at"] is not None)

    def lock_trainee(self, trainee_id: int) -> None:
        """Nothing to lock: the fake's write transactions run one at a time."""

    def codes(self) -> set[str]:
        return {r["code"] for r in self.tx.rows("trainees")}

    def add_trainee(self, code: str, now: dt.datetime) -> int:
        return int(self.tx.insert("trainees", code=code, created_at=now))

    def _current_contract(self, trainee_id: int) -> Row | None:
        return latest(self.tx.where("contracts", trainee_id=trainee_id),
                      lambda c: (c["start_on"], c["id"]))

    def trainee_views(self, *, code: str | None = None,
                      include_exited: bool = True) -> list[TraineeView]:
        rows = sorted((r for r in self.tx.rows("trainees")
                       if (code is None or r["code"] == code)
                       and (include_exited or r["active"])), key=lambda r: r["code"])
        return [TraineeView(r["code"], bool(r["active"]), self._post_code(r["post_id"]),
                            _contract(self._current_contract(r["id"])), r["exit_on"],
                            r["exit_outcome"], r["anonymised_at"] is not None) for r in rows]

    def set_exit(self, trainee_id: int, on: dt.date, outcome: ExitOutcome) -> None:
        if self.tx.get("trainees", trainee_id) is not None:
            self.tx.update("trainees", trainee_id, active=False, exit_on=on,
                           exit_outcome=outcome, version=lambda r: r["version"] + 1)

    # -- contracts ------------------------------------------------------------------

    def add_contract(self, trainee_id: int, contract: Contract, now: dt.datetime) -> None:
        self.tx.insert("contracts", trainee_id=trainee_id, kind=contract.kind,
                       start_on=contract.start, planned_end=contract.planned_end,
                       weekly_minutes=contract.weekly_minutes, created_at=now)

    def contracts(self, trainee_id: int) -> list[Contract]:
        rows = sorted(self.tx.where("contracts", trainee_id=trainee_id),
                      key=lambda c: (c["start_on"], c["id"]))
        return [Contract(r["kind"], r["start_on"], r["planned_end"], int(r["weekly_minutes"]))
                for r in rows]

    # -- posts ----------------------------------------------------------------------

    def post_exists(self, code: str) -> bool:
        return self.tx.by("posts", code=code) is not None

    def add_post(self, code: str, label: str) -> int:
        return int(self.tx.insert("posts", code=code, label=label))

    def _post_id(self, code: str) -> int:
        found = self.tx.by("posts", code=code)
        if found is None:
            raise NotFound("post", code)
        return int(found["id"])

    def _open_since(self, post_id: int, trainee_id: int) -> dt.date | None:
        for a in self.tx.rows("post_assignments"):
            if (a["post_id"], a["trainee_id"], a["end_on"]) == (post_id, trainee_id, None):
                return a["start_on"]  # type: ignore[no-any-return]
        return None

    def holding(self, post: str, trainee_id: int | None = None) -> tuple[int, Holding]:
        post_id = self._post_id(post)
        holder_row = self.tx.by("trainees", post_id=post_id)
        holder, since = ((None, None) if holder_row is None
                         else (str(holder_row["code"]),
                               self._open_since(post_id, holder_row["id"])))
        if trainee_id is None:
            return post_id, Holding(holder=holder, since=since)
        trainee = self.tx.get("trainees", trainee_id)
        held = None if trainee is None else self._post_code(trainee["post_id"])
        ends = [a["end_on"] for a in self.tx.rows("post_assignments")
                if (a["post_id"] == post_id or a["trainee_id"] == trainee_id)
                and a["end_on"] is not None]
        return post_id, Holding(holder=holder, since=since, held_by_trainee=held,
                                last_end=max(ends) if ends else None)

    def assign_post(self, post_id: int, trainee_id: int, on: dt.date) -> None:
        if self.tx.get("trainees", trainee_id) is not None:
            self.tx.update("trainees", trainee_id, post_id=post_id,
                           version=lambda r: r["version"] + 1)
        self.tx.insert("post_assignments", post_id=post_id, trainee_id=trainee_id, start_on=on)

    def release_post(self, post_id: int, on: dt.date) -> None:
        self.tx.update_where("trainees", lambda r: r["post_id"] == post_id, post_id=None,
                             version=lambda r: r["version"] + 1)
        self.tx.update_where("post_assignments",
                             lambda a: a["post_id"] == post_id and a["end_on"] is None,
                             end_on=on)

    def posts(self) -> list[PostView]:
        out = []
        for p in sorted(self.tx.rows("posts"), key=lambda p: p["code"]):
            holder = self.tx.by("trainees", post_id=p["id"])
            if holder is None:
                out.append(PostView(p["code"], p["label"], None, None))
            else:
                out.append(PostView(p["code"], p["label"], holder["code"],
                                    self._open_since(p["id"], holder["id"])))
        return out

    def post_history(self, post: str | None = None,
                     trainee_id: int | None = None) -> list[PostAssignment]:
        post_id = None if post is None else self._post_id(post)
        found = []
        for a in self.tx.rows("post_assignments"):
            if (post_id is None or a["post_id"] == post_id) and (
                    trainee_id is None or a["trainee_id"] == trainee_id):
                p, t = self.tx.get("posts", a["post_id"]), self.tx.get("trainees",
                                                                       a["trainee_id"])
                assert p is not None and t is not None
                found.append((p["code"], a["start_on"], a["id"],
                              PostAssignment(p["code"], t["code"], a["start_on"], a["end_on"])))
        return [f[3] for f in sorted(found, key=lambda f: f[:3])]

    # -- personal data ------------------------------------------------------------------

    def personal(self, trainee_id: int, code: str) -> PersonalData:
        row = self.tx.get("trainee_personal", (trainee_id,))
        if row is None:
            return PersonalData(code, None, None, None)
        return PersonalData(code, row["full_name"], row["contact"], row["notes"])

    def set_personal(self, trainee_id: int, values: dict[str, str | None],
                     now: dt.datetime) -> None:
        if self.tx.get("trainee_personal", (trainee_id,)) is None:
            self.tx.insert("trainee_personal", trainee_id=trainee_id, updated_at=now, **values)
        else:
            self.tx.update("trainee_personal", (trainee_id,), updated_at=now, **values)
