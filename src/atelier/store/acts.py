"""What an act of work on scanned items reads besides the items and their tasks, in one
statement (the hot path of bench B2).

The items scanned and their tasks of the operation come from
``SqlTasks.for_barcodes`` (one statement). The rest — each item's open tasks
(where its custody goes once the work is done), the trainee's current level in
each skill the tasks need (the skill gate) and the trainee's day (the budget) —
is one row of scalar subqueries, built once per number of items and skills. The
trainee's row is locked by an earlier statement (see store/hours.py: on
PostgreSQL a statement reads as of its start, so the lock comes first and this
read sees what the lock's previous holder committed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from atelier.domain import task as task_rules
from atelier.domain.hours import DayBudget
from atelier.store import tables as t
from atelier.store.hours import BUDGET_COLUMNS, budget_of

_p = sa.bindparam
_k, _a, _tr = t.tasks, t.assessments, t.trainees

#: Most items and skills one context statement names (a batch beyond reads them apart).
MAX_NAMED = 8
_CONTEXTS: dict[tuple[int, int], sa.Select[Any]] = {}


def _context(items: int, skills: int) -> sa.Select[Any]:
    """The budget row, plus each item's open tasks (``i0``…) and the trainee's current
    level in each skill (``s0``…: the latest assessment by date, then by the order
    recorded), as scalar columns of one row. Built once per shape."""
    found = _CONTEXTS.get((items, skills))
    if found is not None:
        return found
    columns: list[Any] = list(BUDGET_COLUMNS)
    for n in range(items):
        columns.append(sa.select(sa.func.count()).select_from(_k)
                       .where(_k.c.item_id == _p(f"i{n}"),
                              _k.c.status.not_in((task_rules.DONE, task_rules.CANCELLED)))
                       .scalar_subquery().label(f"open_{n}"))
    for n in range(skills):
        columns.append(sa.select(_a.c.level)
                       .where(_a.c.trainee_id == _p("tid"), _a.c.skill == _p(f"s{n}"))
                       .order_by(_a.c.assessed_on.desc(), _a.c.id.desc()).limit(1)
                       .scalar_subquery().label(f"level_{n}"))
    stmt = sa.select(*columns).where(_tr.c.id == _p("tid"))
    _CONTEXTS[(items, skills)] = stmt
    return stmt


def work_context(conn: sa.Connection, item_ids: Sequence[int], skills: Sequence[str],
                 trainee_id: int, day: dt.date, month: str,
                 ) -> tuple[dict[int, int], dict[str, int], DayBudget] | None:
    """``(open tasks per item, current level per skill held, the day's budget)`` in one
    statement; None when there are more items or skills than :data:`MAX_NAMED` (the
    caller reads them apart)."""
    if len(item_ids) > MAX_NAMED or len(skills) > MAX_NAMED:
        return None
    params: dict[str, Any] = {"tid": trainee_id, "day": day, "month": month}
    params.update({f"i{n}": item_id for n, item_id in enumerate(item_ids)})
    params.update({f"s{n}": skill for n, skill in enumerate(skills)})
    r = conn.execute(_context(len(item_ids), len(skills)), params).one()
    m = r._mapping
    open_tasks = {item_id: int(m[f"open_{n}"]) for n, item_id in enumerate(item_ids)}
    levels = {skill: int(m[f"level_{n}"]) for n, skill in enumerate(skills)
              if m[f"level_{n}"] is not None}
    return open_tasks, levels, budget_of(r)

