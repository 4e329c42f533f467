"""Use cases of production: record work on a batch of tasks, check quality."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from atelier.domain import bounds
from atelier.domain import hours as hours_rules
from atelier.domain import order as order_rules
from atelier.domain import task as task_rules
from atelier.domain import work as rules
from atelier.domain.actor import Actor
from atelier.domain.money import split_evenly
from atelier.domain.order import Order
from atelier.domain.people import check_active, check_trainee_code
from atelier.domain.results import CheckResult, WorkResult
from atelier.domain.scans import dedupe_scans, require_scans
from atelier.domain.skills import check_gates, check_supervisor
from atelier.domain.views import ItemRef, TaskRef
from atelier.services.hours import check_work_fits
from atelier.services.orders import check_ref
from atelier.services.ports import UnitOfWork
from atelier.services.skills import check_skill_gate


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
    order = uow.orders.get(check_ref(ref))
    order_rules.check_open_for_work(order)
    rules.check_operation(uow.catalogues.get(order.catalogue_id or 0), operation)
    # The trainee's row is locked from here: their day's hours change one writer at a time.
    who = uow.people.trainee(check_trainee_code(trainee, "trainee"), lock=True)
    check_active(trainee, who.active)
    sup = check_supervisor(trainee, supervisor) if supervisor else None
    work_day = rules.check_work_day(day, now.date())
    if barcodes is None:
        tasks = _tasks_for(uow, order, operation, None, service)
        rules.check_not_checkpoint(operation, tasks)
        learning = check_skill_gate(uow, who.id, trainee, tasks, sup)
        total = rules.work_minutes(minutes, tasks)
        check_work_fits(uow, who.id, trainee, work_day, total, row_locked=True)
        items: Sequence[ItemRef] | None = None
        open_before: dict[int, int] = {}
    else:
        # Scanned items (the hot path): one read brings the items, their tasks, the
        # trainee's levels in the tasks' skills, the items' open tasks and the day's
        # budget; the same rules then decide, in the same order.
        lines = rules.service_lines(order, service)
        scanned, _ = dedupe_scans(barcodes)
        require_scans(scanned)
        found, candidates, open_before, levels, budget = uow.tasks.for_work(
            order.id, scanned, operation, who.id, work_day, hours_rules.month_of(work_day))
        tasks = rules.scanned_tasks(operation, scanned, {i.barcode: i for i in found},
                                    candidates, lines)
        rules.check_not_checkpoint(operation, tasks)
        learning = check_gates(trainee, {(t.skill, t.min_level) for t in tasks}, levels, sup)
        total = rules.work_minutes(minutes, tasks)
        assert budget is not None  # an item was found: scanned_tasks refuses otherwise
        hours_rules.check_fits_day(trainee, work_day, budget, total)
        items = found
    uow.tasks.set_status(tasks, task_rules.DONE)
    uow.tasks.release_next(tasks)
    record_id = uow.work.add_record(order_id=order.id, operation=operation, trainee_id=who.id,
                                    post_code=who.post, supervisor=sup,
                                    minutes=split_evenly(total, len(tasks)), tasks=tasks, now=now,
                                    day=work_day)
    if items is None:
        ready = _settle_items(uow, order.id, tasks)
    else:
        ready = _move_settled(uow, *uow.tasks.after_work(order.id, items, open_before, tasks))
    uow.audit.record(actor, "work.record", "order", order.ref,
                     {"operation": operation, "status": sorted({t.status for t in tasks})},
                     {"operation": operation, "status": task_rules.DONE, "trainee": trainee,
                      "post": who.post, "supervisor": sup, "learning": list(learning),
                      "day": work_day.isoformat(), "minutes": total, "tasks": len(tasks),
                      "barcodes": sorted({t.barcode for t in tasks}), "items_ready": ready}, now)
    return WorkResult(record_id=record_id, order_ref=order.ref, operation=operation,
                      trainee=trainee, tasks=len(tasks), minutes=total, items_ready=ready)


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
    order = uow.orders.get(check_ref(ref))
    order_rules.check_open_for_work(order)
    catalogue = uow.catalogues.get(order.catalogue_id or 0)
    who = bounds.name(checker or actor.name, "checker")
    passed = bool(passed)
    rules.check_defect(catalogue, passed, defect)
    bounds.key(operation, "operation", bounds.CODE)
    tasks = _tasks_for(uow, order, operation, barcodes, service)
    rules.check_checkpoint(operation, tasks)
    if not passed:
        rules.check_one_service(order, operation, tasks)
    ready = 0
    if passed:
        uow.tasks.set_status(tasks, task_rules.DONE)
        uow.tasks.release_next(tasks)
        uow.work.add_checks([(t, None) for t in tasks], task_rules.PASS, None, who, now)
        ready = _settle_items(uow, order.id, tasks)
    else:
        siblings = uow.tasks.for_items(sorted({t.item_id for t in tasks}))
        previous = rules.previous_steps(tasks, siblings)
        uow.tasks.set_status(tasks, task_rules.PENDING)
        uow.tasks.set_status(list(previous.values()), task_rules.FAILED, rework=True)
        uow.work.add_checks([(t, previous[t.id]) for t in tasks], task_rules.FAIL, defect, who,
                            now)
    result: task_rules.CheckOutcome = task_rules.PASS if passed else task_rules.FAIL
    uow.audit.record(actor, f"quality.{result}", "order", order.ref,
                     {"operation": operation, "status": task_rules.READY},
                     {"operation": operation, "result": result, "defect": defect,
                      "checker": who, "barcodes": sorted({t.barcode for t in tasks})}, now)
    return CheckResult(order_ref=order.ref, operation=operation, result=result,
                       tasks=len(tasks), items_ready=ready)


def _tasks_for(uow: UnitOfWork, order: Order, operation: str, barcodes: Sequence[str] | None,
               service: str | None) -> list[TaskRef]:
    """The workable tasks of ``operation`` on the items named (or all), or a listed refusal;
    with ``service``, only the tasks of that service's order lines."""
    lines = rules.service_lines(order, service)
    if barcodes is None:
        return rules.ready_tasks(operation, uow.tasks.workable(order.id, operation), lines)
    scanned, _ = dedupe_scans(barcodes)
    require_scans(scanned)
    found, tasks = uow.tasks.for_barcodes(order.id, scanned, operation)
    return rules.scanned_tasks(operation, scanned, {i.barcode: i for i in found}, tasks, lines)


def _settle_items(uow: UnitOfWork, order_id: int, tasks: Sequence[TaskRef]) -> int:
    """Move the items touched by work along: received → in workshop → ready (all tasks done).

    Returns how many items became ready. The items are locked before their open
    tasks are counted: two writers finishing the last tasks of the same item at
    once would otherwise each see the other's task still open, and leave the
    item in the workshop with nothing left to do.
    """
    items = uow.items.find(order_id, sorted({t.barcode for t in tasks}), lock=True)
    return _move_settled(uow, items, uow.tasks.open_counts([i.id for i in items]))


def _move_settled(uow: UnitOfWork, items: Sequence[ItemRef], open_tasks: Mapping[int, int],
                  ) -> int:
    """Move ``items`` by their open tasks left (see :func:`_settle_items`); how many became
    ready."""
    to_ready, to_workshop = rules.settle(items, open_tasks)
    if to_ready:
        uow.items.move(to_ready, "ready")
    if to_workshop:
        uow.items.move(to_workshop, "in_workshop")
    return len(to_ready)
