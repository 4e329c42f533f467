"""The hot path of an act of work (bench B2): what it reads, and how its statements reach
the driver.

What it reads. One item scanned (the common act): the item, its tasks of the
operation, the trainee's day (the budget), their current level in each task's skill
(the skill gate) and the item's open tasks (where its custody goes once the work is
done), in one statement (:func:`at_work`). Several items: the items and their tasks
come from ``SqlTasks.for_barcodes``, the rest is one row of scalar subqueries, built
once per number of items and skills (:func:`work_context`). The trainee's row is
locked by an earlier statement (see store/hours.py: on PostgreSQL a statement reads
as of its start, so the lock comes first and this read sees what the lock's previous
holder committed).

How it runs. :func:`fetch`, :func:`write` and :func:`update_one` send Core
statements, compiled once per dialect, to the cursor of the unit of work's pooled
DBAPI connection (decision 0011).
"""

from __future__ import annotations

import collections
import datetime as dt
import operator
import weakref
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from atelier.domain import task as task_rules
from atelier.domain.errors import Conflict
from atelier.store import tables as t

if TYPE_CHECKING:
    from atelier.domain.hours import DayBudget

_p = sa.bindparam
_k, _a, _tr = t.tasks, t.assessments, t.trainees

#: A task still open (not done nor cancelled): two comparisons, not an IN list, so that
#: the statement has no list to expand and is compiled once (see :class:`_Prepared`).
OPEN_TASK = (_k.c.status != task_rules.DONE, _k.c.status != task_rules.CANCELLED)

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
    from atelier.store.hours import BUDGET_COLUMNS  # the orders' reads need not load hours

    columns: list[Any] = list(BUDGET_COLUMNS)
    for n in range(items):
        columns.append(sa.select(sa.func.count()).select_from(_k)
                       .where(_k.c.item_id == _p(f"i{n}"), *OPEN_TASK)
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
    from atelier.store.hours import budget_of

    params: dict[str, Any] = {"tid": trainee_id, "day": day, "month": month}
    params.update({f"i{n}": item_id for n, item_id in enumerate(item_ids)})
    params.update({f"s{n}": skill for n, skill in enumerate(skills)})
    (r,) = fetch(conn, _context(len(item_ids), len(skills)), params)
    open_tasks = {item_id: int(getattr(r, f"open_{n}")) for n, item_id in enumerate(item_ids)}
    held = {skill: getattr(r, f"level_{n}") for n, skill in enumerate(skills)}
    levels = {skill: int(level) for skill, level in held.items() if level is not None}
    return open_tasks, levels, budget_of(r)



# -- the act's statements on the pooled DBAPI connection ----------------------------------------
#
# SQLAlchemy's ``Connection.execute`` of a built statement costs about 19 µs of Python
# per statement (cache key, execution context, result object), the driver's cursor
# about 1 µs: on an act of ten statements that was half of the act (decision 0011). The
# act's statements are Core statements, compiled once per dialect by SQLAlchemy itself
# (the same SQL text, the same bind processors: a timestamp is stored in the format every
# other writer stores it in) and sent to the driver's cursor of the pooled connection the
# unit of work holds, inside its transaction. What SQLAlchemy's connection does on every
# statement and the project relies on is kept: the cursor events are dispatched (the
# benchmarks count and replay statements through them), and a driver error is wrapped
# by SQLAlchemy's own handler (same DBAPIError, same disconnect handling), so the unit of
# work translates it as before (busy → database_busy, integrity → Conflict).


class _Prepared:
    """A statement compiled for one dialect: its text, how to order its parameters, its
    literal values and bind processors, and how to read its rows."""

    __slots__ = ("converts", "defaults", "names", "pick", "processors", "results", "row", "sql")

    def __init__(self, stmt: sa.Executable, dialect: sa.Dialect) -> None:
        compiled = stmt.compile(dialect=dialect)  # type: ignore[attr-defined]
        self.sql: str = str(compiled)
        if "POSTCOMPILE" in self.sql:
            raise ValueError("a hot statement has no expanding parameter (an IN list)")
        self.names: tuple[str, ...] | None = (tuple(compiled.positiontup or ())
                                              if compiled.positional else None)
        self.defaults: dict[str, Any] = {
            k: v for k, v in compiled.construct_params(_check=False).items() if v is not None}
        #: The values in the order of the statement's marks (qmark: SQLite).
        self.pick: Any = (operator.itemgetter(*self.names) if self.names and len(self.names) > 1
                          else (lambda values: tuple(values[n] for n in self.names or ())))
        processors = []
        for name, bind in compiled.binds.items():
            proc = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if proc is not None:
                processors.append((name, proc))
        self.processors: tuple[tuple[str, Any], ...] = tuple(processors)
        columns = list(getattr(stmt, "exported_columns", ()))
        # A column without a name of its own (``count(*)``) is named by its place.
        keys = [c.key if isinstance(c.key, str) and c.key.isidentifier() else f"c{n}"
                for n, c in enumerate(columns)]
        if len(set(keys)) != len(keys):
            raise ValueError(f"duplicate result columns: {keys}")
        self.row: Any = collections.namedtuple("Row", keys) if keys else None
        self.results: list[Any] = [c.type.dialect_impl(dialect).result_processor(dialect, None)
                                   for c in columns]
        #: Whether a value read needs converting (SQLite's dates and booleans do).
        self.converts = any(p is not None for p in self.results)

    def args(self, params: Mapping[str, Any]) -> Any:
        """The driver's parameters for ``params`` (the statement's literals added)."""
        values = {**self.defaults, **params} if self.defaults or self.processors else params
        for name, proc in self.processors:
            value = values.get(name)
            if value is not None:
                values[name] = proc(value)  # type: ignore[index]  # a copy, never ``params``
        return values if self.names is None else self.pick(values)


_Shapes = dict[int, tuple[sa.Executable, _Prepared]]
#: The statements compiled for each dialect (an engine's), by the statement's identity.
_PREPARED: weakref.WeakKeyDictionary[sa.Dialect, _Shapes] = weakref.WeakKeyDictionary()
#: The last dialect asked for and its statements (a process usually has one database),
#: replaced as a whole so that a thread never reads one dialect with another's statements.
_LAST: tuple[Any, _Shapes] = (None, {})


def _prepared(conn: sa.Connection, stmt: sa.Executable) -> _Prepared | None:
    """``stmt`` compiled for the connection's dialect, or None when the statement must go
    through SQLAlchemy (no transaction begun, or statements logged)."""
    global _LAST
    if conn._echo or not conn.in_transaction():
        return None
    dialect = conn.dialect
    last = _LAST
    if last[0] is dialect:
        shapes = last[1]
    else:
        found_shapes = _PREPARED.get(dialect)
        shapes = _PREPARED[dialect] = {} if found_shapes is None else found_shapes
        _LAST = (dialect, shapes)
    found = shapes.get(id(stmt))
    if found is None:
        found = shapes[id(stmt)] = (stmt, _Prepared(stmt, dialect))
    return found[1]


def _send(conn: sa.Connection, prepared: _Prepared, args: Any, many: bool) -> Any:
    """Send one statement to the driver's cursor; the cursor (events dispatched, errors
    wrapped as SQLAlchemy wraps them)."""
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    cursor = dbapi.cursor()
    sql = prepared.sql
    try:
        events = conn._has_events or conn.engine._has_events
        if events:
            for fn in conn.dispatch.before_cursor_execute:
                sql, args = fn(conn, cursor, sql, args, None, many)
        if many:
            cursor.executemany(sql, args)
        else:
            cursor.execute(sql, args)
        if events:
            conn.dispatch.after_cursor_execute(conn, cursor, sql, args, None, many)
    except BaseException as exc:
        cursor.close()
        conn._handle_dbapi_exception(exc, sql, args, cursor, None)
    return cursor


def fetch(conn: sa.Connection, stmt: sa.Executable, params: Mapping[str, Any]) -> list[Any]:
    """The rows of ``stmt`` (attributes by column key, values as SQLAlchemy returns them)."""
    prepared = _prepared(conn, stmt)
    if prepared is None:
        return list(conn.execute(stmt, dict(params)).all())
    cursor = _send(conn, prepared, prepared.args(params), False)
    try:
        raw = cursor.fetchall()
    except BaseException as exc:
        conn._handle_dbapi_exception(exc, prepared.sql, params, cursor, None)
    finally:
        cursor.close()
    make, procs = prepared.row._make, prepared.results
    if not prepared.converts:
        return [make(r) for r in raw]
    return [make([v if p is None or v is None else p(v) for p, v in zip(procs, r, strict=True)])
            for r in raw]


def write(conn: sa.Connection, stmt: sa.Executable,
          params: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> int:
    """Run a statement that returns no rows (one parameter set, or many); rows it changed."""
    sets = [params] if isinstance(params, Mapping) else list(params)
    prepared = _prepared(conn, stmt)
    if prepared is None:
        arg: Any = dict(sets[0]) if len(sets) == 1 else [dict(p) for p in sets]
        return int(conn.execute(stmt, arg).rowcount)
    many = len(sets) > 1
    cursor = _send(conn, prepared, [prepared.args(p) for p in sets] if many
                   else prepared.args(sets[0]), many)
    try:
        return int(cursor.rowcount)
    finally:
        cursor.close()


def versioned_one(table: sa.Table, *names: str) -> sa.Update:
    """The one-row versioned ``UPDATE`` of :func:`atelier.store.base.versioned_update` (``id =
    :k_id AND version = :k_version``, the version bumped, ``names`` set from ``v_<name>``),
    built once by the caller and run by :func:`update_one`."""
    return (sa.update(table)
            .where(table.c.id == _p("k_id"), table.c.version == _p("k_version"))
            .values(version=table.c.version + 1, **{n: _p(f"v_{n}") for n in names}))


def update_one(conn: sa.Connection, stmt: sa.Update, row_id: int, version: int,
               values: Mapping[str, Any], what: str) -> None:
    """Run a :func:`versioned_one` statement; the row must still be at ``version``, or the
    use case fails with the Conflict :func:`~atelier.store.base.versioned_update` raises."""
    params = {"k_id": row_id, "k_version": version}
    params.update({f"v_{k}": v for k, v in values.items()})
    if write(conn, stmt, params) != 1:
        raise Conflict(f"1 {what}(s) were changed by someone else meanwhile: reload and try "
                       "again", code="stale_write", what=what, count=1)


def insert_of(table: sa.Table, *names: str) -> sa.Insert:
    """An ``INSERT`` of the columns ``names`` (parameters by column name), built once: the
    statement SQLAlchemy compiles for ``insert(table)`` given those keys."""
    return sa.insert(table).values({n: _p(n) for n in names})


_AT_WORK: dict[int, sa.Select[Any]] = {}


def at_work(item_with_tasks: sa.Select[Any]) -> sa.Select[Any]:
    """``item_with_tasks`` (one item scanned, a row per task of the operation: ``i_id``,
    ``skill``…) with, on each row, the trainee's day budget (``tid``, ``day``, ``month``),
    the item's open tasks (``open``) and the trainee's current level in the task's skill
    (``level``): the whole read of an act of work on one item, in one statement. Built
    once."""
    found = _AT_WORK.get(id(item_with_tasks))
    if found is not None:
        return found
    from atelier.store.hours import BUDGET_COLUMNS

    x = t.tasks.alias("x")
    stmt = (item_with_tasks.add_columns(
        *BUDGET_COLUMNS,
        sa.select(sa.func.count()).select_from(x)
        .where(x.c.item_id == t.items.c.id, x.c.status != task_rules.DONE,
               x.c.status != task_rules.CANCELLED)
        .scalar_subquery().label("open"),
        sa.select(_a.c.level)
        .where(_a.c.trainee_id == _p("tid"), _a.c.skill == _k.c.skill)
        .order_by(_a.c.assessed_on.desc(), _a.c.id.desc()).limit(1)
        .scalar_subquery().label("level"))
        .join(_tr, _tr.c.id == _p("tid")))
    _AT_WORK[id(item_with_tasks)] = stmt
    return stmt
