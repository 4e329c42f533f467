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


def versioned_update(conn: sa.Connection, table: sa.Table, keys: Sequence[tuple[int, int]],
                     values: dict[str, Any], what: str) -> None:
    """UPDATE rows named by ``(id, version)``, bumping the version; all must match.

    A row changed by someone else since it was read no longer matches its
    version, and the whole use case fails with Conflict instead of silently
    overwriting the other person's act.
    """
    changed = 0
    for part in chunks(list(keys)):
        stmt = (sa.update(table)
                .where(sa.tuple_(table.c.id, table.c.version).in_(list(part)))
                .values(version=table.c.version + 1, **values))
        changed += conn.execute(stmt).rowcount
    if changed != len(keys):
        raise Conflict(f"{len(keys) - changed} {what}(s) were changed by someone else meanwhile: "
                       "reload and try again", code="stale_write", what=what,
                       count=len(keys) - changed)
