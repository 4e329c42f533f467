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
    shape = (table.name, tuple(sorted(values)) + tuple(sorted(set(values) - set(literal))))
    stmt = _UPDATES.get(shape)
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
    for part in chunks(list(keys)):
        changed += conn.execute(stmt, {"keys": list(part), **params}).rowcount
    if changed != len(keys):
        raise Conflict(f"{len(keys) - changed} {what}(s) were changed by someone else meanwhile: "
                       "reload and try again", code="stale_write", what=what,
                       count=len(keys) - changed)
