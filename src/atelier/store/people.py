"""Repository of people: posts, trainees, contracts, personal data, exits.

Trainees are known by pseudonymous codes; personal data sits in its own table
and is read only through the methods that say so.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from atelier.domain.errors import InvalidInput, NotFound, RuleViolation
from atelier.store import tables as t

_TRAINEE_BY_CODE = (
    sa.select(t.trainees.c.id, t.trainees.c.active, t.posts.c.code.label("post"))
    .outerjoin(t.posts, t.posts.c.id == t.trainees.c.post_id)
    .where(t.trainees.c.code == sa.bindparam("code")))



class SqlPeople:
    """Posts, trainees and everything about their pathway."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def trainee(self, code: str) -> tuple[int, str | None]:
        row = self.conn.execute(_TRAINEE_BY_CODE, {"code": code}).first()
        if row is None:
            raise NotFound("trainee", code)
        if not row.active:
            raise RuleViolation(f"trainee {code} is no longer active", code="trainee_inactive",
                                trainee=code)
        return int(row.id), row.post

    def add_post(self, code: str, label: str) -> int:
        if self.conn.execute(sa.select(t.posts.c.id).where(t.posts.c.code == code)).first():
            raise InvalidInput("post", "this post already exists", value=code,
                               code="post_exists")
        return int(self.conn.execute(sa.insert(t.posts).values(code=code, label=label)
                                     .returning(t.posts.c.id)).scalar_one())

    def add_trainee(self, code: str | None, post_code: str | None, now: dt.datetime) -> str:
        tr = t.trainees
        post_id = None
        if post_code is not None:
            post_id = self.conn.execute(sa.select(t.posts.c.id)
                                        .where(t.posts.c.code == post_code)).scalar()
            if post_id is None:
                raise NotFound("post", post_code)
            holder = self.conn.execute(sa.select(tr.c.code).where(
                tr.c.post_id == post_id, tr.c.active)).scalar()
            if holder is not None:
                raise RuleViolation(f"post {post_code} is held by {holder}", code="post_held",
                                    post=post_code, trainee=holder)
        taken = set(self.conn.execute(sa.select(tr.c.code)).scalars())
        if code is None:
            code = next(f"T-{n:04d}" for n in range(1, len(taken) + 2)
                        if f"T-{n:04d}" not in taken)
        elif code in taken:
            raise InvalidInput("code", "this trainee code is taken", value=code,
                               code="trainee_exists")
        self.conn.execute(sa.insert(tr).values(code=code, post_id=post_id, created_at=now))
        return code

    def posts(self) -> list[tuple[str, str, str | None]]:
        p, tr = t.posts, t.trainees
        rows = self.conn.execute(
            sa.select(p.c.code, p.c.label, tr.c.code.label("trainee"))
            .outerjoin(tr, sa.and_(tr.c.post_id == p.c.id, tr.c.active)).order_by(p.c.code))
        return [(r.code, r.label, r.trainee) for r in rows]
