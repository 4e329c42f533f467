"""Per-line progress counters, kept in step with every change of task status.

``order_lines`` carries items_total/items_done, tasks_total/tasks_done and the
remaining standard seconds. Every statement that changes a task's status goes
through this module, in the same transaction, so the counters cannot drift
(a test recounts them from the tasks after every kind of act).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs
import sqlalchemy as sa

from atelier.domain import task as task_rules
from atelier.store import tables as t

_CLOSED = frozenset({task_rules.DONE, task_rules.CANCELLED})

_APPLY = (
    sa.update(t.order_lines)
    .where(t.order_lines.c.id == sa.bindparam("line"))
    .values(items_total=t.order_lines.c.items_total + sa.bindparam("d_items"),
            items_done=t.order_lines.c.items_done + sa.bindparam("d_items_done"),
            tasks_total=t.order_lines.c.tasks_total + sa.bindparam("d_tasks"),
            tasks_done=t.order_lines.c.tasks_done + sa.bindparam("d_done"),
            remaining_seconds=t.order_lines.c.remaining_seconds + sa.bindparam("d_seconds"))
)


@attrs.define
class Delta:
    """Changes to one line's counters."""

    items: int = 0
    items_done: int = 0
    tasks: int = 0
    done: int = 0
    seconds: int = 0


class Progress:
    """Accumulates deltas per line, then writes them in one statement."""

    def __init__(self) -> None:
        self.lines: dict[int, Delta] = {}

    def line(self, line_id: int) -> Delta:
        """The delta of ``line_id`` (created empty)."""
        return self.lines.setdefault(line_id, Delta())

    def added(self, line_id: int, items: int, tasks: int, seconds: int) -> None:
        """New items with their pending tasks."""
        d = self.line(line_id)
        d.items += items
        d.tasks += tasks
        d.seconds += seconds

    def moved(self, line_id: int, last_step: bool, seconds: int, old: str, new: str) -> None:
        """One task went from status ``old`` to ``new``."""
        d = self.line(line_id)
        d.done += (new == task_rules.DONE) - (old == task_rules.DONE)
        if last_step:
            d.items_done += (new == task_rules.DONE) - (old == task_rules.DONE)
        d.seconds += seconds * ((old in _CLOSED) - (new in _CLOSED))

    def write(self, conn: sa.Connection) -> None:
        """Apply the accumulated deltas (nothing when there are none)."""
        rows: list[dict[str, Any]] = [
            {"line": line_id, "d_items": d.items, "d_items_done": d.items_done,
             "d_tasks": d.tasks, "d_done": d.done, "d_seconds": d.seconds}
            for line_id, d in sorted(self.lines.items())
            if (d.items, d.items_done, d.tasks, d.done, d.seconds) != (0, 0, 0, 0, 0)]
        if rows:
            conn.execute(_APPLY, rows)
        self.lines.clear()


def moved_rows(rows: Iterable[Any], new: str) -> Progress:
    """A Progress for rows having ``line_id, last_step, standard_seconds, status`` moving to
    ``new``."""
    progress = Progress()
    for r in rows:
        progress.moved(r.line_id, bool(r.last_step), r.standard_seconds, r.status, new)
    return progress
