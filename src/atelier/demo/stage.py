"""The demo's stage: who acts, the state the stories share, and the scheduler that runs them.

A story is a generator function taking the :class:`_Demo` and yielding the
moment of its next step; :meth:`_Demo.run` interleaves all the stories in
chronological order of their steps, setting the clock before each one.
"""

from __future__ import annotations

import datetime as dt
import heapq
import random
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from atelier.demo.books import _Book, _draw_books
from atelier.demo.calendar import _Calendar, _Clock
from atelier.demo.pathways import People
from atelier.demo.summary import DemoSummary
from atelier.domain.order import STATUSES

if TYPE_CHECKING:  # the demo is played through a Workshop it is given
    from atelier.app import Workshop

#: Seed of the demo's random choices (titles, authors, ISBNs): the year the workshop opened.
DEMO_SEED = 2021

#: How far back the demo's history starts, in working days before ``today`` (about 2 months).
HISTORY_WORKING_DAYS = 44

#: The staff of the demo, as they appear in audit records, supervisions and checks.
SUPERVISOR = "Claire (encadrante technique)"
DIRECTION = "Gwenola (direction)"
COUNSELLOR = "Nolwenn (conseillère en insertion)"

#: A story is a generator yielding the moment of its next step; the step runs when resumed.
_Story = Iterator[dt.datetime]


class _Demo:
    """The demo's state: the workshop copies, the calendar, and what was created."""

    def __init__(self, ws: Workshop, today: dt.date, tmp: Path) -> None:
        self.cal = _Calendar(today, HISTORY_WORKING_DAYS + 1)
        self.clock = _Clock(self.cal.at(HISTORY_WORKING_DAYS, "08:00"))
        self.staff = attrs.evolve(ws, clock=self.clock)
        self.direction = self.staff.acting_as(DIRECTION, role="admin")
        self.people = People(self.staff, self.staff.acting_as(COUNSELLOR, role="counsellor"),
                             self.direction, self.cal.day(HISTORY_WORKING_DAYS), today,
                             DEMO_SEED)
        self.tmp = tmp
        self.rng = random.Random(DEMO_SEED)
        self.clients: dict[str, int] = {}
        self.expected: dict[str, str] = {}
        self._barcodes: dict[str, int] = {}

    # -- running -----------------------------------------------------------------------------

    def run(self, stories: Sequence[Callable[[_Demo], _Story]]) -> None:
        """Run every story, interleaved in chronological order of their steps.

        Steps due at the same moment run in the order of ``stories``.
        """
        queue: list[tuple[dt.datetime, int, _Story]] = []
        for n, make in enumerate(stories):
            story = make(self)
            first = next(story, None)
            if first is not None:
                heapq.heappush(queue, (first, n, story))
        while queue:
            when, n, story = heapq.heappop(queue)
            self.clock.now = when
            following = next(story, None)
            if following is not None:
                if following < when:
                    raise AssertionError(f"demo story {n} goes back in time at {following}")
                heapq.heappush(queue, (following, n, story))
        self._verify()

    def _verify(self) -> None:
        """Every order ended in the status its story meant (else the library changed)."""
        actual = {o.ref: o.status for o in self.staff.orders()}
        wrong = {ref: (status, actual.get(ref)) for ref, status in self.expected.items()
                 if actual.get(ref) != status}
        if wrong:
            raise RuntimeError(f"demo orders not in the intended status (wanted, got): {wrong}")

    def summary(self) -> DemoSummary:
        """The summary, read back from the workshop."""
        orders = list(reversed(self.staff.orders()))
        by_status: dict[str, tuple[str, ...]] = {
            s: tuple(o.ref for o in orders if o.status == s) for s in STATUSES}
        posts = self.staff.posts()
        deliveries = [d.number for o in orders for d in self.staff.status(o.ref).deliveries]
        deliveries.sort(key=lambda number: (number[3:7], number))
        return DemoSummary(
            orders=by_status,
            collectivities=tuple(c.name for c in self.staff.collectivities()),
            posts=tuple(post.code for post in posts),
            trainees=tuple(post.trainee for post in posts if post.trainee),
            items=sum(o.items for o in orders),
            deliveries=tuple(deliveries),
        )

    # -- helpers -----------------------------------------------------------------------------

    def expect(self, ref: str, status: str) -> str:
        """Note the status the story means ``ref`` to end in; returns ``ref``."""
        self.expected[ref] = status
        return ref

    def books(self, prefix: str, formats: Mapping[str, int]) -> list[_Book]:
        """Random books with the collectivity's barcodes (``prefix`` + sequence)."""
        return _draw_books(self.rng, self._barcodes, prefix, formats)

    def file(self, name: str) -> Path:
        """A path in the demo's temporary directory."""
        return self.tmp / name

    @staticmethod
    def crates(barcodes: Sequence[str], size: int = 30) -> list[list[str]]:
        """Barcodes in crates of ``size`` books, as they go from post to post."""
        return [list(barcodes[i:i + size]) for i in range(0, len(barcodes), size)]

    @staticmethod
    def placeholders(ref: str, count: int) -> list[str]:
        """The barcodes :meth:`Workshop.add_placeholders` gives an order's first items."""
        return [f"{ref}-{n:05d}" for n in range(1, count + 1)]

    def record_work(self, ref: str, operation: str, trainee: str,
                    barcodes: Sequence[str] | None = None, **options: Any) -> None:
        """Record work, and note its minutes for the evening's roll call."""
        done = self.staff.record_work(ref, operation, trainee, barcodes, **options)
        self.people.tally(trainee, self.clock.now.date(), done.minutes)
