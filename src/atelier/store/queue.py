"""The workshop's queue as the expected dates read it, kept a few seconds between reads.

Every open order a collectivity reads has its expected date after the work of the
open orders taken before it, any client's: one row per open order of the workshop,
summed from the counters. What that costs grows with the number of open orders
(about 10 µs each), and it was paid on every request of every client (bench B9: a
client's page 1.6× slower in a workshop of 200 open orders than in one of 2). The
queue is therefore read whole once, ranked with running sums
(:class:`~atelier.domain.estimate.RankedWork`), and kept:

- until a unit of work of the same ``Workshop`` commits a write (every act the
  process makes shows at once: a unit of work notes the generation before its
  transaction begins, so a queue read in a transaction that may predate a write is
  never kept as newer than it);
- at most :data:`TTL_SECONDS` (a write by another process — the CLI while the server
  runs — shows within that).

The weekly time of the contracts in force on a day (what the work is divided by) is
kept by the same rules. The expected date is a working-day estimate; a few seconds
of delay on another process's act do not move it in a way a librarian could act on.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:  # a cold CLI call builds a unit of work, never a queue
    from atelier.domain.estimate import RankedWork
    from atelier.domain.tracking import QueuedOrder

#: The longest a queue read is kept (another process's writes show within it).
TTL_SECONDS = 5.0


@attrs.frozen
class KeptQueue:
    """One whole read of the queue: the listed work ranked, the orders with no item
    listed yet, and the digests of their catalogues (so pricing them needs no query)."""

    ranked: RankedWork
    unlisted: tuple[QueuedOrder, ...]
    digests: tuple[tuple[int, str], ...]


class QueueCache:
    """The last queue read by a ``Workshop``'s units of work, and the generation of its
    writes (one per factory: two ``Workshop`` objects share nothing)."""

    def __init__(self, ttl: float = TTL_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self._clock = clock
        self._lock = threading.Lock()
        #: Counts the writes committed; a queue is kept with the count seen before the
        #: transaction that read it began.
        self.generation = 0
        self._kept: tuple[int, float, KeptQueue] | None = None
        #: The weekly time of the contracts in force, for one day (the other half of
        #: what an expected date divides by), kept by the same rules.
        self._weekly: tuple[int, float, dt.date, int] | None = None

    def wrote(self) -> None:
        """A write committed: no queue read before it may be served again."""
        with self._lock:
            self.generation += 1
            self._kept = self._weekly = None

    def _fresh(self, generation: int, taken_at: float) -> bool:
        return generation == self.generation and self._clock() - taken_at <= self.ttl

    def weekly_minutes(self, today: dt.date) -> int | None:
        """The weekly minutes kept for ``today`` (None: to be read)."""
        kept = self._weekly
        if kept is None or kept[2] != today or not self._fresh(kept[0], kept[1]):
            return None
        return kept[3]

    def keep_weekly_minutes(self, generation: int, today: dt.date, minutes: int) -> None:
        """Keep the weekly minutes of ``today``, read in a transaction that began at
        ``generation``."""
        with self._lock:
            if generation == self.generation:
                self._weekly = (generation, self._clock(), today, minutes)

    def get(self) -> KeptQueue | None:
        """The kept queue if no write committed since its transaction began and it is
        younger than the TTL, else None."""
        kept = self._kept
        if kept is None:
            return None
        generation, taken_at, queue = kept
        return queue if self._fresh(generation, taken_at) else None

    def keep(self, generation: int, queue: KeptQueue) -> None:
        """Keep ``queue``, read in a transaction that began at ``generation`` (dropped at
        once if a write committed since)."""
        with self._lock:
            if generation == self.generation:
                self._kept = (generation, self._clock(), queue)
