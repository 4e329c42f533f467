"""Tasks: one routing operation to do on one item, and how they move."""

from __future__ import annotations

from typing import Final, Literal, get_args

from atelier.domain.errors import RuleViolation

#: Where a task stands.
TaskStatus = Literal["pending", "ready", "in_progress", "done", "failed", "cancelled"]
PENDING: Final = "pending"
READY: Final = "ready"
IN_PROGRESS: Final = "in_progress"
DONE: Final = "done"
FAILED: Final = "failed"  # failed a quality check: the work is to be done again
CANCELLED: Final = "cancelled"

TASK_STATUSES: tuple[TaskStatus, ...] = get_args(TaskStatus)
#: Statuses in which work may be recorded on a task.
WORKABLE = frozenset({READY, IN_PROGRESS, FAILED})

#: The result of a quality check.
CheckOutcome = Literal["pass", "fail"]
PASS: Final = "pass"
FAIL: Final = "fail"


def check_workable(barcode: str, operation: str, status: str) -> None:
    """Work can be recorded only on a task whose previous step is done."""
    if status not in WORKABLE:
        raise RuleViolation(
            f"item {barcode}: operation {operation} is {status}, not ready for work",
            code="task_not_ready", barcode=barcode, operation=operation, status=status)
