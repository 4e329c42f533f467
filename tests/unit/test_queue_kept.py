"""The workshop's queue, ranked once with running sums and kept between reads
(:class:`atelier.domain.estimate.RankedWork`, :class:`atelier.store.queue.QueueCache`)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from atelier.domain.estimate import RankedWork, minutes_ahead
from atelier.store.queue import KeptQueue, QueueCache

_due = st.none() | st.dates(dt.date(2026, 1, 1), dt.date(2026, 1, 20))
_work = st.lists(st.tuples(st.integers(1, 40), _due, st.integers(0, 500), st.integers(0, 50)),
                 unique_by=lambda w: w[0], max_size=30)


@given(_work, st.integers(1, 45), _due)
def test_the_work_ahead_is_the_sum_over_the_orders_taken_before(
        work: list[tuple[int, dt.date | None, int, int]], order_id: int,
        due: dt.date | None) -> None:
    # The rule's own statement (minutes_ahead walks every order) is the reference; the
    # order read may be in the queue (itself excluded) or not.
    mine = next(((i, d) for i, d, _m, _n in work if i == order_id), (order_id, due))
    minutes = [(i, d, m) for i, d, m, _n in work]
    documents = [(i, d, n) for i, d, _m, n in work]
    assert RankedWork.of(work).ahead(*mine) == (minutes_ahead(*mine, minutes),
                                                minutes_ahead(*mine, documents))


def test_an_empty_queue_has_nothing_ahead() -> None:
    assert RankedWork.of([]).ahead(7, None) == (0, 0)
    assert RankedWork().ahead(7, dt.date(2026, 1, 1)) == (0, 0)


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _kept(minutes: int) -> KeptQueue:
    return KeptQueue(ranked=RankedWork.of([(1, None, minutes, 1)]), unlisted=(),
                     digests=((1, "abc"),))


def test_a_queue_is_served_until_a_write_commits() -> None:
    cache = QueueCache(clock=_Clock())
    assert cache.get() is None
    read_at = cache.generation
    cache.keep(read_at, _kept(10))
    found = cache.get()
    assert found is not None and found.ranked.ahead(2, None) == (10, 1)
    cache.wrote()
    assert cache.get() is None


def test_a_queue_read_before_a_write_is_never_kept() -> None:
    cache = QueueCache(clock=_Clock())
    began = cache.generation  # a reader's transaction begins…
    cache.wrote()             # …a writer commits before the reader keeps its queue
    cache.keep(began, _kept(10))
    assert cache.get() is None
    cache.keep(cache.generation, _kept(20))
    found = cache.get()
    assert found is not None and found.ranked.ahead(2, None) == (20, 1)


def test_a_queue_is_served_at_most_its_ttl() -> None:
    clock = _Clock()
    cache = QueueCache(ttl=5.0, clock=clock)
    cache.keep(cache.generation, _kept(10))
    clock.now += 5.0
    assert cache.get() is not None
    clock.now += 0.01
    assert cache.get() is None
