"""Use cases of production: record work on a batch of tasks, check quality."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence

from atelier.domain import item as custody
from atelier.domain import order as order_rules
from atelier.domain import task as task_rules
from atelier.domain.actor import Actor
from atelier.domain.collectivity import validate_name
from atelier.domain.errors import FileRejected, InvalidInput, NotFound, Problem, RuleViolation
from atelier.domain.money import split_evenly
from atelier.domain.order import Order
from atelier.domain.skills import check_supervisor
from atelier.domain.views import TaskRef
from atelier.services.hours import check_work_fits
from atelier.services.ports import UnitOfWork
from atelier.services.results import CheckResult, WorkResult
from atelier.services.scans import dedupe_scans
from atelier.services.skills import check_skill_gate

#: Most minutes one record may carry: two full days of a whole crate's work.
MAX_MINUTES = 48 * 60
_POST = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


def record_work(uow: UnitOfWork, actor: Actor, ref: str, operation: str, trainee: str,
                barcodes: Sequence[str] | None, now: dt.datetime, minutes: int | None = None,
                supervisor: str | None = None, service: str | None = None,
                day: dt.date | None = None) -> WorkResult:
    """Record that ``trainee`` did ``operation`` on the scanned items (or on every ready one).

    All or nothing: an unknown barcode or a task not ready refuses the batch,
    naming each. ``service`` limits the work to one service's routing when
    several services of an item share the operation code (by default the work
    counts for each of them). ``minutes`` defaults to the standard time of the tasks and is
    split over them without losing a minute. Tasks done release the next
    operation of their routing; items whose tasks are all done become ready.

    The skill gate (DOMAIN rule 1): for every skill the tasks need, the trainee
    holds the level, or one level below with a named ``supervisor``; otherwise
    RuleViolation ``skill_gate``. The work counts in the hours of ``day``
    (default: today), which must fit the day's attendance and an open month.
    """
    order = uow.orders.get(ref)
    order_rules.check_open_for_work(order)
    catalogue = uow.catalogues.get(order.catalogue_id or 0)
    if operation not in catalogue.operation_codes():
        raise NotFound("operation", operation)
    # The trainee's row is locked from here: their day's hours change one writer at a time.
    trainee_id, post = uow.people.trainee(trainee, lock=True)
    sup = (check_supervisor(trainee, validate_name(supervisor, "supervisor"))
           if supervisor else None)
    work_day = day or now.date()
    if work_day > now.date():
        raise InvalidInput("day", "work cannot be recorded for a day to come",
                           value=work_day.isoformat(), code="work_day_future")
    tasks = _tasks_for(uow, order, operation, barcodes, service)
    if any(t.checkpoint for t in tasks):
        raise RuleViolation(f"operation {operation} is a quality checkpoint: record a check",
                            code="operation_is_checkpoint", operation=operation)
    learning = check_skill_gate(uow, trainee_id, trainee, tasks, sup)
    total = minutes if minutes is not None else math.ceil(
        sum(t.standard_seconds for t in tasks) / 60)
    if total < 0 or total > MAX_MINUTES:
        raise InvalidInput("minutes", f"must be between 0 and {MAX_MINUTES}", value=total,
                           code="minutes_range", low=0, high=MAX_MINUTES)
    check_work_fits(uow, trainee_id, trainee, work_day, total, row_locked=True)
    uow.tasks.set_status(tasks, task_rules.DONE)
    uow.tasks.release_next(tasks)
    record_id = uow.work.add_record(order_id=order.id, operation=operation, trainee_id=trainee_id,
                                    post_code=post, supervisor=sup,
                                    minutes=split_evenly(total, len(tasks)), tasks=tasks, now=now,
                                    day=work_day)
    ready = _settle_items(uow, order.id, tasks)
    uow.audit.record(actor, "work.record", "order", ref,
                     {"operation": operation, "status": sorted({t.status for t in tasks})},
                     {"operation": operation, "status": task_rules.DONE, "trainee": trainee,
                      "post": post, "supervisor": sup, "learning": list(learning),
                      "day": work_day.isoformat(), "minutes": total, "tasks": len(tasks),
                      "barcodes": sorted({t.barcode for t in tasks}), "items_ready": ready}, now)
    return WorkResult(record_id=record_id, order_ref=ref, operation=operation, trainee=trainee,
                      tasks=len(tasks), minutes=total, items_ready=ready)


def check_quality(uow: UnitOfWork, actor: Actor, ref: str, operation: str,
                  barcodes: Sequence[str] | None, passed: bool, now: dt.datetime,
                  defect: str | None = None, checker: str | None = None,
                  service: str | None = None) -> CheckResult:
    """A staff member's quality check at a checkpoint operation.

    Pass: the check is done and the routing goes on. Fail (with a defect code
    from the catalogue): the previous operation is re-opened for rework and the
    check waits for it. A defect belongs to one service's work: when an item
    waits for the same checkpoint in several services, a failure must name the
    ``service``.
    """
    order = uow.orders.get(ref)
    order_rules.check_open_for_work(order)
    catalogue = uow.catalogues.get(order.catalogue_id or 0)
    who = validate_name(checker or actor.name, "checker")
    if passed and defect:
        raise InvalidInput("defect", "a passed check has no defect", value=defect)
    if not passed and (not defect or defect not in catalogue.defects):
        raise InvalidInput("defect", "a failed check needs a defect code of the catalogue: "
                           + ", ".join(catalogue.defects), value=defect, code="defect_unknown")
    tasks = _tasks_for(uow, order, operation, barcodes, service)
    if not all(t.checkpoint for t in tasks):
        raise RuleViolation(f"operation {operation} is not a quality checkpoint",
                            code="operation_not_checkpoint", operation=operation)
    if not passed and len({t.item_id for t in tasks}) < len(tasks):
        services = sorted({ln.service for ln in order.lines
                           if ln.id in {t.line_id for t in tasks}})
        raise InvalidInput("service", "these items wait for this check in several services ("
                           + ", ".join(services) + "): say which one failed",
                           code="service_ambiguous", operation=operation,
                           services=", ".join(services))
    ready = 0
    if passed:
        uow.tasks.set_status(tasks, task_rules.DONE)
        uow.tasks.release_next(tasks)
        uow.work.add_checks([(t, None) for t in tasks], task_rules.PASS, None, who, now)
        ready = _settle_items(uow, order.id, tasks)
    else:
        previous = _previous_tasks(uow, tasks)
        uow.tasks.set_status(tasks, task_rules.PENDING)
        uow.tasks.set_status(list(previous.values()), task_rules.FAILED, rework=True)
        uow.work.add_checks([(t, previous[t.id]) for t in tasks], task_rules.FAIL, defect, who,
                            now)
    result = task_rules.PASS if passed else task_rules.FAIL
    uow.audit.record(actor, f"quality.{result}", "order", ref,
                     {"operation": operation, "status": task_rules.READY},
                     {"operation": operation, "result": result, "defect": defect,
                      "checker": who, "barcodes": sorted({t.barcode for t in tasks})}, now)
    return CheckResult(order_ref=ref, operation=operation, result=result, tasks=len(tasks),
                       items_ready=ready)


def _tasks_for(uow: UnitOfWork, order: Order, operation: str, barcodes: Sequence[str] | None,
               service: str | None) -> list[TaskRef]:
    """The workable tasks of ``operation`` on the items named (or all), or a listed refusal.

    With ``service``, only the tasks of that service's order lines.
    """
    lines = None
    if service is not None:
        lines = {ln.id for ln in order.lines if ln.service == service}
        if not lines:
            raise InvalidInput("service", "the order has no line for this service",
                               value=service, code="service_not_ordered")
    order_id = order.id
    if barcodes is None:
        ready = [t for t in uow.tasks.workable(order_id, operation)
                 if lines is None or t.line_id in lines]
        if not ready:
            raise RuleViolation(f"no item is ready for operation {operation}",
                                code="nothing_ready", operation=operation)
        return ready
    scanned, _ = dedupe_scans(barcodes)
    if not scanned:
        raise InvalidInput("barcodes", "no barcode given", code="no_barcodes")
    found, all_tasks = uow.tasks.for_barcodes(order_id, scanned, operation)
    by_code = {i.barcode: i for i in found}
    unknown = [Problem("barcode", "not an item of this order", n, b)
               for n, b in enumerate(scanned, start=1) if b not in by_code]
    if unknown:
        raise FileRejected("barcodes", unknown)
    items = [by_code[b] for b in scanned]
    by_item: dict[int, list[TaskRef]] = {}
    for t in all_tasks:
        if lines is None or t.line_id in lines:
            by_item.setdefault(t.item_id, []).append(t)
    problems: list[Problem] = []
    tasks: list[TaskRef] = []
    for n, it in enumerate(items, start=1):
        mine = by_item.get(it.id, [])
        workable = [t for t in mine if t.status in task_rules.WORKABLE]
        if not mine:
            problems.append(Problem("barcode", f"no operation {operation} for this item", n,
                                    it.barcode))
        elif not workable:
            states = ", ".join(sorted({t.status for t in mine}))
            problems.append(Problem("barcode", f"operation {operation} is {states}, not ready",
                                    n, it.barcode))
        tasks.extend(workable)
    if problems:
        raise FileRejected("barcodes", problems)
    return tasks


def _previous_tasks(uow: UnitOfWork, tasks: Sequence[TaskRef]) -> dict[int, TaskRef]:
    """For each checkpoint task, the routing step just before it (to be reworked)."""
    siblings = {(t.item_id, t.line_id, t.seq): t
                for t in uow.tasks.for_items(sorted({t.item_id for t in tasks}))}
    out: dict[int, TaskRef] = {}
    for t in tasks:
        prev = siblings.get((t.item_id, t.line_id, t.seq - 1))
        if prev is None:  # the catalogue loader forbids a checkpoint as first step
            raise RuleViolation(f"operation {t.operation} has no step before it to rework",
                                code="no_previous_step", operation=t.operation)
        out[t.id] = prev
    return out


def _settle_items(uow: UnitOfWork, order_id: int, tasks: Sequence[TaskRef]) -> int:
    """Move the items touched by work along: received → in workshop → ready (all tasks done).

    Returns how many items became ready. The items are locked before their open
    tasks are counted: two writers finishing the last tasks of the same item at
    once would otherwise each see the other's task still open, and leave the
    item in the workshop with nothing left to do.
    """
    items = uow.items.find(order_id, sorted({t.barcode for t in tasks}), lock=True)
    open_counts = uow.tasks.open_counts([i.id for i in items])
    to_ready = [i for i in items if open_counts.get(i.id, 0) == 0
                and i.custody in (custody.RECEIVED, custody.IN_WORKSHOP)]
    to_workshop = [i for i in items if open_counts.get(i.id, 0) > 0
                   and i.custody == custody.RECEIVED]
    if to_ready:
        uow.items.move(to_ready, custody.READY)
    if to_workshop:
        uow.items.move(to_workshop, custody.IN_WORKSHOP)
    return len(to_ready)
