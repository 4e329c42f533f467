"""A realistic demo workshop: two months of a bookbinding ACI's production.

:func:`build_demo` fills an initialised, empty workshop (bookbinding catalogue)
with what a visitor, a new supervisor or a screenshot needs to see: six
collectivities of Finistère, eight posts held by eight trainees (known by
their codes only), and a dozen orders in every status an order can show,
from the quote just sent to the order closed weeks ago. Books arrive with
item lists as library systems export them (Koha in UTF-8, PMB in
Windows-1252), or as numbered placeholders; work is recorded crate by crate,
some of it under a supervisor's eye; quality checks fail now and then and the
work is redone; a book is refused, another never arrives; deliveries are
partial or whole.

Everything goes through the public :class:`~atelier.app.Workshop` methods,
with the workshop's clock moved along so that dates, receptions, audit
records and delivery notes are spread over the working days of the two
months before ``today``, in chronological order::

    from atelier import Workshop
    from atelier.demo import build_demo

    ws = Workshop.open("sqlite:///demo.db")
    ws.init()
    summary = build_demo(ws)
    print(summary.orders["in_progress"])

The demo is deterministic: the same ``today`` gives the same data.

The package is split by story: :mod:`~atelier.demo.calendar`
(the clock and the working days), :mod:`~atelier.demo.books` (sample books and
the files they come in), :mod:`~atelier.demo.stage` (who acts, the shared
state, the scheduler), :mod:`~atelier.demo.workshop` (the first morning and
the people's days), :mod:`~atelier.demo.pathways` (contracts, skills, hours
and exits), :mod:`~atelier.demo.orders_past` and
:mod:`~atelier.demo.orders_open` (the order stories).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from atelier.demo import orders_open, orders_past, workshop
from atelier.demo.stage import DEMO_SEED, _Demo, _Story
from atelier.demo.summary import DemoSummary
from atelier.domain.errors import RuleViolation

if TYPE_CHECKING:  # the demo is played through a Workshop it is given
    from atelier.app import Workshop

__all__ = ["DEMO_SEED", "DemoSummary", "build_demo"]

#: Every story of the demo; steps due at the same moment run in this order.
_STORIES: tuple[Callable[[_Demo], _Story], ...] = (
    workshop.setup, orders_past.closed_covering, orders_past.closed_registers,
    orders_past.cancelled_archive, orders_past.delivered_network,
    orders_past.cancelled_periodicals, orders_open.partially_delivered,
    orders_open.ready_school, orders_open.in_progress_archives,
    orders_open.in_progress_new_books, orders_open.accepted_network,
    orders_open.quote_town_hall, orders_open.quote_school,
    workshop.pathways, workshop.hours_of_the_month, workshop.progress,
)


def build_demo(ws: Workshop, today: dt.date | None = None) -> DemoSummary:
    """Fill the initialised, empty workshop ``ws`` with about two months of realistic history.

    ``today`` (default: the date of ``ws.clock()``) is the day the demo ends:
    every act is dated on a working day before it, and every open order is due
    after it. The workshop must hold the bookbinding catalogue (the default of
    :meth:`Workshop.init`) and nothing else yet (no collectivity, order or
    post); otherwise :class:`~atelier.domain.errors.RuleViolation` is raised and
    nothing is written.

    ``ws`` itself is not changed: the demo works on copies of it with their own
    clock and, for the direction's acts, their own actor.
    """
    day = today if today is not None else ws.clock().date()
    catalogue = ws.catalogue()
    if catalogue.code != "reliure":
        raise RuleViolation(
            f"the demo needs the bookbinding catalogue (active: {catalogue.code})",
            code="demo_needs_bookbinding", catalogue=catalogue.code)
    if ws.collectivities() or ws.orders() or ws.posts():
        raise RuleViolation("the demo fills an empty workshop only: this one holds data",
                            code="workshop_not_empty")
    with tempfile.TemporaryDirectory(prefix="atelier-demo-") as tmp:
        demo = _Demo(ws, day, Path(tmp))
        demo.run(_STORIES)
    return demo.summary()
