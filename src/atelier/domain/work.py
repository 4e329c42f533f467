"""Recording work and checking it: which tasks a batch of work or a quality check takes,
and how the items it touches move along.

A batch is all or nothing: an unknown barcode, or an item whose task for the
operation is not ready, refuses the whole batch, naming each one by its place.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Iterable, Mapping, Sequence

from atelier.domain import bounds
from atelier.domain import item as custody
from atelier.domain import task as task_rules
from atelier.domain.catalogue import Catalogue
from atelier.domain.errors import FileRejected, InvalidInput, NotFound, Problem, RuleViolation
from atelier.domain.order import Order
from atelier.domain.views import ItemRef, TaskRef

#: Most minutes one record may carry: two full days of a whole crate's work.
MAX_MINUTES = 48 * 60


def check_operation(catalogue: Catalogue, operation: str) -> str:
    """``operation`` if a service of the catalogue has it (NotFound otherwise)."""
    bounds.key(operation, "operation", bounds.CODE)
    if operation not in catalogue.operation_codes():
        raise NotFound("operation", operation)
    return operation


def service_lines(order: Order, service: str | None) -> set[int] | None:
    """The ids of the order's lines of ``service`` (None: every line)."""
    if service is None:
        return None
    bounds.key(service, "service", bounds.CODE)
    lines = {ln.id for ln in order.lines if ln.service == service}
    if not lines:
        raise InvalidInput("service", "the order has no line for this service",
                           value=service, code="service_not_ordered")
    return lines


def check_work_day(day: dt.date | None, today: dt.date) -> dt.date:
    """The day work counts on: ``day`` (default today), never a day to come."""
    work_day = today if day is None else bounds.day(day, "day")
    if work_day > today:
        raise InvalidInput("day", "work cannot be recorded for a day to come",
                           value=work_day.isoformat(), code="work_day_future")
    return work_day


def work_minutes(minutes: int | None, tasks: Sequence[TaskRef]) -> int:
    """The minutes a batch of work took: as given, or the standard time of its tasks
    (rounded up to the minute); at most :data:`MAX_MINUTES`."""
    total = minutes if minutes is not None else math.ceil(
        sum(t.standard_seconds for t in tasks) / 60)
    if isinstance(total, bool) or not isinstance(total, int) or not 0 <= total <= MAX_MINUTES:
        raise InvalidInput("minutes", f"must be between 0 and {MAX_MINUTES}",
                           value=total if isinstance(total, int) else repr(total)[:40],
                           code="minutes_range", low=0, high=MAX_MINUTES)
    return total


def check_not_checkpoint(operation: str, tasks: Iterable[TaskRef]) -> None:
    """A quality checkpoint is passed by a staff member's check, not recorded as work."""
    if any(t.checkpoint for t in tasks):
        raise RuleViolation(f"operation {operation} is a quality checkpoint: record a check",
                            code="operation_is_checkpoint", operation=operation)


def check_checkpoint(operation: str, tasks: Iterable[TaskRef]) -> None:
    """A quality check is recorded at a checkpoint only."""
    if not all(t.checkpoint for t in tasks):
        raise RuleViolation(f"operation {operation} is not a quality checkpoint",
                            code="operation_not_checkpoint", operation=operation)


def check_defect(catalogue: Catalogue, passed: bool, defect: str | None) -> None:
    """A passed check has no defect; a failed one names a defect of the catalogue."""
    if defect is not None:
        bounds.key(defect, "defect", bounds.CODE)
    if passed and defect:
        raise InvalidInput("defect", "a passed check has no defect", value=defect)
    if not passed and (not defect or defect not in catalogue.defect_codes):
        raise InvalidInput("defect", "a failed check needs a defect code of the catalogue: "
                           + ", ".join(catalogue.defect_codes), value=defect,
                           code="defect_unknown")


def check_one_service(order: Order, operation: str, tasks: Sequence[TaskRef]) -> None:
    """A defect belongs to one service's work: a failed check on items that wait for the
    same checkpoint in several services must name the service."""
    if len({t.item_id for t in tasks}) < len(tasks):
        services = sorted({ln.service for ln in order.lines
                           if ln.id in {t.line_id for t in tasks}})
        raise InvalidInput("service", "these items wait for this check in several services ("
                           + ", ".join(services) + "): say which one failed",
                           code="service_ambiguous", operation=operation,
                           services=", ".join(services))


def ready_tasks(operation: str, workable: Sequence[TaskRef],
                lines: Collection[int] | None) -> list[TaskRef]:
    """Every workable task of ``operation`` (of the ``lines`` given), or a refusal when
    none is ready."""
    ready = [t for t in workable if lines is None or t.line_id in lines]
    if not ready:
        raise RuleViolation(f"no item is ready for operation {operation}",
                            code="nothing_ready", operation=operation)
    return ready


def scanned_tasks(operation: str, scanned: Sequence[str], items: Mapping[str, ItemRef],
                  tasks: Iterable[TaskRef], lines: Collection[int] | None) -> list[TaskRef]:
    """The workable tasks of ``operation`` on the items scanned (of the ``lines`` given),
    or FileRejected naming every barcode that is not an item of the order, has no such
    operation, or whose operation is not ready."""
    unknown = [Problem("barcode", "not an item of this order", n, b)
               for n, b in enumerate(scanned, start=1) if b not in items]
    if unknown:
        raise FileRejected("barcodes", unknown)
    by_item: dict[int, list[TaskRef]] = {}
    for t in tasks:
        if lines is None or t.line_id in lines:
            by_item.setdefault(t.item_id, []).append(t)
    problems: list[Problem] = []
    found: list[TaskRef] = []
    for n, barcode in enumerate(scanned, start=1):
        mine = by_item.get(items[barcode].id, [])
        workable = [t for t in mine if t.status in task_rules.WORKABLE]
        if not mine:
            problems.append(Problem("barcode", f"no operation {operation} for this item", n,
                                    barcode))
        elif not workable:
            states = ", ".join(sorted({t.status for t in mine}))
            problems.append(Problem("barcode", f"operation {operation} is {states}, not ready",
                                    n, barcode))
        found.extend(workable)
    if problems:
        raise FileRejected("barcodes", problems)
    return found


def previous_steps(tasks: Sequence[TaskRef],
                   siblings: Iterable[TaskRef]) -> dict[int, TaskRef]:
    """For each checkpoint task, the routing step just before it (to be reworked)."""
    by_step = {(t.item_id, t.line_id, t.seq): t for t in siblings}
    out: dict[int, TaskRef] = {}
    for t in tasks:
        prev = by_step.get((t.item_id, t.line_id, t.seq - 1))
        if prev is None:  # the catalogue reader forbids a checkpoint as first step
            raise RuleViolation(f"operation {t.operation} has no step before it to rework",
                                code="no_previous_step", operation=t.operation)
        out[t.id] = prev
    return out


def settle(items: Iterable[ItemRef],
           open_tasks: Mapping[int, int]) -> tuple[list[ItemRef], list[ItemRef]]:
    """Where the items work touched go: ``(to ready, to in workshop)``. An item with no
    open task left is finished (ready); one just received with work left is in the
    workshop."""
    to_ready, to_workshop = [], []
    for item in items:
        left = open_tasks.get(item.id, 0)
        if left == 0 and item.custody in (custody.RECEIVED, custody.IN_WORKSHOP):
            to_ready.append(item)
        elif left > 0 and item.custody == custody.RECEIVED:
            to_workshop.append(item)
    return to_ready, to_workshop
