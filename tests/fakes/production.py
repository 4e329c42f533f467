"""Fake repositories of production (items, tasks, work records, quality checks,
deliveries), as ``atelier.store.production`` does them, with the per-line progress
counters of ``atelier.store.progress`` kept on the order lines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from atelier.domain import task as task_rules
from atelier.domain.catalogue import Operation
from atelier.domain.errors import NotFound
from atelier.domain.hours import DayBudget
from atelier.domain.item import EXPECTED, Custody, CustodyCounts
from atelier.domain.item_list import NewItem
from atelier.domain.task import CheckOutcome, TaskStatus
from atelier.domain.views import ItemRef, TaskRef
from tests.fakes.orders import Repository, custody_counts
from tests.fakes.tables import Row, Tx, chunks, versioned_update

_CLOSED = frozenset({task_rules.DONE, task_rules.CANCELLED})


class Progress:
    """Deltas of the order lines' counters (items_total, items_done, tasks_total,
    tasks_done, remaining_seconds), written together."""

    def __init__(self) -> None:
        self.lines: dict[int, list[int]] = {}

    def added(self, line_id: int, items: int, tasks: int, seconds: int) -> None:
        d = self.lines.setdefault(line_id, [0] * 5)
        d[0] += items
        d[2] += tasks
        d[4] += seconds

    def moved(self, line_id: int, last_step: bool, seconds: int, old: str, new: str) -> None:
        d = self.lines.setdefault(line_id, [0] * 5)
        done = (new == task_rules.DONE) - (old == task_rules.DONE)
        d[3] += done
        if last_step:
            d[1] += done
        d[4] += seconds * ((old in _CLOSED) - (new in _CLOSED))

    def write(self, tx: Tx) -> None:
        names = ("items_total", "items_done", "tasks_total", "tasks_done", "remaining_seconds")
        for line_id, delta in sorted(self.lines.items()):
            if any(delta):
                line = tx.get("order_lines", line_id)
                assert line is not None
                tx.update("order_lines", line_id,
                          **{n: line[n] + d for n, d in zip(names, delta, strict=True)})
        self.lines.clear()


def item_ref(r: Row) -> ItemRef:
    return ItemRef(id=r["id"], barcode=r["barcode"], custody=r["custody"], version=r["version"],
                   received=r["received_at"] is not None)


def task_ref(tx: Tx, r: Row) -> TaskRef:
    item = tx.get("items", r["item_id"])
    assert item is not None
    return TaskRef(id=r["id"], item_id=r["item_id"], line_id=r["line_id"], seq=r["seq"],
                   barcode=item["barcode"], operation=r["operation"], skill=r["skill"],
                   min_level=r["min_level"], standard_seconds=r["standard_seconds"],
                   checkpoint=bool(r["checkpoint"]), status=r["status"], version=r["version"],
                   last_step=bool(r["last_step"]))


class FakeItems(Repository):
    """Items of orders and their custody."""

    def import_exists(self, order_id: int, digest: str) -> bool:
        return self.tx.by("item_imports", order_id=order_id, digest=digest) is not None

    def barcodes(self, order_id: int) -> set[str]:
        return {i["barcode"] for i in self.tx.where("items", order_id=order_id)}

    def per_line(self, order_id: int) -> dict[int, int]:
        return {ln["id"]: ln["items_total"]
                for ln in self.tx.where("order_lines", order_id=order_id)}

    def open_elsewhere(self, collectivity_id: int, order_id: int,
                       barcodes: Sequence[str]) -> dict[str, str]:
        wanted = set(barcodes)
        found: dict[str, str] = {}
        for item in self.tx.where("items"):
            order = self.tx.get("orders", item["order_id"])
            assert order is not None
            if (item["barcode"] in wanted and order["id"] != order_id
                    and order["collectivity_id"] == collectivity_id
                    and order["state"] != "cancelled"
                    and item["custody"] not in ("returned", "missing", "refused")):
                found[item["barcode"]] = min(order["ref"],
                                             found.get(item["barcode"], order["ref"]))
        return found

    def add_import(self, order_id: int, digest: str, source_name: str, now: dt.datetime) -> int:
        return int(self.tx.insert("item_imports", order_id=order_id, digest=digest,
                                  source_name=source_name[:255], rows=0, imported_at=now))

    def finish_import(self, import_id: int, rows: int) -> None:
        if self.tx.get("item_imports", import_id) is not None:
            self.tx.update("item_imports", import_id, rows=rows)

    def add_many(self, order_id: int, import_id: int | None, new_items: Sequence[NewItem],
                 routings: Mapping[int, Sequence[Operation]]) -> int:
        if not new_items:
            return 0
        ids = {it.barcode: self.tx.insert(
            "items", order_id=order_id, barcode=it.barcode, title=it.title, author=it.author,
            isbn=it.isbn, call_number=it.call_number, doc_type=it.doc_type, format=it.format,
            placeholder=it.placeholder, custody=EXPECTED, import_id=import_id,
            source_line=it.source_line, version=1) for it in new_items}
        steps = {line_id: [(seq, op, round(op.standard_minutes * 60), seq == len(ops))
                           for seq, op in enumerate(ops, start=1)]
                 for line_id, ops in routings.items()}
        made = 0
        progress = Progress()
        for it in new_items:
            for line in it.lines:
                for seq, op, seconds, last in steps[line.id]:
                    self.tx.insert("tasks", order_id=order_id, item_id=ids[it.barcode],
                                   line_id=line.id, seq=seq, operation=op.code, skill=op.skill,
                                   min_level=op.min_level, standard_seconds=seconds,
                                   checkpoint=op.checkpoint, last_step=last,
                                   status=task_rules.PENDING, rework_count=0, version=1)
                    made += 1
                progress.added(line.id, 1, len(steps[line.id]),
                               sum(step[2] for step in steps[line.id]))
        progress.write(self.tx)
        return made

    def count(self, order_id: int) -> int:
        return len(self.tx.where("items", order_id=order_id))

    def find(self, order_id: int, barcodes: Iterable[str] | None = None,
             custody: Iterable[Custody] | None = None, *, lock: bool = False) -> list[ItemRef]:
        states = None if custody is None else set(custody)

        def kept(r: Row | None) -> bool:
            return r is not None and (states is None or r["custody"] in states)

        if barcodes is None:
            return [item_ref(r) for r in self.tx.where("items", order_id=order_id) if kept(r)]
        out: list[ItemRef] = []
        for part in chunks(list(barcodes)):
            found = [self.tx.by("items", order_id=order_id, barcode=b) for b in set(part)]
            out.extend(item_ref(r) for r in sorted((r for r in found if r is not None and kept(r)),
                                                   key=lambda r: r["id"]))
        return out

    def move(self, items: Sequence[ItemRef], target: Custody, *, reason: str | None = None,
             received_at: dt.datetime | None = None, delivery_id: int | None = None) -> None:
        values: dict[str, Any] = {"custody": target}
        if reason is not None:
            values["reason"] = reason
        if received_at is not None:
            values["received_at"] = received_at
        if delivery_id is not None:
            values["delivery_id"] = delivery_id
        versioned_update(self.tx, "items", [(i.id, i.version) for i in items], values, "item")

    def counts(self, order_id: int) -> CustodyCounts:
        return custody_counts(self.tx, [order_id])[order_id]


class FakeTasks(Repository):
    """Tasks: one operation on one item."""

    def for_items(self, item_ids: Sequence[int], operation: str | None = None) -> list[TaskRef]:
        out: list[TaskRef] = []
        for part in chunks(list(item_ids)):
            wanted = set(part)
            out.extend(task_ref(self.tx, r) for r in self.tx.rows("tasks")
                       if r["item_id"] in wanted
                       and (operation is None or r["operation"] == operation))
        out.sort(key=lambda x: (x.item_id, x.line_id, x.seq))
        return out

    def for_barcodes(self, order_id: int, barcodes: Sequence[str], operation: str,
                     ) -> tuple[list[ItemRef], list[TaskRef]]:
        items: dict[int, ItemRef] = {}
        tasks: list[TaskRef] = []
        for part in chunks(list(barcodes)):
            found = sorted((r for r in (self.tx.by("items", order_id=order_id, barcode=b)
                                        for b in set(part)) if r is not None),
                           key=lambda r: r["id"])
            ids = {r["id"] for r in found}
            by_item: dict[int, list[Row]] = {}
            for k in self.tx.rows("tasks"):
                if k["item_id"] in ids and k["operation"] == operation:
                    by_item.setdefault(k["item_id"], []).append(k)
            for r in found:
                items.setdefault(r["id"], item_ref(r))
                tasks.extend(task_ref(self.tx, k) for k in sorted(
                    by_item.get(r["id"], []), key=lambda k: (k["line_id"], k["seq"])))
        return list(items.values()), tasks

    def for_work(self, order_id: int, barcodes: Sequence[str], operation: str,
                 trainee_id: int, day: dt.date, month: str,
                 ) -> tuple[list[ItemRef], list[TaskRef], dict[int, int], dict[str, int],
                            DayBudget | None]:
        # What the SQL store reads in one statement, from the same rows.
        from tests.fakes.hours import FakeHours
        from tests.fakes.skills import FakeSkills

        items, tasks = self.for_barcodes(order_id, barcodes, operation)
        counts = self.open_counts([i.id for i in items])
        skills = {x.skill for x in tasks}
        levels = {k: v for k, v in FakeSkills(self.tx).levels(trainee_id).items() if k in skills}
        budget = FakeHours(self.tx).day_budget(trainee_id, day, month) if items else None
        return items, tasks, {i.id: counts.get(i.id, 0) for i in items}, levels, budget

    def after_work(self, order_id: int, items: Sequence[ItemRef], open_before: Mapping[int, int],
                   done: Sequence[TaskRef]) -> tuple[list[ItemRef], dict[int, int]]:
        # The fake's writers are serial: the items as read, their open tasks counted again.
        touched = {x.item_id for x in done}
        mine = [i for i in items if i.id in touched]
        return mine, self.open_counts([i.id for i in mine])

    def workable(self, order_id: int, operation: str) -> list[TaskRef]:
        return [task_ref(self.tx, r) for r in self.tx.rows("tasks")
                if r["order_id"] == order_id and r["operation"] == operation
                and r["status"] in task_rules.WORKABLE]

    def set_status(self, tasks: Sequence[TaskRef], status: TaskStatus, *,
                   rework: bool = False) -> None:
        if not tasks:
            return
        values: dict[str, Any] = {"status": status}
        if rework:
            values["rework_count"] = lambda r: r["rework_count"] + 1
        versioned_update(self.tx, "tasks", [(x.id, x.version) for x in tasks], values, "task")
        progress = Progress()
        for x in tasks:
            progress.moved(x.line_id, x.last_step, x.standard_seconds, x.status, status)
        progress.write(self.tx)

    def release_next(self, done: Sequence[TaskRef]) -> None:
        keys = {(x.item_id, x.line_id, x.seq + 1) for x in done if not x.last_step}
        if keys:
            self.tx.update_where(
                "tasks", lambda r: r["status"] == task_rules.PENDING
                and (r["item_id"], r["line_id"], r["seq"]) in keys,
                status=task_rules.READY, version=lambda r: r["version"] + 1)

    def open_counts(self, item_ids: Sequence[int]) -> dict[int, int]:
        wanted = set(item_ids)
        out: dict[int, int] = {}
        for r in self.tx.rows("tasks"):
            if r["item_id"] in wanted and r["status"] not in _CLOSED:
                out[r["item_id"]] = out.get(r["item_id"], 0) + 1
        return out

    def cancel_open(self, item_ids: Sequence[int]) -> int:
        wanted = set(item_ids)
        open_rows = [r for r in self.tx.rows("tasks")
                     if r["item_id"] in wanted and r["status"] not in _CLOSED]
        progress = Progress()
        for r in open_rows:
            self.tx.update("tasks", r["id"], status=task_rules.CANCELLED,
                           version=r["version"] + 1)
            progress.moved(r["line_id"], bool(r["last_step"]), r["standard_seconds"],
                           r["status"], task_rules.CANCELLED)
        progress.write(self.tx)
        return len(open_rows)


class FakeWork(Repository):
    """Work records and quality checks."""

    def add_record(self, *, order_id: int, operation: str, trainee_id: int, post_code: str | None,
                   supervisor: str | None, minutes: Sequence[int], tasks: Sequence[TaskRef],
                   now: dt.datetime, day: dt.date | None = None) -> int:
        record_id = int(self.tx.insert(
            "work_records", order_id=order_id, operation=operation, trainee_id=trainee_id,
            post_code=post_code, supervisor=supervisor, minutes=sum(minutes),
            task_count=len(tasks), recorded_at=now, work_day=day or now.date()))
        for task, m in zip(tasks, minutes, strict=True):
            self.tx.insert("work_record_tasks", work_record_id=record_id, task_id=task.id,
                           minutes=m)
        return record_id

    def add_checks(self, checks: Sequence[tuple[TaskRef, TaskRef | None]], result: CheckOutcome,
                   defect: str | None, checker: str, now: dt.datetime) -> None:
        for task, prev in checks:
            self.tx.insert("quality_checks", task_id=task.id,
                           reworked_task_id=prev.id if prev else None, result=result,
                           defect=defect, checker=checker, checked_at=now)


class FakeDeliveries(Repository):
    """Delivery notes."""

    def add(self, order_id: int, number: str, year: int, seq: int, delivered_on: dt.date,
            now: dt.datetime) -> int:
        return int(self.tx.insert("deliveries", order_id=order_id, number=number, year=year,
                                  seq=seq, delivered_on=delivered_on, created_at=now))

    def barcodes(self, number: str) -> tuple[str, str, dt.date, list[str]]:
        row = self.tx.by("deliveries", number=number)
        if row is None:
            raise NotFound("delivery", number)
        order = self.tx.get("orders", row["order_id"])
        assert order is not None
        codes = sorted(i["barcode"] for i in self.tx.rows("items")
                       if i["delivery_id"] == row["id"])
        return order["ref"], row["number"], row["delivered_on"], codes
