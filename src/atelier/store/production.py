"""Repositories of production: items, tasks, work records, quality checks, deliveries.

These are the bulk paths: set-based Core statements over lists of ids, never
one ORM object per row.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from atelier.domain import task as task_rules
from atelier.domain.catalogue import Operation
from atelier.domain.errors import NotFound
from atelier.domain.hours import DayBudget
from atelier.domain.item import EXPECTED, MISSING, REFUSED, RETURNED, CustodyCounts
from atelier.domain.item_list import NewItem
from atelier.domain.views import ItemRef, TaskRef
from atelier.store import tables as t
from atelier.store.acts import (
    OPEN_TASK,
    at_work,
    fetch,
    insert_of,
    update_one,
    versioned_one,
    work_context,
    write,
)
from atelier.store.base import bulk_insert, chunks, versioned_update
from atelier.store.progress import _APPLY as _PROGRESS  # the counters' one statement
from atelier.store.progress import Progress, moved_rows
from atelier.store.skills import SqlSkills

_CLOSED = (task_rules.DONE, task_rules.CANCELLED)

# The statements of a single act of work, built once (see store/base.py).
_i, _k = t.items, t.tasks
_ITEMS_WITH_TASKS_BASE = (
    sa.select(_i.c.id.label("i_id"), _i.c.barcode, _i.c.custody, _i.c.version.label("i_version"),
              _i.c.received_at.is_not(None).label("received"),
              _k.c.id, _k.c.item_id, _k.c.line_id, _k.c.seq, _k.c.operation, _k.c.skill,
              _k.c.min_level, _k.c.standard_seconds, _k.c.checkpoint, _k.c.status,
              _k.c.version, _k.c.last_step)
    .outerjoin(_k, sa.and_(_k.c.item_id == _i.c.id, _k.c.operation == sa.bindparam("operation")))
    .where(_i.c.order_id == sa.bindparam("order_id")))
_ITEMS_WITH_TASKS = (_ITEMS_WITH_TASKS_BASE
                     .where(_i.c.barcode.in_(sa.bindparam("codes", expanding=True)))
                     .order_by(_i.c.id, _k.c.line_id, _k.c.seq))
# One barcode scanned (the common act): a plain equality, no list to expand.
_ITEM_WITH_TASKS = (_ITEMS_WITH_TASKS_BASE.where(_i.c.barcode == sa.bindparam("code"))
                    .order_by(_k.c.line_id, _k.c.seq))
_RELEASE_NEXT = (
    sa.update(_k)
    .where(_k.c.status == task_rules.PENDING,
           sa.tuple_(_k.c.item_id, _k.c.line_id, _k.c.seq)
           .in_(sa.bindparam("keys", expanding=True)))
    .values(status=task_rules.READY, version=_k.c.version + 1))
# One step released (the common act, one task): a plain key, no tuple list to expand.
_RELEASE_ONE = (
    sa.update(_k)
    .where(_k.c.status == task_rules.PENDING, _k.c.item_id == sa.bindparam("k_item"),
           _k.c.line_id == sa.bindparam("k_line"), _k.c.seq == sa.bindparam("k_seq"))
    .values(status=task_rules.READY, version=_k.c.version + 1))
_OPEN_COUNTS = (
    sa.select(_k.c.item_id, sa.func.count())
    .where(_k.c.item_id.in_(sa.bindparam("ids", expanding=True)), _k.c.status.not_in(_CLOSED))
    .group_by(_k.c.item_id))
_ITEM_COLUMNS = ("order_id", "barcode", "title", "author", "isbn", "call_number", "doc_type",
                 "format", "placeholder", "custody", "import_id", "source_line", "version")
_TASK_COLUMNS = ("order_id", "item_id", "line_id", "seq", "operation", "skill", "min_level",
                 "standard_seconds", "checkpoint", "last_step", "status", "rework_count",
                 "version")
_ITEM_IDS = (sa.select(_i.c.id, _i.c.barcode)
             .where(_i.c.order_id == sa.bindparam("order_id"),
                    _i.c.barcode.in_(sa.bindparam("codes", expanding=True))))
_ITEMS_RETURNING = sa.insert(_i).returning(_i.c.id, sort_by_parameter_order=True)
# Books of the collectivity still expected or held under another of its orders.
_o = t.orders
_OPEN_ELSEWHERE = (
    sa.select(_i.c.barcode, _o.c.ref).join(_o, _o.c.id == _i.c.order_id)
    .where(_o.c.collectivity_id == sa.bindparam("cid"), _o.c.id != sa.bindparam("oid"),
           _o.c.state != "cancelled", _i.c.custody.not_in((RETURNED, MISSING, REFUSED)),
           _i.c.barcode.in_(sa.bindparam("codes", expanding=True))))
_RECORD_INSERT = insert_of(t.work_records, "order_id", "operation", "trainee_id", "post_code",
                           "supervisor", "minutes", "task_count", "recorded_at",
                           "work_day").returning(t.work_records.c.id)
_RECORD_TASKS_INSERT = insert_of(t.work_record_tasks, "work_record_id", "task_id", "minutes")
# One item of an act of work on PostgreSQL: locked, then its open tasks counted.
_ITEM_LOCKED_ONE = (
    sa.select(_i.c.id, _i.c.barcode, _i.c.custody, _i.c.version,
              _i.c.received_at.is_not(None).label("received"))
    .where(_i.c.order_id == sa.bindparam("order_id"), _i.c.barcode == sa.bindparam("code"))
    .with_for_update())
_OPEN_ONE = (sa.select(sa.func.count()).select_from(_k)
             .where(_k.c.item_id == sa.bindparam("item_id"), *OPEN_TASK))
# One task's status, one item's custody: the one-row versioned updates of an act.
_TASK_STATUS_ONE = versioned_one(_k, "status")
_ITEM_CUSTODY_ONE = versioned_one(_i, "custody")
class SqlItems:
    """Items of orders and their custody."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def import_exists(self, order_id: int, digest: str) -> bool:
        imp = t.item_imports
        return self.conn.execute(sa.select(imp.c.id).where(
            imp.c.order_id == order_id, imp.c.digest == digest)).first() is not None

    def barcodes(self, order_id: int) -> set[str]:
        return set(self.conn.execute(sa.select(t.items.c.barcode)
                                     .where(t.items.c.order_id == order_id)).scalars())

    def per_line(self, order_id: int) -> dict[int, int]:
        ln = t.order_lines
        return {int(i): int(n) for i, n in self.conn.execute(
            sa.select(ln.c.id, ln.c.items_total).where(ln.c.order_id == order_id))}

    def open_elsewhere(self, collectivity_id: int, order_id: int,
                       barcodes: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for part in chunks(list(barcodes)):
            for barcode, ref in self.conn.execute(_OPEN_ELSEWHERE, {
                    "cid": collectivity_id, "oid": order_id, "codes": list(part)}):
                found[barcode] = min(ref, found.get(barcode, ref))
        return found

    def add_import(self, order_id: int, digest: str, source_name: str, now: dt.datetime) -> int:
        return int(self.conn.execute(sa.insert(t.item_imports).values(
            order_id=order_id, digest=digest, source_name=source_name[:255], rows=0,
            imported_at=now).returning(t.item_imports.c.id)).scalar_one())

    def finish_import(self, import_id: int, rows: int) -> None:
        self.conn.execute(sa.update(t.item_imports).where(t.item_imports.c.id == import_id)
                          .values(rows=rows))

    def add_many(self, order_id: int, import_id: int | None, new_items: Sequence[NewItem],
                 routings: Mapping[int, Sequence[Operation]]) -> int:
        """Insert items and, for each, one pending task per operation of its lines."""
        if not new_items:
            return 0
        values = [(order_id, it.barcode, it.title, it.author, it.isbn, it.call_number,
                   it.doc_type, it.format, it.placeholder, EXPECTED, import_id, it.source_line, 1)
                  for it in new_items]
        ids: dict[str, int] = {}
        if self.conn.dialect.name == "postgresql":
            # INSERT … RETURNING: reading ids back by barcode inside the import's own
            # transaction has no statistics to use and scans the order once per batch.
            returned = self.conn.execute(
                _ITEMS_RETURNING, [dict(zip(_ITEM_COLUMNS, row, strict=True)) for row in values]
            ).scalars().all()
            ids = {it.barcode: int(i) for it, i in zip(new_items, returned, strict=True)}
        else:
            # SQLite: the driver's executemany, then one read through the unique
            # (order_id, barcode) index per chunk.
            bulk_insert(self.conn, t.items, _ITEM_COLUMNS, values)
            for part in chunks([it.barcode for it in new_items]):
                ids.update((r.barcode, r.id) for r in self.conn.execute(
                    _ITEM_IDS, {"order_id": order_id, "codes": list(part)}))
        # Per line, the columns of its tasks after (order, item, line): built once, each
        # task row is then one tuple concatenation (an import writes a few per item).
        steps = {line_id: [(line_id, seq, op.code, op.skill, op.min_level,
                            round(op.standard_minutes * 60), op.checkpoint, seq == len(ops),
                            task_rules.PENDING, 0, 1)
                           for seq, op in enumerate(ops, start=1)]
                 for line_id, ops in routings.items()}
        rows: list[tuple[Any, ...]] = []
        per_line: Counter[int] = Counter()
        for it in new_items:
            head = (order_id, ids[it.barcode])
            for line in it.lines:
                rows.extend([head + step for step in steps[line.id]])
                per_line[line.id] += 1
        progress = Progress()
        for line_id, count in per_line.items():
            line_steps = steps[line_id]
            progress.added(line_id, count, count * len(line_steps),
                           count * sum(step[5] for step in line_steps))
        bulk_insert(self.conn, t.tasks, _TASK_COLUMNS, rows)
        progress.write(self.conn)
        return len(rows)

    def count(self, order_id: int) -> int:
        return int(self.conn.execute(sa.select(sa.func.count()).select_from(t.items)
                                     .where(t.items.c.order_id == order_id)).scalar_one())

    def find(self, order_id: int, barcodes: Iterable[str] | None = None,
             custody: Iterable[str] | None = None, *, lock: bool = False) -> list[ItemRef]:
        i = t.items
        base = sa.select(i.c.id, i.c.barcode, i.c.custody, i.c.version,
                         i.c.received_at.is_not(None).label("received")).where(
            i.c.order_id == order_id)
        if custody is not None:
            base = base.where(i.c.custody.in_(list(custody)))
        if lock:  # rows locked in id order (PostgreSQL; SQLite writers are serial)
            base = base.with_for_update()
        if barcodes is None:
            return [_item_ref(r) for r in self.conn.execute(base.order_by(i.c.id))]
        stmt = base.where(i.c.barcode.in_(sa.bindparam("codes", expanding=True))).order_by(i.c.id)
        out: list[ItemRef] = []
        for part in chunks(list(barcodes)):
            out.extend(_item_ref(r) for r in self.conn.execute(stmt, {"codes": list(part)}))
        return out

    def move(self, items: Sequence[ItemRef], target: str, *, reason: str | None = None,
             received_at: dt.datetime | None = None, delivery_id: int | None = None) -> None:
        if len(items) == 1 and reason is None and received_at is None and delivery_id is None:
            # One item's custody (an act of work): the act's statement, built once.
            update_one(self.conn, _ITEM_CUSTODY_ONE, items[0].id, items[0].version,
                       {"custody": target}, "item")
            return
        values: dict[str, Any] = {"custody": target}
        if reason is not None:
            values["reason"] = reason
        if received_at is not None:
            values["received_at"] = received_at
        if delivery_id is not None:
            values["delivery_id"] = delivery_id
        versioned_update(self.conn, t.items, [(i.id, i.version) for i in items], values, "item")

    def counts(self, order_id: int) -> CustodyCounts:
        i = t.items
        return CustodyCounts.from_rows([
            (state, int(n), int(received)) for state, n, received in self.conn.execute(
                sa.select(i.c.custody, sa.func.count(), sa.func.count(i.c.received_at))
                .where(i.c.order_id == order_id).group_by(i.c.custody))])


def _item_ref(r: sa.Row[Any]) -> ItemRef:
    return ItemRef(id=r.id, barcode=r.barcode, custody=r.custody, version=r.version,
                   received=bool(r.received))


class SqlTasks:
    """Tasks: one operation on one item."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def _select(self) -> sa.Select[Any]:
        k = t.tasks
        return (sa.select(k.c.id, k.c.item_id, k.c.line_id, k.c.seq, t.items.c.barcode,
                          k.c.operation, k.c.skill, k.c.min_level, k.c.standard_seconds,
                          k.c.checkpoint, k.c.status, k.c.version, k.c.last_step)
                .join(t.items, t.items.c.id == k.c.item_id))

    def for_items(self, item_ids: Sequence[int], operation: str | None = None) -> list[TaskRef]:
        k = t.tasks
        q = self._select().where(k.c.item_id.in_(sa.bindparam("ids", expanding=True)))
        if operation is not None:
            q = q.where(k.c.operation == operation)
        out: list[TaskRef] = []
        for part in chunks(list(item_ids)):
            out.extend(_task_ref(r) for r in self.conn.execute(q, {"ids": list(part)}))
        out.sort(key=lambda x: (x.item_id, x.line_id, x.seq))
        return out

    def for_barcodes(self, order_id: int, barcodes: Sequence[str], operation: str,
                     ) -> tuple[list[ItemRef], list[TaskRef]]:
        """The items named and their tasks of ``operation``, in one statement (not locked:
        the tasks' versions are checked when they are written)."""
        items: dict[int, ItemRef] = {}
        tasks: list[TaskRef] = []
        for part in chunks(list(barcodes)):
            params = {"order_id": order_id, "operation": operation}
            rows = (fetch(self.conn, _ITEM_WITH_TASKS, {**params, "code": part[0]})
                    if len(part) == 1 else
                    self.conn.execute(_ITEMS_WITH_TASKS, {**params, "codes": list(part)}))
            for r in rows:
                items.setdefault(r.i_id, ItemRef(id=r.i_id, barcode=r.barcode,
                                                 custody=r.custody, version=r.i_version,
                                                 received=bool(r.received)))
                if r.id is not None:
                    tasks.append(_task_ref(r))
        return list(items.values()), tasks

    def for_work(self, order_id: int, barcodes: Sequence[str], operation: str,
                 trainee_id: int, day: dt.date, month: str,
                 ) -> tuple[list[ItemRef], list[TaskRef], dict[int, int], dict[str, int],
                            DayBudget | None]:
        """Everything an act of work on scanned items decides on: the items and their
        tasks (:meth:`for_barcodes`), then their open tasks, the trainee's levels and day
        in one more statement (store/acts.py); the trainee's row is already locked. One
        item scanned (the common act): all of it in one statement (:func:`at_work`)."""
        if len(barcodes) == 1:
            return self._at_work(order_id, barcodes[0], operation, trainee_id, day, month)
        items, tasks = self.for_barcodes(order_id, barcodes, operation)
        if not items:
            return items, tasks, {}, {}, None
        skills = sorted({x.skill for x in tasks})
        found = work_context(self.conn, [i.id for i in items], skills, trainee_id, day, month)
        if found is not None:
            open_tasks, levels, budget = found
            return items, tasks, open_tasks, levels, budget
        # A large batch: the same figures, read apart (none named, the budget alone).
        alone = work_context(self.conn, [], [], trainee_id, day, month)
        counts = self.open_counts([i.id for i in items])
        held = SqlSkills(self.conn).levels(trainee_id)
        return (items, tasks, {i.id: counts.get(i.id, 0) for i in items},
                {k: v for k, v in held.items() if k in skills},
                None if alone is None else alone[2])

    def _at_work(self, order_id: int, barcode: str, operation: str, trainee_id: int,
                 day: dt.date, month: str,
                 ) -> tuple[list[ItemRef], list[TaskRef], dict[int, int], dict[str, int],
                            DayBudget | None]:
        from atelier.store.hours import budget_of

        rows = fetch(self.conn, at_work(_ITEM_WITH_TASKS), {
            "order_id": order_id, "operation": operation, "code": barcode, "tid": trainee_id,
            "day": day, "month": month})
        if not rows:
            return [], [], {}, {}, None
        r = rows[0]
        item = ItemRef(id=r.i_id, barcode=r.barcode, custody=r.custody, version=r.i_version,
                       received=bool(r.received))
        mine = [x for x in rows if x.id is not None]
        return ([item], [_task_ref(x) for x in mine], {item.id: int(r.open)},
                {x.skill: int(x.level) for x in mine if x.level is not None}, budget_of(r))

    def after_work(self, order_id: int, items: Sequence[ItemRef], open_before: Mapping[int, int],
                   done: Sequence[TaskRef]) -> tuple[list[ItemRef], dict[int, int]]:
        """The items ``done`` touched, as they stand, and their open tasks now (the work
        written). On SQLite, write transactions are serial from BEGIN IMMEDIATE: the act's
        first read is still the truth, less the tasks just done. On PostgreSQL the items
        are locked first, then counted: two writers finishing the last tasks of one item
        at once would otherwise each see the other's task still open."""
        touched = {x.item_id for x in done}
        if self.conn.dialect.name == "sqlite":
            closed = Counter(x.item_id for x in done)
            mine = [i for i in items if i.id in touched]
            return mine, {i.id: open_before.get(i.id, 0) - closed[i.id] for i in mine}
        barcodes = sorted({x.barcode for x in done})
        if len(barcodes) == 1:
            # One item scanned (the common act): its statements, built once.
            found = [_item_ref(r) for r in fetch(self.conn, _ITEM_LOCKED_ONE,
                                                 {"order_id": order_id, "code": barcodes[0]})]
            counts: dict[int, int] = {}
            for item in found:
                ((n,),) = fetch(self.conn, _OPEN_ONE, {"item_id": item.id})
                counts[item.id] = int(n)
            return found, counts
        found = SqlItems(self.conn).find(order_id, barcodes, lock=True)
        return found, self.open_counts([i.id for i in found])

    def workable(self, order_id: int, operation: str) -> list[TaskRef]:
        k = t.tasks
        q = self._select().where(k.c.order_id == order_id, k.c.operation == operation,
                                 k.c.status.in_(sorted(task_rules.WORKABLE))).order_by(k.c.id)
        return [_task_ref(r) for r in self.conn.execute(q)]

    def set_status(self, tasks: Sequence[TaskRef], status: str, *, rework: bool = False) -> None:
        if not tasks:
            return
        progress = Progress()
        for x in tasks:
            progress.moved(x.line_id, x.last_step, x.standard_seconds, x.status, status)
        if len(tasks) == 1 and not rework:
            # One task (an act of work): the act's statements, built once.
            update_one(self.conn, _TASK_STATUS_ONE, tasks[0].id, tasks[0].version,
                       {"status": status}, "task")
            rows = [{"line": line_id, "d_items": d.items, "d_items_done": d.items_done,
                     "d_tasks": d.tasks, "d_done": d.done, "d_seconds": d.seconds}
                    for line_id, d in sorted(progress.lines.items())
                    if (d.items, d.items_done, d.tasks, d.done, d.seconds) != (0, 0, 0, 0, 0)]
            if rows:
                write(self.conn, _PROGRESS, rows)
            return
        values: dict[str, Any] = {"status": status}
        if rework:
            values["rework_count"] = t.tasks.c.rework_count + 1
        versioned_update(self.conn, t.tasks, [(x.id, x.version) for x in tasks], values, "task")
        progress.write(self.conn)

    def release_next(self, done: Sequence[TaskRef]) -> None:
        keys = [(x.item_id, x.line_id, x.seq + 1) for x in done if not x.last_step]
        if len(keys) == 1:
            item_id, line_id, seq = keys[0]
            write(self.conn, _RELEASE_ONE, {"k_item": item_id, "k_line": line_id, "k_seq": seq})
            return
        for part in chunks(keys, 300):
            self.conn.execute(_RELEASE_NEXT, {"keys": list(part)})

    def open_counts(self, item_ids: Sequence[int]) -> dict[int, int]:
        out: dict[int, int] = {}
        for part in chunks(list(item_ids)):
            out.update((int(r[0]), int(r[1]))
                       for r in self.conn.execute(_OPEN_COUNTS, {"ids": list(part)}))
        return out

    def cancel_open(self, item_ids: Sequence[int]) -> int:
        k = t.tasks
        n = 0
        for part in chunks(list(item_ids)):
            open_rows = self.conn.execute(
                sa.select(k.c.line_id, k.c.last_step, k.c.standard_seconds, k.c.status)
                .where(k.c.item_id.in_(part), k.c.status.not_in(_CLOSED))).all()
            n += self.conn.execute(sa.update(k).where(
                k.c.item_id.in_(part), k.c.status.not_in(_CLOSED)).values(
                status=task_rules.CANCELLED, version=k.c.version + 1)).rowcount
            moved_rows(open_rows, task_rules.CANCELLED).write(self.conn)
        return n


def _task_ref(r: sa.Row[Any]) -> TaskRef:
    return TaskRef(id=r.id, item_id=r.item_id, line_id=r.line_id, seq=r.seq, barcode=r.barcode,
                   operation=r.operation, skill=r.skill, min_level=r.min_level,
                   standard_seconds=r.standard_seconds, checkpoint=bool(r.checkpoint),
                   status=r.status, version=r.version, last_step=bool(r.last_step))


class SqlWork:
    """Work records and quality checks."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def add_record(self, *, order_id: int, operation: str, trainee_id: int,
                   post_code: str | None, supervisor: str | None, minutes: Sequence[int],
                   tasks: Sequence[TaskRef], now: dt.datetime,
                   day: dt.date | None = None) -> int:
        ((record_id,),) = fetch(self.conn, _RECORD_INSERT, {
            "order_id": order_id, "operation": operation, "trainee_id": trainee_id,
            "post_code": post_code, "supervisor": supervisor, "minutes": sum(minutes),
            "task_count": len(tasks), "recorded_at": now, "work_day": day or now.date()})
        record_id = int(record_id)
        write(self.conn, _RECORD_TASKS_INSERT, [
            {"work_record_id": record_id, "task_id": task.id, "minutes": m}
            for task, m in zip(tasks, minutes, strict=True)])
        return record_id

    def add_checks(self, checks: Sequence[tuple[TaskRef, TaskRef | None]], result: str,
                   defect: str | None, checker: str, now: dt.datetime) -> None:
        self.conn.execute(sa.insert(t.quality_checks), [
            {"task_id": task.id, "reworked_task_id": prev.id if prev else None,
             "result": result, "defect": defect, "checker": checker, "checked_at": now}
            for task, prev in checks])


class SqlDeliveries:
    """Delivery notes."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def add(self, order_id: int, number: str, year: int, seq: int, delivered_on: dt.date,
            now: dt.datetime) -> int:
        return int(self.conn.execute(sa.insert(t.deliveries).values(
            order_id=order_id, number=number, year=year, seq=seq, delivered_on=delivered_on,
            created_at=now).returning(t.deliveries.c.id)).scalar_one())

    def barcodes(self, number: str) -> tuple[str, str, dt.date, list[str]]:
        d = t.deliveries
        row = self.conn.execute(sa.select(d.c.id, d.c.number, d.c.delivered_on, t.orders.c.ref)
                                .join(t.orders, t.orders.c.id == d.c.order_id)
                                .where(d.c.number == number)).first()
        if row is None:
            raise NotFound("delivery", number)
        codes = self.conn.execute(sa.select(t.items.c.barcode)
                                  .where(t.items.c.delivery_id == row.id)
                                  .order_by(t.items.c.barcode)).scalars().all()
        return row.ref, row.number, row.delivered_on, list(codes)
