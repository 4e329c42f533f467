"""The in-memory tables of the fake store: rows as plain dicts keyed by primary key.

Each table is as :mod:`tests.fakes.schema` describes it. What the database refuses
(a key taken twice, a reference to no row) raises the ``Conflict`` that the SQL unit
of work makes of an ``IntegrityError``.

A transaction (:class:`Tx`) reads the data committed when it began and writes on a
copy of each table it changes (copy-on-write: the row mapping is copied once, and a
row is never changed in place but replaced), so a rollback is simply dropping the
copies and a commit is putting them in place.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from atelier.domain.catalogue import Catalogue
from atelier.domain.errors import Conflict
from tests.fakes.schema import SPECS, Spec

Row = dict[str, Any]
T = TypeVar("T")

#: Values per IN list in the SQL store: where it reads in chunks, so does the fake.
CHUNK = 900


def clash() -> Conflict:
    """What the SQL unit of work raises for an ``IntegrityError``."""
    return Conflict("someone else wrote the same thing at the same time: reload and try "
                    "again", code="concurrent_write")


@dataclass
class TableData:
    """The rows of one table (by key, in insertion order) and its unique indexes."""

    rows: dict[Any, Row] = field(default_factory=dict)
    index: dict[tuple[str, ...], dict[tuple[Any, ...], Any]] = field(default_factory=dict)
    next_id: int = 1

    def copy(self) -> TableData:
        # Rows are replaced, never changed in place: copying the mappings is enough.
        return TableData(dict(self.rows), {u: dict(i) for u, i in self.index.items()},
                         self.next_id)


class Database:
    """The committed data, the parsed catalogues (by digest) and the writers' lock."""

    def __init__(self) -> None:
        self.tables: dict[str, TableData] = {
            name: TableData(index={u: {} for u in spec.unique}) for name, spec in SPECS.items()}
        self.catalogues: dict[str, Catalogue] = {}
        #: Write transactions run one at a time, as SQLite's ``BEGIN IMMEDIATE`` makes them;
        #: the thread holding the lock (a second write in that thread would wait for itself).
        self.writer = threading.Lock()
        self.writer_thread: int | None = None


class Tx:
    """One transaction's view of the data: reads the snapshot taken at its start, writes on
    copies of the tables it changes."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.base = db.tables
        self.own: dict[str, TableData] = {}

    def commit(self) -> None:
        """Put the changed tables in place of the committed ones."""
        if self.own:
            self.db.tables = {**self.db.tables, **self.own}

    # -- reading ------------------------------------------------------------------

    def _read(self, name: str) -> TableData:
        found = self.own.get(name)
        return found if found is not None else self.base[name]

    def _write(self, name: str) -> TableData:
        found = self.own.get(name)
        if found is None:
            found = self.own[name] = self.base[name].copy()
        return found

    def rows(self, name: str, /) -> list[Row]:
        """Every row of the table, by key in insertion order (ids ascending)."""
        return list(self._read(name).rows.values())

    def get(self, name: str, key: Any, /) -> Row | None:
        """The row of ``key`` (an id, or a tuple for a composite key), or None."""
        return self._read(name).rows.get(key)

    def by(self, name: str, /, **values: Any) -> Row | None:
        """The row having these values of one of the table's unique keys, or None."""
        cols = tuple(values)
        data = self._read(name)
        if cols == SPECS[name].key:
            return data.rows.get(values[cols[0]] if len(cols) == 1 and SPECS[name].auto
                                 else tuple(values.values()))
        found = data.index[cols].get(tuple(values.values()))
        return None if found is None else data.rows[found]

    def where(self, name: str, /, **values: Any) -> list[Row]:
        """The rows having these column values."""
        return [r for r in self._read(name).rows.values()
                if all(r[k] == v for k, v in values.items())]

    # -- writing ------------------------------------------------------------------

    def insert(self, name: str, /, **values: Any) -> Any:
        """Insert one row (defaults as the schema's); its key (the id if autoincrement)."""
        spec = SPECS[name]
        unknown = set(values) - set(spec.columns)
        assert not unknown, f"{name} has no column {sorted(unknown)}"
        data = self._write(name)
        row: Row = {c: values.get(c, spec.defaults.get(c)) for c in spec.columns}
        if spec.auto and row["id"] is None:
            row["id"] = data.next_id
        key = row["id"] if spec.auto else tuple(row[c] for c in spec.key)
        if key in data.rows or any(row[c] is None for c in spec.key):
            raise clash()
        self._check_refs(spec, row, spec.refs)
        for cols in spec.unique:
            self._take(data, cols, row, key)
        if spec.auto:
            data.next_id = max(data.next_id, int(row["id"]) + 1)
        data.rows[key] = row
        return key

    def update(self, name: str, key: Any, /, **values: Any) -> None:
        """Replace the row of ``key`` by one with these values (a callable value is applied
        to the old row)."""
        spec = SPECS[name]
        data = self._write(name)
        old = data.rows[key]
        row = {**old, **{k: v(old) if callable(v) else v for k, v in values.items()}}
        changed = {k for k in values if row[k] != old[k]}
        assert not changed & set(spec.key), "keys are not updated"
        self._check_refs(spec, row, {c: t for c, t in spec.refs.items() if c in changed})
        for cols in spec.unique:
            if changed & set(cols):
                old_values = tuple(old[c] for c in cols)
                if data.index[cols].get(old_values) == key:
                    del data.index[cols][old_values]
                self._take(data, cols, row, key)
        data.rows[key] = row

    def update_where(self, name: str, test: Callable[[Row], bool], /,
                     **values: Any) -> int:
        """Update every row passing ``test``; how many."""
        keys = [k for k, r in self._read(name).rows.items() if test(r)]
        for key in keys:
            self.update(name, key, **values)
        return len(keys)

    def delete_where(self, name: str, test: Callable[[Row], bool]) -> int:
        """Delete every row passing ``test`` (nothing refers to the tables deleted from);
        how many."""
        spec = SPECS[name]
        keys = [k for k, r in self._read(name).rows.items() if test(r)]
        if keys:
            data = self._write(name)
            for key in keys:
                row = data.rows.pop(key)
                for cols in spec.unique:
                    data.index[cols].pop(tuple(row[c] for c in cols), None)
        return len(keys)

    def _take(self, data: TableData, cols: tuple[str, ...], row: Row, key: Any) -> None:
        values = tuple(row[c] for c in cols)
        if None in values:  # NULLs never clash, in SQL
            return
        if values in data.index[cols]:
            raise clash()
        data.index[cols][values] = key

    def _check_refs(self, spec: Spec, row: Row, refs: Mapping[str, str]) -> None:
        for column, table in refs.items():
            if row[column] is not None and row[column] not in self._read(table).rows:
                raise clash()


def versioned_update(tx: Tx, table: str, keys: Sequence[tuple[int, int]],
                     values: Mapping[str, Any], what: str) -> None:
    """Update the rows named by ``(id, version)``, bumping their version; all must match,
    else ``Conflict`` ``stale_write`` (as ``atelier.store.base.versioned_update``)."""
    matched = [k for k in dict.fromkeys(keys)
               if (row := tx.get(table, k[0])) is not None and row["version"] == k[1]]
    if len(matched) != len(keys):
        missed = len(keys) - len(matched)
        raise Conflict(f"{missed} {what}(s) were changed by someone else meanwhile: "
                       "reload and try again", code="stale_write", what=what, count=missed)
    for row_id, version in matched:
        tx.update(table, row_id, version=version + 1, **values)


def chunks(values: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """Consecutive slices of at most ``size`` values (as the SQL store reads IN lists)."""
    for start in range(0, len(values), size):
        yield values[start:start + size]


def latest(values: Iterable[T], rank: Callable[[T], Any]) -> T | None:
    """The value of highest ``rank`` (the first such), or None."""
    best: T | None = None
    for value in values:
        if best is None or rank(value) > rank(best):
            best = value
    return best
