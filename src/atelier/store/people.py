"""Repository of people: posts, trainees, contracts, personal data, exits.

Trainees are known by pseudonymous codes; personal data sits in its own table
and is read only through the methods that say so. The records gathered for a
person's export, their certificate and anonymisation are in
:mod:`atelier.store.people_records`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from atelier.domain.errors import NotFound
from atelier.domain.people import Contract, ExitOutcome, TraineeView
from atelier.domain.personal import PersonalData
from atelier.domain.posts import Holding, PostAssignment, PostView
from atelier.services.ports_people import TraineeRef
from atelier.store import acts
from atelier.store import tables as t
from atelier.store.people_records import PeopleRecords

_tr, _p, _pa, _c = t.trainees, t.posts, t.post_assignments, t.contracts

_TRAINEE_BY_CODE = (
    sa.select(_tr.c.id, _tr.c.code, _tr.c.active, _tr.c.anonymised_at,
              _p.c.code.label("post"))
    .outerjoin(_p, _p.c.id == _tr.c.post_id)
    .where(_tr.c.code == sa.bindparam("code")))

_TRAINEE_BY_CODE_LOCKED = _TRAINEE_BY_CODE.with_for_update(of=_tr)

# The open assignment of each post: when its holder took it.
_OPEN = (sa.select(_pa.c.post_id, _pa.c.trainee_id, _pa.c.start_on)
         .where(_pa.c.end_on.is_(None)).subquery())

# Each trainee's current contract: the one with the latest start (then the latest made).
_CURRENT_CONTRACT = (
    sa.select(_c.c.trainee_id, _c.c.kind, _c.c.start_on, _c.c.planned_end, _c.c.weekly_minutes,
              sa.func.row_number().over(partition_by=_c.c.trainee_id,
                                        order_by=(_c.c.start_on.desc(), _c.c.id.desc()))
              .label("rank"))
    .subquery())


def _contract(row: Any) -> Contract | None:
    if row.kind is None:
        return None
    return Contract(row.kind, row.start_on, row.planned_end, int(row.weekly_minutes))


class SqlPeople(PeopleRecords):
    """Posts, trainees and everything about their pathway."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    # -- trainees -------------------------------------------------------------------

    def trainee(self, code: str, *, lock: bool = False) -> TraineeRef:
        """A trainee by code, active or not (NotFound); ``lock``: the row is held until the
        transaction ends, and what is read is its latest committed state."""
        query = _TRAINEE_BY_CODE_LOCKED if lock else _TRAINEE_BY_CODE
        # On the driver's cursor (atelier.store.acts): every act of work reads it first.
        found = acts.fetch(self.conn, query, {"code": code})
        if not found:
            raise NotFound("trainee", code)
        row = found[0]
        return TraineeRef(id=int(row.id), code=row.code, post=row.post, active=bool(row.active),
                          anonymised=row.anonymised_at is not None)

    def lock_trainee(self, trainee_id: int) -> None:
        """Hold the trainee's row until the transaction ends."""
        # Writers about one trainee queue on their row (PostgreSQL; SQLite's write
        # transactions are already serial), so each sees the other's result.
        self.conn.execute(sa.select(_tr.c.id).where(_tr.c.id == trainee_id).with_for_update())

    def codes(self) -> set[str]:
        """Every trainee code ever given."""
        return set(self.conn.execute(sa.select(_tr.c.code)).scalars())

    def add_trainee(self, code: str, now: dt.datetime) -> int:
        """A new trainee row; its id."""
        return int(self.conn.execute(sa.insert(_tr).values(code=code, created_at=now)
                                     .returning(_tr.c.id)).scalar_one())

    def trainee_views(self, *, code: str | None = None,
                      include_exited: bool = True) -> list[TraineeView]:
        """Trainees by code with post and current contract (one, or all)."""
        cur = _CURRENT_CONTRACT
        q = (sa.select(_tr.c.code, _tr.c.active, _p.c.code.label("post"), cur.c.kind,
                       cur.c.start_on, cur.c.planned_end, cur.c.weekly_minutes, _tr.c.exit_on,
                       _tr.c.exit_outcome, _tr.c.anonymised_at)
             .outerjoin(_p, _p.c.id == _tr.c.post_id)
             .outerjoin(cur, sa.and_(cur.c.trainee_id == _tr.c.id, cur.c.rank == 1))
             .order_by(_tr.c.code))
        if code is not None:
            q = q.where(_tr.c.code == code)
        if not include_exited:
            q = q.where(_tr.c.active)
        return [TraineeView(r.code, bool(r.active), r.post, _contract(r), r.exit_on,
                            r.exit_outcome, r.anonymised_at is not None)
                for r in self.conn.execute(q)]

    def set_exit(self, trainee_id: int, on: dt.date, outcome: ExitOutcome) -> None:
        """Record the exit: the trainee becomes inactive."""
        self.conn.execute(sa.update(_tr).where(_tr.c.id == trainee_id).values(
            active=False, exit_on=on, exit_outcome=outcome, version=_tr.c.version + 1))

    # -- contracts ------------------------------------------------------------------

    def add_contract(self, trainee_id: int, contract: Contract, now: dt.datetime) -> None:
        """Store a contract of the trainee (contracts are added, never changed)."""
        self.conn.execute(sa.insert(_c).values(
            trainee_id=trainee_id, kind=contract.kind, start_on=contract.start,
            planned_end=contract.planned_end, weekly_minutes=contract.weekly_minutes,
            created_at=now))

    def contracts(self, trainee_id: int) -> list[Contract]:
        """The trainee's contracts, oldest start first."""
        rows = self.conn.execute(sa.select(_c).where(_c.c.trainee_id == trainee_id)
                                 .order_by(_c.c.start_on, _c.c.id))
        return [Contract(r.kind, r.start_on, r.planned_end, int(r.weekly_minutes))
                for r in rows]

    # -- posts ----------------------------------------------------------------------

    def post_exists(self, code: str) -> bool:
        """Whether a post has this code."""
        return self.conn.execute(sa.select(_p.c.id).where(_p.c.code == code)).first() is not None

    def add_post(self, code: str, label: str) -> int:
        """A new post; its id."""
        return int(self.conn.execute(sa.insert(_p).values(code=code, label=label)
                                     .returning(_p.c.id)).scalar_one())

    def _post_id(self, code: str, *, lock: bool = False) -> int:
        query = sa.select(_p.c.id).where(_p.c.code == code)
        # Writers about one post queue on its row (see lock_trainee).
        found = self.conn.execute(query.with_for_update() if lock else query).scalar()
        if found is None:
            raise NotFound("post", code)
        return int(found)

    def holding(self, post: str, trainee_id: int | None = None) -> tuple[int, Holding]:
        """``(post id, who holds it and since when)``, the post's row locked; with
        ``trainee_id``, also the post that trainee holds and the last day a holding of
        the post or the trainee ended."""
        if trainee_id is None:
            # Locks in the same order as every other writer (trainee, then post), so that
            # an exit and a release of the same post cannot deadlock.
            holder_id = self.conn.execute(sa.select(_tr.c.id).join(_p, _p.c.id == _tr.c.post_id)
                                          .where(_p.c.code == post)).scalar()
            if holder_id is not None:
                self.lock_trainee(int(holder_id))
        post_id = self._post_id(post, lock=True)
        row = self.conn.execute(
            sa.select(_tr.c.code, _OPEN.c.start_on)
            .outerjoin(_OPEN, sa.and_(_OPEN.c.post_id == post_id,
                                      _OPEN.c.trainee_id == _tr.c.id))
            .where(_tr.c.post_id == post_id)).first()
        holder, since = (None, None) if row is None else (str(row.code), row.start_on)
        if trainee_id is None:
            return post_id, Holding(holder=holder, since=since)
        held = self.conn.execute(sa.select(_p.c.code).join(_tr, _tr.c.post_id == _p.c.id)
                                 .where(_tr.c.id == trainee_id)).scalar()
        last_end = self.conn.execute(sa.select(sa.func.max(_pa.c.end_on)).where(sa.or_(
            _pa.c.post_id == post_id, _pa.c.trainee_id == trainee_id))).scalar()
        return post_id, Holding(holder=holder, since=since, held_by_trainee=held,
                                last_end=last_end)

    def assign_post(self, post_id: int, trainee_id: int, on: dt.date) -> None:
        """The trainee holds the post from ``on``."""
        self.conn.execute(sa.update(_tr).where(_tr.c.id == trainee_id)
                          .values(post_id=post_id, version=_tr.c.version + 1))
        self.conn.execute(sa.insert(_pa).values(post_id=post_id, trainee_id=trainee_id,
                                                start_on=on))

    def release_post(self, post_id: int, on: dt.date) -> None:
        """The post's holder leaves it on ``on``."""
        self.conn.execute(sa.update(_tr).where(_tr.c.post_id == post_id)
                          .values(post_id=None, version=_tr.c.version + 1))
        self.conn.execute(sa.update(_pa).where(_pa.c.post_id == post_id,
                                               _pa.c.end_on.is_(None)).values(end_on=on))

    def posts(self) -> list[PostView]:
        """Every post with its holder and since when, by code."""
        rows = self.conn.execute(
            sa.select(_p.c.code, _p.c.label, _tr.c.code.label("trainee"), _OPEN.c.start_on)
            .outerjoin(_tr, _tr.c.post_id == _p.c.id)
            .outerjoin(_OPEN, sa.and_(_OPEN.c.post_id == _p.c.id,
                                      _OPEN.c.trainee_id == _tr.c.id))
            .order_by(_p.c.code))
        return [PostView(r.code, r.label, r.trainee, r.start_on if r.trainee else None)
                for r in rows]

    def post_history(self, post: str | None = None,
                     trainee_id: int | None = None) -> list[PostAssignment]:
        """Holdings of posts, by post then start (of one post and/or one trainee)."""
        q = (sa.select(_p.c.code.label("post"), _tr.c.code.label("trainee"), _pa.c.start_on,
                       _pa.c.end_on)
             .join(_p, _p.c.id == _pa.c.post_id).join(_tr, _tr.c.id == _pa.c.trainee_id)
             .order_by(_p.c.code, _pa.c.start_on, _pa.c.id))
        if post is not None:
            q = q.where(_pa.c.post_id == self._post_id(post))
        if trainee_id is not None:
            q = q.where(_pa.c.trainee_id == trainee_id)
        return [PostAssignment(r.post, r.trainee, r.start_on, r.end_on)
                for r in self.conn.execute(q)]

    # -- personal data (only through these) ---------------------------------------------

    def personal(self, trainee_id: int, code: str) -> PersonalData:
        """The personal record (empty fields if none was written)."""
        pp = t.trainee_personal
        row = self.conn.execute(sa.select(pp).where(pp.c.trainee_id == trainee_id)).first()
        if row is None:
            return PersonalData(code, None, None, None)
        return PersonalData(code, row.full_name, row.contact, row.notes)

    def set_personal(self, trainee_id: int, values: dict[str, str | None],
                     now: dt.datetime) -> None:
        """Write these personal fields (creating the record on first use)."""
        pp = t.trainee_personal
        done = self.conn.execute(sa.update(pp).where(pp.c.trainee_id == trainee_id)
                                 .values(updated_at=now, **values))
        if done.rowcount == 0:
            self.conn.execute(sa.insert(pp).values(trainee_id=trainee_id, updated_at=now,
                                                   **values))
