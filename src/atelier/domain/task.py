"""Tasks: one routing operation to do on one item, and how they move."""

from __future__ import annotations

from atelier.domain.errors import RuleViolation

PENDING = "pending"
READY = "ready"
IN_PROGRESS = "in_progress"
DONE = "done"
FAILED = "failed"  # failed a quality check: the work is to be done again
CANCELLED = "cancelled"

TASK_STATUSES = (PENDING, READY, IN_PROGRESS, DONE, FAILED, CANCELLED)
#: Statuses in which work may be recorded on a task.
WORKABLE = frozenset({READY, IN_PROGRESS, FAILED})

PASS, FAIL = "pass", "fail"


def check_workable(barcode: str, operation: str, status: str) -> None:
    """Work can be recorded only on a task whose previous step is done."""
    if status not in WORKABLE:
        raise RuleViolation(
            f"item {barcode}: operation {operation} is {status}, not ready for work",
            code="task_not_ready", barcode=barcode, operation=operation, status=status)
