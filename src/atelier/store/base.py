"""Helpers shared by the repositories: chunked IN lists and version-checked updates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

import sqlalchemy as sa

from atelier.domain.errors import Conflict

T = TypeVar("T")

#: Parameters per IN list: well under SQLite's and PostgreSQL's limits.
CHUNK = 900


def chunks(values: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """Consecutive slices of at most ``size`` values."""
    for start in range(0, len(values), size):
        yield values[start:start + size]


def utc(value: Any) -> dt.datetime:
    """A stored timestamp as a naive datetime, in the workshop clock's local time
    (SQLite returns strings on raw paths)."""
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


# INSERT statements compiled for a dialect: (dialect, table, columns) -> (sql, order).
_INSERTS: dict[tuple[str, str, tuple[str, ...]], tuple[str, tuple[int, ...] | None]] = {}


def bulk_insert(conn: sa.Connection, table: sa.Table, columns: tuple[str, ...],
                rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert many rows given as tuples in ``columns`` order, in one driver ``executemany``.

    For the bulk paths (an import's items and tasks): the statement is compiled
    once per dialect by SQLAlchemy, and the rows go to the driver as they are,
    without building one parameter dictionary per row.
    """
    if not rows:
        return
    key = (conn.dialect.name, table.name, columns)
    found = _INSERTS.get(key)
    if found is None:
        compiled = sa.insert(table).values({c: sa.bindparam(c) for c in columns}).compile(
            dialect=conn.dialect)
        order = (tuple(columns.index(name) for name in compiled.positiontup or ())
                 if compiled.positional else None)
        found = (str(compiled), order)
        _INSERTS[key] = found
    sql, order = found
    if order is None:
        params: Any = [dict(zip(columns, row, strict=True)) for row in rows]
    elif order == tuple(range(len(columns))):
        params = list(rows)
    else:
        params = [tuple(row[i] for i in order) for row in rows]
    conn.exec_driver_sql(sql, params)


# Compiled shapes of versioned updates: (table, value names, expression values) -> statement.
_UPDATES: dict[tuple[str, tuple[str, ...]], sa.Update] = {}


def versioned_update(conn: sa.Connection, table: sa.Table, keys: Sequence[tuple[int, int]],
                     values: dict[str, Any], what: str) -> None:
    """UPDATE rows named by ``(id, version)``, bumping the version; all must match.

    A row changed by someone else since it was read no longer matches its
    version, and the whole use case fails with Conflict instead of silently
    overwriting the other person's act.
    """
    literal = {k: v for k, v in values.items() if not isinstance(v, sa.ColumnElement)}
    one = len(keys) == 1
    shape = (table.name, tuple(sorted(values)) + tuple(sorted(set(values) - set(literal)))
             + (("one",) if one else ()))
    stmt = _UPDATES.get(shape)
    if stmt is None and one:
        # One row (a single act): a plain key, no tuple list to expand on every call.
        stmt = (sa.update(table)
                .where(table.c.id == sa.bindparam("k_id"),
                       table.c.version == sa.bindparam("k_version"))
                .values(version=table.c.version + 1,
                        **{k: (v if k not in literal else sa.bindparam(f"v_{k}"))
                           for k, v in values.items()}))
        _UPDATES[shape] = stmt
    if stmt is None:
        # One expanding parameter rather than a literal list, and bound values: the
        # statement is built once per shape and its compiled form is cached.
        stmt = (sa.update(table)
                .where(sa.tuple_(table.c.id, table.c.version)
                       .in_(sa.bindparam("keys", expanding=True)))
                .values(version=table.c.version + 1,
                        **{k: (v if k not in literal else sa.bindparam(f"v_{k}"))
                           for k, v in values.items()}))
        _UPDATES[shape] = stmt
    params = {f"v_{k}": v for k, v in literal.items()}
    changed = 0
    if one:
        changed = conn.execute(stmt, {"k_id": keys[0][0], "k_version": keys[0][1],
                                      **params}).rowcount
    for part in chunks(list(keys)) if not one else ():
        changed += conn.execute(stmt, {"keys": list(part), **params}).rowcount
    if changed != len(keys):
        raise Conflict(f"{len(keys) - changed} {what}(s) were changed by someone else meanwhile: "
                       "reload and try again", code="stale_write", what=what,
                       count=len(keys) - changed)
