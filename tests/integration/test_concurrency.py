"""RELIABILITY 4 and 5: no lost update, bounded retries, gapless numbers under concurrency.

Two writers acting on the same tasks or the same order at once: one wins, the
other gets a clear error, never a silent overwrite. The interleaving "both
read, then both write" is forced deterministically:

- on PostgreSQL for real, with two threads: the loser is held between its reads
  and its writes until the winner has committed; its versioned write must then
  match no row and the use case fail with ``Conflict``;
- on SQLite two write transactions cannot overlap (``BEGIN IMMEDIATE`` queues
  them), so the loser's reads are taken in a snapshot before the winner commits
  and handed to its use case: the version check must refuse the write. Through
  ``Workshop`` the loser simply starts after the winner and is refused for the
  work already done.

Two writers whose writes do not overlap but whose decisions depend on each
other (write skew under PostgreSQL's READ COMMITTED) are tested too: finishing
the last two services of an item at once, and cancelling an order while one of
its books is being received.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import psycopg.errors
import pytest
import sqlalchemy as sa

from atelier import AtelierError, Conflict, Contention, FileRejected, Workshop
from atelier.domain.actor import Actor
from atelier.facade.base import RETRIES
from atelier.services import orders as order_cases
from atelier.store import tables as t
from atelier.store.production import SqlItems, SqlTasks
from atelier.store.repositories import SqlOrders
from tests.conftest import Clock, engine_of, qualified_trainee

TIMEOUT = 60


@pytest.fixture
def second(db_url: str, clock: Clock, workshop: Workshop) -> Iterator[Workshop]:
    """Another handle on the same database (another PC, another API worker)."""
    ws = Workshop.open(db_url, actor="Yann (encadrant)", clock=clock)
    yield ws
    ws.close()


def ready_order(ws: Workshop, items: int, *, service: str = "code_barres",
                finish: bool = False) -> tuple[str, list[str]]:
    """An accepted order whose items are received (first operation ready), or finished."""
    client = ws.add_collectivity("Médiathèque de Morlaix", kind="mediatheque")
    ref = ws.create_order(client, [f"{service}:standard={items}"], accepted=True)
    ws.add_placeholders(ref)
    barcodes = [f"{ref}-{n:05d}" for n in range(1, items + 1)]
    assert ws.receive(ref, barcodes).received == tuple(barcodes)
    if finish:
        trainee = trainee_of(ws)
        for op in ws.catalogue().service(service).operations:
            if op.checkpoint:
                ws.check(ref, op.code)
            else:
                ws.record_work(ref, op.code, trainee)
        assert ws.status(ref).items.ready == items
    return ref, barcodes


def trainee_of(ws: Workshop) -> str:
    held = [p.trainee for p in ws.posts() if p.trainee]
    if held:
        return held[0]
    ws.add_post("P1", "Équipement")
    return qualified_trainee(ws, post="P1")


def work_records_on(ws: Workshop, barcodes: list[str], operation: str) -> int:
    """How many work records cover ``operation`` on these items (one per task is right)."""
    k, i, wrt = t.tasks, t.items, t.work_record_tasks
    with engine_of(ws).connect() as conn:
        return int(conn.execute(
            sa.select(sa.func.count()).select_from(wrt)
            .join(k, k.c.id == wrt.c.task_id).join(i, i.c.id == k.c.item_id)
            .where(i.c.barcode.in_(barcodes), k.c.operation == operation)).scalar_one())


def audits(ws: Workshop, action: str) -> int:
    return sum(1 for r in ws.audit(limit=10**6) if r.action == action)


def run_together(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls in threads (``writer-0``, ``writer-1``…) released at the same
    instant; each one's result or exception."""
    barrier = threading.Barrier(len(calls))
    out: list[Any] = [None] * len(calls)

    def run(n: int, call: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            out[n] = call()
        except Exception as exc:  # the loser's error is the point of the test
            out[n] = exc

    threads = [threading.Thread(target=run, args=(n, c), name=f"writer-{n}")
               for n, c in enumerate(calls)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(TIMEOUT)
        assert not th.is_alive(), "a writer hung"
    return out


# -- two writers, the same tasks -------------------------------------------------------------


def test_two_writers_recording_the_same_work_at_once(workshop: Workshop,
                                                     second: Workshop) -> None:
    """Real threads, no help: whatever the timing, one record, and one clear refusal."""
    trainee = trainee_of(workshop)
    for _ in range(4):
        ref, barcodes = ready_order(workshop, 5)
        results = run_together(
            lambda ref=ref, codes=barcodes: workshop.record_work(ref, "apply_barcode",
                                                                 trainee, codes),
            lambda ref=ref, codes=barcodes: second.record_work(ref, "apply_barcode",
                                                               trainee, codes))
        won = [r for r in results if not isinstance(r, Exception)]
        lost = [r for r in results if isinstance(r, Exception)]
        assert len(won) == 1 and len(lost) == 1, results
        # stale write caught, or the loser read after the commit and saw the work done
        assert isinstance(lost[0], Conflict | FileRejected), repr(lost[0])
        assert won[0].tasks == 5
        assert work_records_on(workshop, barcodes, "apply_barcode") == 5
        assert [r.action for r in workshop.audit(entity="order", key=ref)
                if r.action == "work.record"] == ["work.record"]
        status = workshop.status(ref)
        assert status.services[0].tasks_done == 5


def pause_in_first_call(monkeypatch: pytest.MonkeyPatch, cls: type, name: str,
                        pause: Callable[[], None]) -> list[str]:
    """Patch ``cls.name`` so that each writer thread's first call (its first attempt)
    runs ``pause`` after the real call. Returns the names of the threads that called
    it, one entry per call (so retries show)."""
    original = getattr(cls, name)
    callers: list[str] = []

    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        me = threading.current_thread().name
        first = me.startswith("writer-") and me not in callers
        callers.append(me)
        result = original(self, *args, **kwargs)
        if first:
            pause()
        return result

    monkeypatch.setattr(cls, name, wrapper)
    return callers


READS = {"scanned": "for_barcodes", "every ready": "workable"}


@pytest.mark.parametrize("scan", ["scanned", "every ready"])
def test_stale_work_is_refused_with_conflict(db_url: str, workshop: Workshop, second: Workshop,
                                             monkeypatch: pytest.MonkeyPatch,
                                             scan: str) -> None:
    """Both read the ready tasks, the winner writes first: the loser's write is refused.

    On PostgreSQL the race on every ready book is run for real. Otherwise what the
    loser would have read before the winner's commit is handed to it: SQLite's writers
    cannot overlap, and whether scanned books are read under a lock is the store's
    choice; either way the version check in the write is the safety net.
    """
    trainee = trainee_of(workshop)
    # The winner is another trainee: two acts of one trainee queue on the trainee's row
    # (their day's hours), so the race on the tasks is between two people's work.
    other = qualified_trainee(workshop)
    ref, barcodes = ready_order(workshop, 6)
    codes = barcodes if scan == "scanned" else None

    def winner() -> None:
        workshop.record_work(ref, "apply_barcode", other, barcodes[:3] + barcodes[4:])

    if db_url.startswith("postgresql") and scan == "every ready":
        loser_read, winner_done = threading.Event(), threading.Event()

        def hold_loser() -> None:
            if threading.current_thread().name == "writer-0":
                loser_read.set()
                assert winner_done.wait(TIMEOUT)

        def winner_after_loser_read() -> None:
            assert loser_read.wait(TIMEOUT)
            try:
                winner()
            finally:
                winner_done.set()

        reads = pause_in_first_call(monkeypatch, SqlTasks, "workable", hold_loser)
        lost, won = run_together(
            lambda: second.record_work(ref, "apply_barcode", trainee, codes),
            winner_after_loser_read)
        assert won is None and reads == ["writer-0"], (won, reads)  # a Conflict is not retried
    else:
        with second.units(write=False) as uow:
            order = uow.orders.get(ref)
            stale = (uow.tasks.for_barcodes(order.id, barcodes, "apply_barcode")
                     if scan == "scanned" else uow.tasks.workable(order.id, "apply_barcode"))
        winner()
        monkeypatch.setattr(SqlTasks, READS[scan], lambda *_a, **_k: stale)
        try:
            lost = second.record_work(ref, "apply_barcode", trainee, codes)
        except AtelierError as exc:
            lost = exc
        monkeypatch.undo()
    assert isinstance(lost, Conflict) and lost.code == "stale_write", repr(lost)
    # only the winner's five tasks carry work; the sixth is still to do, untouched
    assert work_records_on(workshop, barcodes, "apply_barcode") == 5
    assert audits(workshop, "work.record") == 1
    with engine_of(workshop).connect() as conn:
        records = conn.execute(sa.select(t.work_records.c.task_count)).scalars().all()
    assert records == [5]
    status = workshop.status(ref)
    assert status.services[0].tasks_done == 5
    # five wait for their check; the sixth was not touched
    assert (status.items.received, status.items.in_workshop) == (1, 5)
    # the loser reloads and records what is left
    assert second.record_work(ref, "apply_barcode", trainee, barcodes[3:4]).tasks == 1


def test_a_second_writer_on_the_same_books_while_the_first_is_at_work(
        workshop: Workshop, second: Workshop, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first writer has read the books and pauses before writing; the second scans
    the same books meanwhile. One records the work, the other is refused: it waited and
    saw the work done, or its write over the other's was caught."""
    trainee = trainee_of(workshop)
    ref, barcodes = ready_order(workshop, 6)
    first_read = threading.Event()

    def hold_first() -> None:
        if threading.current_thread().name == "writer-0":
            first_read.set()
            time.sleep(0.3)  # the second writer arrives meanwhile

    def then_second() -> Any:
        assert first_read.wait(TIMEOUT)
        return second.record_work(ref, "apply_barcode", trainee, barcodes)

    pause_in_first_call(monkeypatch, SqlTasks, "for_barcodes", hold_first)
    results = run_together(
        lambda: workshop.record_work(ref, "apply_barcode", trainee, barcodes[:5]), then_second)
    won = [r for r in results if not isinstance(r, Exception)]
    lost = [r for r in results if isinstance(r, Exception)]
    assert len(won) == 1 and len(lost) == 1, results
    assert isinstance(lost[0], FileRejected | Conflict), repr(lost[0])
    if isinstance(lost[0], FileRejected):  # it saw the other's work done, book by book
        assert all("done" in p.reason for p in lost[0].problems)
    tasks = won[0].tasks
    assert tasks in (5, 6)
    assert work_records_on(workshop, barcodes, "apply_barcode") == tasks
    assert audits(workshop, "work.record") == 1


@pytest.mark.parametrize("scan", ["scanned", "every ready"])
def test_finishing_two_services_of_a_book_at_once_makes_it_ready(
        db_url: str, workshop: Workshop, second: Workshop,
        monkeypatch: pytest.MonkeyPatch, scan: str) -> None:
    """Write skew: each writer finishes one service and looks whether the book has work
    left; each must not miss the other's (uncommitted) last step."""
    trainee = trainee_of(workshop)
    client = workshop.add_collectivity("École Jean Moulin", kind="school")
    ref = workshop.create_order(client, ["estampille:standard=1", "code_barres:standard=1"],
                                accepted=True)
    workshop.add_placeholders(ref)
    book = f"{ref}-00001"
    workshop.receive(ref, [book])
    workshop.record_work(ref, "stamp_title", trainee, [book])
    workshop.record_work(ref, "apply_barcode", trainee, [book])
    # left: stamp_edge (estampille) and the check (code_barres), the last of each
    codes = [book] if scan == "scanned" else None
    if db_url.startswith("postgresql"):
        # both have marked their task done (uncommitted) before either looks at the book;
        # if the store makes one wait for the other before that, it goes on after a while
        both_worked = threading.Barrier(2, timeout=3)

        def meet() -> None:
            with contextlib.suppress(threading.BrokenBarrierError):
                both_worked.wait()

        pause_in_first_call(monkeypatch, SqlTasks, "release_next", meet)
    results = run_together(lambda: workshop.record_work(ref, "stamp_edge", trainee, codes),
                           lambda: second.check(ref, "check", codes))
    assert not any(isinstance(r, Exception) for r in results), results
    status = workshop.status(ref)
    assert [(s.tasks_done, s.tasks_total) for s in status.services] == [(2, 2), (2, 2)]
    assert status.items.ready == 1, status.items  # not left "in workshop" with nothing to do
    assert sum(r.items_ready for r in results) == 1
    assert workshop.deliver(ref).barcodes == (book,)


# -- two writers, the same order ---------------------------------------------------------------


def test_accept_and_cancel_with_the_same_version(workshop: Workshop, second: Workshop) -> None:
    client = workshop.add_collectivity("Mairie de Landerneau", kind="town_hall")
    ref = workshop.create_order(client, ["couvrage:standard=4"])
    version = workshop.status(ref).version
    assert second.status(ref).version == version
    workshop.accept(ref, expected_version=version)
    with pytest.raises(Conflict) as err:
        second.cancel(ref, "plus de budget", expected_version=version)
    assert err.value.code == "order_changed"
    status = workshop.status(ref)
    assert (status.state, status.version) == ("accepted", version + 1)
    assert [r.action for r in workshop.audit(entity="order", key=ref)] == [
        "order.accept", "order.create"]


def test_accept_and_cancel_at_once(workshop: Workshop, second: Workshop) -> None:
    client = workshop.add_collectivity("Mairie de Landerneau", kind="town_hall")
    for _ in range(4):
        ref = workshop.create_order(client, ["couvrage:standard=4"])
        version = workshop.status(ref).version
        results = run_together(
            lambda ref=ref, v=version: workshop.accept(ref, expected_version=v),
            lambda ref=ref, v=version: second.cancel(ref, "plus de budget", expected_version=v))
        lost = [r for r in results if isinstance(r, Exception)]
        assert len(lost) == 1 and isinstance(lost[0], Conflict), results
        status = workshop.status(ref)
        winner = "accepted" if results[0] is None else "cancelled"
        assert (status.state, status.version) == (winner, version + 1)
        acts = [r.action for r in workshop.audit(entity="order", key=ref)]
        assert acts == ["order.accept" if winner == "accepted" else "order.cancel",
                        "order.create"]


def test_stale_cancel_is_refused(workshop: Workshop, second: Workshop, clock: Clock) -> None:
    """Both read version 1; the accept commits first; the cancel's write must not land.

    The cancel locks the order when it reads it (PostgreSQL), so it cannot really read
    before an accept that commits first: its read is handed to it, as SQLite would if
    its writers could overlap. The version check in the write is the safety net.
    """
    client = workshop.add_collectivity("Mairie de Landerneau", kind="town_hall")
    ref = workshop.create_order(client, ["couvrage:standard=4"])
    loser = Actor("Yann (encadrant)", "library")
    with second.units(write=False) as uow:
        stale = uow.orders.get(ref)
    workshop.accept(ref, expected_version=1)
    with pytest.raises(Conflict) as err, second.units(write=True) as uow:
        uow.orders.get = lambda _ref, **_kw: stale  # type: ignore[method-assign]
        order_cases.cancel_order(uow, loser, ref, "plus de budget", clock(),
                                 expected_version=1)
    assert err.value.code == "stale_write"
    status = workshop.status(ref)
    assert (status.state, status.version) == ("accepted", 2)
    assert [r.action for r in workshop.audit(entity="order", key=ref)] == [
        "order.accept", "order.create"]


def test_cancelling_while_a_book_is_received_never_leaves_a_cancelled_order_holding_it(
        db_url: str, workshop: Workshop, second: Workshop,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Write skew: the cancel saw no book in the workshop; meanwhile one was received."""
    client = workshop.add_collectivity("Mairie de Landerneau", kind="town_hall")
    ref = workshop.create_order(client, ["couvrage:standard=2"], accepted=True)
    workshop.add_placeholders(ref)
    counted, received = threading.Event(), threading.Event()

    def cancel() -> None:
        workshop.cancel(ref, "plus de budget")

    def receive() -> Any:
        if db_url.startswith("postgresql"):
            assert counted.wait(TIMEOUT)
        try:
            return second.receive(ref, [f"{ref}-00001"])
        finally:
            received.set()

    if db_url.startswith("postgresql"):
        def hold_cancel() -> None:
            # the cancel has counted no book held; let the reception run meanwhile (it
            # lands in this gap unless the order is locked, then it waits for us)
            counted.set()
            received.wait(1.0)

        pause_in_first_call(monkeypatch, SqlItems, "counts", hold_cancel)
    cancelled, got = run_together(cancel, receive)
    status = workshop.status(ref)
    if status.state == "cancelled":  # the cancel won: nothing was received
        assert cancelled is None and isinstance(got, AtelierError), got
        assert status.items.in_custody == 0
    else:  # the reception won: the cancel is refused for the book it now holds
        assert got.received == (f"{ref}-00001",), got
        assert isinstance(cancelled, AtelierError), cancelled
        assert cancelled.code == "order_has_items"
        assert (status.items.received, status.items.expected) == (1, 1)
    if db_url.startswith("postgresql"):  # the reception waited for the cancel
        assert status.state == "cancelled" and got.code == "order_cancelled", got


# -- retries of serialization failures -----------------------------------------------------------


def _pg_error(kind: type[psycopg.errors.Error]) -> sa.exc.OperationalError:
    """What SQLAlchemy raises when PostgreSQL aborts a transaction with this error."""
    return sa.exc.OperationalError("UPDATE orders …", {}, kind("could not serialize access"))


@pytest.mark.parametrize("kind", [psycopg.errors.SerializationFailure,
                                  psycopg.errors.DeadlockDetected])
def test_serialization_failures_are_retried_a_bounded_number_of_times(
        workshop: Workshop, monkeypatch: pytest.MonkeyPatch,
        kind: type[psycopg.errors.Error]) -> None:
    client = workshop.add_collectivity("Mairie de Landerneau", kind="town_hall")
    ref = workshop.create_order(client, ["couvrage:standard=4"])
    original = SqlOrders.set_state
    calls: list[int] = []
    failures = {"left": 2}

    def flaky(self: SqlOrders, *args: Any, **kwargs: Any) -> None:
        calls.append(1)
        original(self, *args, **kwargs)  # the write happens, then the transaction dies
        if failures["left"]:
            failures["left"] -= 1
            raise _pg_error(kind)

    monkeypatch.setattr(SqlOrders, "set_state", flaky)
    workshop.accept(ref, expected_version=1)
    assert len(calls) == 3  # two failures, then the attempt that lands
    status = workshop.status(ref)
    assert (status.state, status.version) == ("accepted", 2)  # landed once, not three times
    assert [r.action for r in workshop.audit(entity="order", key=ref)] == [
        "order.accept", "order.create"]

    # always failing: RETRIES re-runs, then the library's Contention comes out (caused by
    # the database's error); nothing landed
    ref2 = workshop.create_order(client, ["couvrage:standard=4"])
    calls.clear()
    failures["left"] = 10**6
    with pytest.raises(Contention) as err:
        workshop.accept(ref2)
    cause = err.value.__cause__
    assert isinstance(cause, sa.exc.OperationalError) and isinstance(cause.orig, kind)
    assert len(calls) == RETRIES + 1
    assert workshop.status(ref2).state == "quote"
    assert [r.action for r in workshop.audit(entity="order", key=ref2)] == ["order.create"]


def test_other_database_errors_are_not_retried(workshop: Workshop,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    client = workshop.add_collectivity("Mairie de Landerneau", kind="town_hall")
    ref = workshop.create_order(client, ["couvrage:standard=4"])
    calls: list[int] = []

    def broken(self: SqlOrders, *args: Any, **kwargs: Any) -> None:
        calls.append(1)
        raise sa.exc.OperationalError("UPDATE orders …", {},
                                      psycopg.errors.DiskFull("no space left on device"))

    monkeypatch.setattr(SqlOrders, "set_state", broken)
    with pytest.raises(sa.exc.OperationalError):
        workshop.accept(ref)
    assert len(calls) == 1
    assert workshop.status(ref).state == "quote"


# -- gapless delivery-note numbers ------------------------------------------------------------


def test_delivery_numbers_from_parallel_writers_have_no_gap(
        db_url: str, workshop: Workshop, clock: Clock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    writers, per_writer, doomed_per_writer = 4, 10, 3
    orders = [ready_order(workshop, per_writer, finish=True) for _ in range(writers)]
    doomed_ref, doomed = ready_order(workshop, writers * doomed_per_writer, finish=True)

    # A delivery of a "doomed" book fails after it has taken its number: the
    # transaction rolls back, and the number must come back to the sequence.
    original_move = SqlItems.move
    taken_then_failed: list[str] = []

    def move(self: SqlItems, items: Any, target: str, **kwargs: Any) -> None:
        if target == "returned" and any(i.barcode in doomed for i in items):
            taken_then_failed.append(items[0].barcode)
            raise RuntimeError("the printer caught fire")
        original_move(self, items, target, **kwargs)

    monkeypatch.setattr(SqlItems, "move", move)
    handles = [Workshop.open(db_url, actor=f"Poste {n}", clock=clock) for n in range(writers)]
    results: list[list[str]] = [[] for _ in range(writers)]
    failures: list[list[BaseException]] = [[] for _ in range(writers)]
    unexpected: list[BaseException] = []
    barrier = threading.Barrier(writers)

    def writer(n: int) -> None:
        ref, barcodes = orders[n]
        mine = doomed[n * doomed_per_writer:(n + 1) * doomed_per_writer]
        barrier.wait()
        try:
            for k, barcode in enumerate(barcodes):
                results[n].append(handles[n].deliver(ref, [barcode]).number)
                if k % 3 == 0 and mine:
                    try:
                        handles[n].deliver(doomed_ref, [mine.pop()])
                    except RuntimeError as exc:
                        failures[n].append(exc)
        except Exception as exc:
            unexpected.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    try:
        for th in threads:
            th.start()
        for th in threads:
            th.join(TIMEOUT)
            assert not th.is_alive(), "a writer hung"
    finally:
        for h in handles:
            h.close()

    total = writers * per_writer
    assert unexpected == []
    assert sum(len(f) for f in failures) == len(taken_then_failed) == writers * doomed_per_writer
    numbers = sorted(n for r in results for n in r)
    year = clock().year
    assert numbers == [f"BL-{year}-{s:04d}" for s in range(1, total + 1)]
    assert all(r == sorted(r) for r in results)  # each writer's notes in increasing order
    with engine_of(workshop).connect() as conn:
        stored = conn.execute(sa.select(t.deliveries.c.year, t.deliveries.c.seq,
                                        t.deliveries.c.number)
                              .order_by(t.deliveries.c.seq)).all()
        counter = conn.execute(sa.select(t.counters.c.value).where(
            t.counters.c.name == "delivery", t.counters.c.year == year)).scalar_one()
    assert [tuple(r) for r in stored] == [(year, s, f"BL-{year}-{s:04d}")
                                          for s in range(1, total + 1)]
    assert counter == total
    for ref, _ in orders:
        status = workshop.status(ref)
        assert status.items.returned == per_writer and len(status.deliveries) == per_writer
        assert all(d.items == 1 for d in status.deliveries)
    assert workshop.status(doomed_ref).items.ready == len(doomed)  # nothing of them left
    assert audits(workshop, "delivery.create") == total
    # once the printer is mended, the sequence goes on from there
    monkeypatch.undo()
    assert workshop.deliver(doomed_ref, doomed[:1]).number == f"BL-{year}-{total + 1:04d}"


def test_order_references_from_parallel_writers_have_no_gap(
        db_url: str, workshop: Workshop, clock: Clock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The same for order references (``CMD-YEAR-NNNN``), with orders that fail after
    taking their number (here: a purchase-order reference the store refuses)."""
    writers, per_writer = 4, 6
    client = workshop.add_collectivity("Mairie de Brest", kind="town_hall")
    original_add = SqlOrders.add

    def add(self: SqlOrders, order: Any, public_id: str) -> int:
        if order.purchase_order == "REFUSÉ":
            raise RuntimeError("the store refused it after the number was taken")
        return original_add(self, order, public_id)

    monkeypatch.setattr(SqlOrders, "add", add)
    handles = [Workshop.open(db_url, actor=f"Poste {n}", clock=clock) for n in range(writers)]
    refs: list[list[str]] = [[] for _ in range(writers)]
    failed: list[int] = []
    unexpected: list[BaseException] = []
    barrier = threading.Barrier(writers)

    def writer(n: int) -> None:
        barrier.wait()
        try:
            for k in range(per_writer):
                refs[n].append(handles[n].create_order(client, ["couvrage:standard=3"]))
                try:
                    handles[n].create_order(client, ["couvrage:standard=3"],
                                            purchase_order="REFUSÉ" if k % 2 else None)
                    failed.append(0)  # an order that landed: counted below
                except RuntimeError:
                    failed.append(1)
        except Exception as exc:
            unexpected.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    try:
        for th in threads:
            th.start()
        for th in threads:
            th.join(TIMEOUT)
            assert not th.is_alive(), "a writer hung"
    finally:
        for h in handles:
            h.close()
    assert unexpected == []
    assert sum(failed) == writers * per_writer // 2
    landed = writers * per_writer * 2 - sum(failed)
    year = clock().year
    assert sorted(o.ref for o in workshop.orders()) == [
        f"CMD-{year}-{s:04d}" for s in range(1, landed + 1)]
