"""RELIABILITY 1 and 12: the lifecycle as a Hypothesis state machine over ``Workshop``.

Random sequences of every production act (create, accept, import, placeholders,
receive, record work, quality checks, missing/refused, deliver, cancel) run
against a real database and, side by side, against a plain-Python model of
every order, item custody and task status. The model predicts, for each call,
whether it succeeds (and with what result) or is refused (and then nothing
changes). After every step the database is compared with the model:

- custody balance (DOMAIN rule 3), counted by the database and by the model;
- no task done on an item never received, no returned item with unfinished work;
- custody counts, task statuses, versions and deliveries equal the model's;
- the order's total is the sum of quantity × frozen unit price of its lines;
- the derived status (both read paths: ``status`` and ``orders``) is the expected one;
- every counter (custody counters, deliveries' item counts, the lines' progress
  counters) equals a recount from the rows;
- audit completeness: a call that changes state adds exactly one audit record
  (with the expected action), a refused call or a no-op adds none.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from atelier import (
    AtelierError,
    Conflict,
    FileRejected,
    InvalidInput,
    NotFound,
    RuleViolation,
    Workshop,
)
from atelier.domain.item import CustodyCounts
from atelier.importing.catalogue import default_catalogue
from atelier.store import tables as t
from tests.conftest import (
    BACKENDS,
    DATABASES,
    engine_of,
    make_siret,
    qualified_trainee,
    reset_postgres,
)

E = TypeVar("E", bound=AtelierError)
CATALOGUE = default_catalogue()
YEAR = 2026
NOW = dt.datetime(YEAR, 3, 2, 9, 0)
#: Every (service, format) the catalogue prices: what an order line may ask for.
PAIRS = [(s.code, f) for s in CATALOGUE.services for f in s.formats]
FORMATS = list(CATALOGUE.format_codes)
DEFECTS = list(CATALOGUE.defect_codes)
ALL_OPS = sorted(CATALOGUE.operation_codes())
WORKABLE = {"ready", "in_progress", "failed"}
CLOSED = {"done", "cancelled"}
MAX_ORDERS = 4
#: Booleans true about one time in six / one in four (``st.integers`` favours its bounds).
RARELY = st.sampled_from([False] * 5 + [True])
SOMETIMES = st.sampled_from([False] * 3 + [True])
#: A line's quantity: mostly a few books, sometimes past a price break.
QUANTITY = st.integers(1, 4) | st.sampled_from([20, 50, 100, 500, 2000])
#: 1 to 3 distinct order lines: (service, format) and quantity.
LINES = st.lists(st.tuples(st.sampled_from(PAIRS), QUANTITY), min_size=1, max_size=3,
                 unique_by=lambda x: x[0])
#: Lines of services with short routings (at most 3 operations), so that the first
#: order of a run often gets as far as delivery within a few steps.
SHORT_LINES = st.lists(
    st.tuples(st.sampled_from([(s, f) for s, f in PAIRS
                               if len(CATALOGUE.service(s).operations) <= 3]),
              st.integers(1, 3)), min_size=1, max_size=2, unique_by=lambda x: x[0])
MAX_ITEMS = 24

# custody moves allowed to missing / refused (DOMAIN: custody states)
MAY_GO_MISSING = {"expected", "received", "in_workshop", "ready"}
MAY_BE_REFUSED = {"received", "in_workshop"}


def unit_cents(service: str, fmt: str, quantity: int) -> int:
    """The catalogue's price for a line: the highest break not above the quantity."""
    breaks = CATALOGUE.service(service).prices[fmt]
    return [b.unit_cents for b in breaks if b.min_quantity <= quantity][-1]


def op_seconds(service: str, op: str) -> int:
    return round(CATALOGUE.service(service).operation(op).standard_minutes * 60)


# -- the model ------------------------------------------------------------------------------


@dataclass
class MTask:
    line_no: int
    service: str
    seq: int
    op: str
    checkpoint: bool
    status: str = "pending"


@dataclass
class MItem:
    barcode: str
    fmt: str
    tasks: list[MTask]
    custody: str = "expected"
    received: bool = False

    def open_tasks(self) -> int:
        return sum(1 for k in self.tasks if k.status not in CLOSED)


@dataclass
class MLine:
    line_no: int
    service: str
    fmt: str
    quantity: int
    unit_cents: int


@dataclass
class MOrder:
    ref: str
    state: str
    lines: list[MLine]
    items: dict[str, MItem] = field(default_factory=dict)
    deliveries: int = 0
    version: int = 1
    digests: dict[str, Path] = field(default_factory=dict)

    @property
    def max_quantity(self) -> int:
        return max(ln.quantity for ln in self.lines)

    @property
    def formats(self) -> list[str]:
        return list(dict.fromkeys(ln.fmt for ln in self.lines))

    @property
    def ops(self) -> list[str]:
        return sorted({op.code for ln in self.lines
                       for op in CATALOGUE.service(ln.service).operations})

    def new_item(self, barcode: str, fmt: str) -> MItem:
        tasks = [MTask(ln.line_no, ln.service, seq, op.code, op.checkpoint)
                 for ln in self.lines if ln.fmt == fmt
                 for seq, op in enumerate(CATALOGUE.service(ln.service).operations, start=1)]
        return MItem(barcode, fmt, tasks)

    def counts(self) -> CustodyCounts:
        by: dict[str, int] = {}
        for it in self.items.values():
            by[it.custody] = by.get(it.custody, 0) + 1
        return CustodyCounts.from_mapping(
            by, sum(it.received for it in self.items.values()),
            sum(it.received for it in self.items.values() if it.custody == "missing"))

    def expected_status(self) -> str:
        """DOMAIN rule 2, as documented in ``derive_status``."""
        if self.state in ("quote", "cancelled"):
            return self.state
        c = self.counts()
        held = c.received + c.in_workshop + c.ready
        if c.total and c.expected + held == 0:
            return "closed"
        if self.deliveries:
            return "delivered" if held == 0 else "partially_delivered"
        if held == 0:
            return "accepted"
        if c.ready and c.expected == 0 and c.received == 0 and c.in_workshop == 0:
            return "ready"
        return "in_progress"

    def workable(self, op: str) -> list[tuple[MItem, MTask]]:
        return [(it, k) for it in self.items.values() for k in it.tasks
                if k.op == op and k.status in WORKABLE]


def dedupe(codes: list[str]) -> tuple[list[str], tuple[str, ...]]:
    seen: dict[str, None] = {}
    repeated: list[str] = []
    for c in codes:
        if c in seen:
            repeated.append(c)
        seen[c] = None
    return list(seen), tuple(dict.fromkeys(repeated))


# -- the machine ----------------------------------------------------------------------------


class LifecycleMachine(RuleBasedStateMachine):
    """Subclassed per backend with ``new_database`` set (see :func:`machine_for`)."""

    new_database: Callable[[], tuple[str, Callable[[], None]]]

    def __init__(self) -> None:
        super().__init__()
        self.url, self._cleanup = type(self).new_database()
        self.files = Path(tempfile.mkdtemp(prefix="atelier-sm-"))
        self.ws = Workshop.open(self.url, actor="Claire (encadrante)", clock=lambda: NOW)
        self.ws.init()
        self.client = self.ws.add_collectivity("Médiathèque de Brest", kind="mediatheque",
                                               siret=make_siret())
        self.ws.add_post("P1", "Couvrage 1")
        self.trainee = qualified_trainee(self.ws, post="P1")
        # A second trainee still learning: levels drawn by the machine, so work is
        # let through, supervised or refused by the skill gate (DOMAIN rule 1).
        self.learner = self.ws.add_trainee(contract="cep", weekly_hours=24,
                                           start=NOW.date())
        self.levels: dict[str, int] = {}
        self.orders: dict[str, MOrder] = {}
        self.order_seq = 0
        self.delivery_seq = 0
        self.serial = 0
        self.audit_count = len(self.ws.audit(limit=10**6))
        assert list(self.ws.catalogue().defect_codes) == DEFECTS

    def teardown(self) -> None:
        self.ws.close()
        shutil.rmtree(self.files, ignore_errors=True)
        self._cleanup()

    # -- helpers ------------------------------------------------------------------------

    def fresh(self, prefix: str) -> str:
        self.serial += 1
        return f"{prefix}{self.serial:05d}"

    def all_barcodes(self) -> list[str]:
        return sorted(b for o in self.orders.values() for b in o.items)

    def pick_order(self, data: st.DataObject) -> MOrder:
        """Any order, though mostly one that is neither cancelled nor closed."""
        everything = sorted(self.orders)
        live = [ref for ref in everything if self.orders[ref].state != "cancelled"
                and self.orders[ref].expected_status() != "closed"]
        pool = data.draw(st.sampled_from([p for p in (live, live, live, everything) if p]))
        return self.orders[data.draw(st.sampled_from(pool), label="order")]

    def draw_barcodes(self, data: st.DataObject, o: MOrder, preferred: list[str],
                      *, min_size: int = 1) -> list[str]:
        """Barcodes to scan: mostly ``preferred``, sometimes any of the order, of another
        order, unknown ones, and repeats."""
        pools = [p for p in (preferred, preferred, preferred, sorted(o.items),
                             self.all_barcodes()) if p]
        picks: list[str] = []
        if pools:
            pool = data.draw(st.sampled_from(pools), label="pool")
            picks = data.draw(st.lists(st.sampled_from(pool), min_size=min_size, max_size=6),
                              label="barcodes")
        if data.draw(RARELY, label="unknown?") or (min_size and not picks):
            picks.append(self.fresh("UNK-"))
        if picks and data.draw(RARELY, label="repeat?"):
            picks.append(picks[0])
        return picks

    @contextmanager
    def refused(self, kind: type[E] = AtelierError) -> Iterator[pytest.ExceptionInfo[E]]:  # type: ignore[assignment]
        """The call must raise ``kind`` and leave no audit record."""
        with pytest.raises(kind) as err:
            yield err
        event(f"refused: {type(err.value).__name__} {err.value.code}")
        assert len(self.ws.audit(limit=10**6)) == self.audit_count, "a refused call audited"

    def audited(self, action: str, key: str) -> None:
        """The call changed state: exactly one new audit record, for this act."""
        records = self.ws.audit(limit=10**6)
        assert len(records) == self.audit_count + 1, (len(records), self.audit_count)
        self.audit_count += 1
        event(f"done: {action}")
        assert (records[0].action, records[0].entity_key) == (action, key)
        assert records[0].actor == "Claire (encadrante)"

    def not_audited(self, what: str) -> None:
        assert len(self.ws.audit(limit=10**6)) == self.audit_count
        event(f"no-op: {what}")

    def settle(self, items: list[MItem]) -> int:
        ready = 0
        for it in items:
            if it.open_tasks() == 0 and it.custody in ("received", "in_workshop"):
                it.custody = "ready"
                ready += 1
            elif it.open_tasks() > 0 and it.custody == "received":
                it.custody = "in_workshop"
        return ready

    def tasks_for(self, o: MOrder, op: str, scanned: list[str] | None, service: str | None
                  ) -> tuple[list[tuple[MItem, MTask]] | None, type[AtelierError] | None]:
        """The tasks ``_tasks_for`` would take, or the error it would raise."""
        if service is not None and service not in {ln.service for ln in o.lines}:
            return None, InvalidInput
        if scanned is None:
            found = [(it, k) for it, k in o.workable(op) if service in (None, k.service)]
            return (found, None) if found else (None, RuleViolation)
        if not scanned:
            return None, InvalidInput
        if any(b not in o.items for b in scanned):
            return None, FileRejected
        out: list[tuple[MItem, MTask]] = []
        for b in scanned:
            it = o.items[b]
            mine = [k for k in it.tasks if k.op == op and service in (None, k.service)]
            workable = [k for k in mine if k.status in WORKABLE]
            if not workable:
                return None, FileRejected
            out.extend((it, k) for k in workable)
        return out, None

    def release_next(self, done: list[tuple[MItem, MTask]]) -> None:
        for it, k in done:
            for nxt in it.tasks:
                if (nxt.line_no, nxt.seq) == (k.line_no, k.seq + 1) and nxt.status == "pending":
                    nxt.status = "ready"

    def draw_op(self, data: st.DataObject, o: MOrder, *, checkpoint: bool) -> str:
        ops = o.ops or ALL_OPS
        busy = sorted({k.op for it in o.items.values() for k in it.tasks
                       if k.status in WORKABLE and k.checkpoint == checkpoint})
        pools = [p for p in (busy, ops, ALL_OPS) if p]
        return data.draw(st.sampled_from(data.draw(st.sampled_from(pools))), label="operation")

    def draw_scan(self, data: st.DataObject, o: MOrder, op: str) -> list[str] | None:
        if data.draw(SOMETIMES, label="all ready?"):
            return None
        ready = sorted({it.barcode for it, _ in o.workable(op)})
        return self.draw_barcodes(data, o, ready)

    # -- the acts: each predicts the outcome, calls the workshop, updates the model ------------

    def do_create(self, wanted: list[tuple[tuple[str, str], int]], accepted: bool) -> None:
        specs = [f"{s}:{f}={q}" for (s, f), q in wanted]
        if len({pair for pair, _ in wanted}) < len(wanted):
            with self.refused(InvalidInput):
                self.ws.create_order(self.client, specs, accepted=accepted)
            return
        ref = self.ws.create_order(self.client, specs, accepted=accepted)
        self.order_seq += 1
        assert ref == f"CMD-{YEAR}-{self.order_seq:04d}"
        self.orders[ref] = MOrder(ref, "accepted" if accepted else "quote", [
            MLine(n, s, f, q, unit_cents(s, f, q)) for n, ((s, f), q) in enumerate(wanted, 1)])
        self.audited("order.create", ref)

    def do_accept(self, o: MOrder, version: int | None) -> None:
        if version is not None and version != o.version:
            with self.refused(Conflict):
                self.ws.accept(o.ref, expected_version=version)
        elif o.state != "quote":
            with self.refused(RuleViolation):
                self.ws.accept(o.ref, expected_version=version)
        else:
            self.ws.accept(o.ref, expected_version=version)
            o.state, o.version = "accepted", o.version + 1
            self.audited("order.accept", o.ref)

    def do_cancel(self, o: MOrder, reason: str, version: int | None) -> None:
        c = o.counts()
        if version is not None and version != o.version:
            with self.refused(Conflict):
                self.ws.cancel(o.ref, reason, expected_version=version)
        elif not reason.strip():
            with self.refused(InvalidInput):
                self.ws.cancel(o.ref, reason, expected_version=version)
        elif o.state == "cancelled" or c.received + c.in_workshop + c.ready + c.returned:
            with self.refused(RuleViolation):
                self.ws.cancel(o.ref, reason, expected_version=version)
        else:
            self.ws.cancel(o.ref, reason, expected_version=version)
            o.state, o.version = "cancelled", o.version + 1
            for it in o.items.values():
                for k in it.tasks:
                    if k.status not in CLOSED:
                        k.status = "cancelled"
            self.audited("order.cancel", o.ref)

    def do_placeholders(self, o: MOrder, count: int | None, fmt: str | None) -> None:
        if o.state == "cancelled":
            with self.refused(RuleViolation):
                self.ws.add_placeholders(o.ref, count, fmt)
            return
        formats = [fmt] if fmt else o.formats
        if any(f not in o.formats for f in formats):
            with self.refused(InvalidInput):
                self.ws.add_placeholders(o.ref, count, fmt)
            return
        start = len(o.items)
        new: list[MItem] = []
        for f in formats:
            n = count if count is not None else max(ln.quantity for ln in o.lines
                                                    if ln.fmt == f)
            for _ in range(n):
                start += 1
                while f"{o.ref}-{start:05d}" in o.items:
                    start += 1
                new.append(o.new_item(f"{o.ref}-{start:05d}", f))
        result = self.ws.add_placeholders(o.ref, count, fmt)
        assert (result.items, result.tasks) == (len(new), sum(len(i.tasks) for i in new))
        o.items.update((i.barcode, i) for i in new)
        self.audited("items.placeholders", o.ref)

    def do_import(self, o: MOrder, path: Path, rows: list[tuple[str, str]],
                  problems: set[tuple[int, str]]) -> None:
        """Import ``path`` (made of ``rows``); ``problems``: the (line, field) expected wrong."""
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if o.state == "cancelled":
            with self.refused(RuleViolation):
                self.ws.import_items(o.ref, path)
        elif digest in o.digests:
            result = self.ws.import_items(o.ref, path)
            assert result.already_imported and (result.items, result.tasks) == (0, 0)
            self.not_audited("import again")
        elif problems:
            with self.refused(FileRejected) as err:
                self.ws.import_items(o.ref, path)
            assert err.value.source == str(path)
            assert {(p.line, p.field) for p in err.value.problems} == problems
        else:
            # An item falls under every line of its format: a line may hold up to twice
            # its quantity (past it, a warning), never more (the file is refused).
            listed = {ln.line_no: sum(it.fmt == ln.fmt for it in o.items.values())
                      + sum(f == ln.fmt for _, f in rows) for ln in o.lines}
            adding = {ln.line_no: any(f == ln.fmt for _, f in rows) for ln in o.lines}
            if any(adding[ln.line_no] and listed[ln.line_no] > 2 * ln.quantity
                   for ln in o.lines):
                with self.refused(RuleViolation) as over:
                    self.ws.import_items(o.ref, path)
                assert over.value.code == "items_over_quantity"
                return
            new = [o.new_item(b, f) for b, f in rows]
            result = self.ws.import_items(o.ref, path)
            assert not result.already_imported
            assert (result.items, result.tasks) == (len(new), sum(len(i.tasks) for i in new))
            assert [(w.line_no, w.listed) for w in result.over_quantity] == [
                (ln.line_no, listed[ln.line_no]) for ln in o.lines
                if adding[ln.line_no] and listed[ln.line_no] > ln.quantity]
            o.items.update((i.barcode, i) for i in new)
            o.digests[digest] = path
            self.audited("items.import", o.ref)

    def do_receive(self, o: MOrder, codes: list[str]) -> None:
        if o.state != "accepted":
            with self.refused(RuleViolation):
                self.ws.receive(o.ref, codes)
            return
        scanned, repeated = dedupe(codes)
        received = tuple(b for b in scanned if b in o.items and o.items[b].custody == "expected")
        result = self.ws.receive(o.ref, codes)
        assert result.received == received
        assert result.unknown == tuple(b for b in scanned if b not in o.items)
        shown = tuple((n.barcode, n.custody) for n in result.not_expected)
        assert shown == tuple((b, o.items[b].custody) for b in scanned
                              if b in o.items and b not in received)
        assert result.repeated == repeated
        for b in received:
            it = o.items[b]
            it.custody, it.received = "received", True
            for k in it.tasks:
                if k.seq == 1:
                    k.status = "ready"
        if received:
            self.audited("items.receive", o.ref)
        else:
            self.not_audited("receive nothing")

    def do_final_custody(self, o: MOrder, codes: list[str], state: str, reason: str) -> None:
        allowed = MAY_GO_MISSING if state == "missing" else MAY_BE_REFUSED
        call = self.ws.mark_missing if state == "missing" else self.ws.refuse
        scanned, _ = dedupe(codes)
        if not reason.strip() or not scanned:
            with self.refused(InvalidInput):
                call(o.ref, codes, reason)
        elif any(b not in o.items for b in scanned):
            with self.refused(FileRejected):
                call(o.ref, codes, reason)
        elif any(o.items[b].custody not in allowed for b in scanned):
            with self.refused(RuleViolation):
                call(o.ref, codes, reason)
        else:
            cancelled = 0
            for b in scanned:
                it = o.items[b]
                it.custody = state
                for k in it.tasks:
                    if k.status not in CLOSED:
                        k.status = "cancelled"
                        cancelled += 1
            result = call(o.ref, codes, reason)
            assert result.state == state and result.barcodes == tuple(scanned)
            assert result.tasks_cancelled == cancelled
            self.audited(f"items.{state}", o.ref)

    def gate_allows(self, tasks: list[tuple[MItem, MTask]], supervisor: str | None) -> bool:
        """The model of the skill gate for the learner: every skill the tasks need held at
        the level, or one below with a supervisor."""
        for _, k in tasks:
            step = CATALOGUE.service(k.service).operation(k.op)
            held = self.levels.get(step.skill, 0)
            if held < step.min_level - (1 if supervisor else 0):
                return False
        return True

    def do_record(self, o: MOrder, op: str, codes: list[str] | None,
                  service: str | None = None, learner: bool = False,
                  supervisor: str | None = None) -> None:
        who = self.learner if learner else self.trainee
        scanned = None if codes is None else dedupe(codes)[0]
        tasks, error = self.tasks_for(o, op, scanned, service)
        if o.state != "accepted":
            error = RuleViolation
        elif op not in ALL_OPS:
            error = NotFound
        elif tasks is not None and (any(k.checkpoint for _, k in tasks) or (
                learner and not self.gate_allows(tasks, supervisor))):
            error = RuleViolation  # a checkpoint, or the skill gate
        if error is not None or tasks is None:
            with self.refused(error or AtelierError):
                self.ws.record_work(o.ref, op, who, codes, service=service,
                                    supervisor=supervisor)
            return
        minutes = math.ceil(sum(op_seconds(k.service, k.op) for _, k in tasks) / 60)
        for it, k in tasks:
            assert it.received and it.custody in ("received", "in_workshop"), (it, k)
            k.status = "done"
        self.release_next(tasks)
        ready = self.settle(list({it.barcode: it for it, _ in tasks}.values()))
        result = self.ws.record_work(o.ref, op, who, codes, service=service,
                                     supervisor=supervisor)
        assert (result.tasks, result.minutes, result.items_ready) == (len(tasks), minutes, ready)
        assert result.trainee == who
        self.audited("work.record", o.ref)

    def do_check(self, o: MOrder, op: str, codes: list[str] | None, passed: bool,
                 defect: str | None, service: str | None = None) -> None:
        scanned = None if codes is None else dedupe(codes)[0]
        tasks, error = self.tasks_for(o, op, scanned, service)
        if o.state != "accepted":
            error = RuleViolation
        elif (passed and defect) or (not passed and defect not in DEFECTS):
            error = InvalidInput
        elif tasks is not None and not all(k.checkpoint for _, k in tasks):
            error = RuleViolation
        elif tasks is not None and not passed and len({it.barcode for it, _ in tasks}) < len(tasks):
            error = InvalidInput  # one item waits for this check in several services: which?
        if error is not None or tasks is None:
            with self.refused(error or AtelierError):
                self.ws.check(o.ref, op, codes, passed=passed, defect=defect, service=service)
            return
        ready = 0
        if passed:
            for _, k in tasks:
                k.status = "done"
            self.release_next(tasks)
            ready = self.settle(list({it.barcode: it for it, _ in tasks}.values()))
        else:
            for it, k in tasks:
                k.status = "pending"
                [previous] = [p for p in it.tasks
                              if (p.line_no, p.seq) == (k.line_no, k.seq - 1)]
                previous.status = "failed"
        result = self.ws.check(o.ref, op, codes, passed=passed, defect=defect, service=service)
        assert (result.result, result.tasks, result.items_ready) == (
            "pass" if passed else "fail", len(tasks), ready)
        self.audited("quality.pass" if passed else "quality.fail", o.ref)

    def do_deliver(self, o: MOrder, codes: list[str] | None) -> None:
        ready = [b for b, it in o.items.items() if it.custody == "ready"]
        scanned = ready if codes is None else dedupe(codes)[0]
        error: type[AtelierError] | None = None
        if o.state != "accepted" or (codes is None and not ready):
            error = RuleViolation
        elif not scanned:
            error = InvalidInput
        elif any(b not in o.items for b in scanned):
            error = FileRejected
        elif any(o.items[b].custody != "ready" for b in scanned):
            error = RuleViolation
        if error is not None:
            with self.refused(error):
                self.ws.deliver(o.ref, codes)
            return
        result = self.ws.deliver(o.ref, codes)
        self.delivery_seq += 1
        number = f"BL-{YEAR}-{self.delivery_seq:04d}"
        assert (result.number, result.barcodes) == (number, tuple(sorted(scanned)))
        for b in scanned:
            it = o.items[b]
            assert all(k.status == "done" for k in it.tasks), it
            it.custody = "returned"
        o.deliveries += 1
        self.audited("delivery.create", number)
        note = self.ws.delivery(number)
        assert (note.order_ref, note.barcodes) == (o.ref, tuple(sorted(scanned)))

    # -- rules: draw the arguments, then act ------------------------------------------------

    @initialize(wanted=SHORT_LINES)
    def first_order(self, wanted: list[tuple[tuple[str, str], int]]) -> None:
        self.do_create(wanted, accepted=True)
        self.do_placeholders(self.orders[f"CMD-{YEAR}-0001"], None, None)

    @precondition(lambda self: len(self.orders) < MAX_ORDERS)
    @rule(wanted=LINES | st.lists(st.tuples(st.sampled_from(PAIRS), QUANTITY),
                                  min_size=2, max_size=3),
          accepted=st.booleans())
    def create_order(self, wanted: list[tuple[tuple[str, str], int]], accepted: bool) -> None:
        self.do_create(wanted, accepted)

    @rule(data=st.data(), act=st.sampled_from(["accept", "accept", "cancel", "unknown"]),
          stale=RARELY, blank=RARELY)
    def client_act(self, data: st.DataObject, act: str, stale: bool, blank: bool) -> None:
        """The client-side acts (accept, cancel), sometimes on a stale version or an
        unknown order."""
        o = self.pick_order(data)
        version = data.draw(st.sampled_from([None, o.version]), label="version")
        if stale:
            version = o.version + data.draw(st.sampled_from([-1, 1]), label="off by")
        if act == "accept":
            self.do_accept(o, version)
        elif act == "cancel":
            self.do_cancel(o, "   " if blank else "le client a changé d'avis", version)
        else:
            with self.refused(NotFound):
                self.ws.accept("CMD-1999-0001")

    @rule(data=st.data(), how=st.sampled_from(["placeholders", "file", "file"]))
    def add_items(self, data: st.DataObject, how: str) -> None:
        o = self.pick_order(data)
        if len(o.items) > MAX_ITEMS:
            return
        if how == "placeholders":
            count = data.draw(st.none() | st.integers(1, 3), label="count")
            if count is None and o.max_quantity > 4:
                count = 2  # one placeholder per unit ordered would be hundreds
            fmt = data.draw(st.none() | st.sampled_from(FORMATS), label="fmt")
            self.do_placeholders(o, count, fmt)
            return
        kind = data.draw(st.sampled_from(["good", "good", "again", "in_order", "twice",
                                          "no_line"]), label="file kind")
        if kind == "again" and o.digests:
            path = o.digests[data.draw(st.sampled_from(sorted(o.digests)), label="file")]
            self.do_import(o, path, [], set())
            return
        n = data.draw(st.integers(1, 4), label="rows")
        rows = [(self.fresh("I"), data.draw(st.sampled_from(o.formats), label="format"))
                for _ in range(n)]
        problems: set[tuple[int, str]] = set()
        at = data.draw(st.integers(0, n - 1), label="where")
        if kind == "in_order" and o.items:
            rows[at] = (data.draw(st.sampled_from(sorted(o.items))), rows[at][1])
            problems.add((at + 2, "barcode"))
        elif kind == "twice":
            rows.append(rows[at])
            problems.add((len(rows) + 1, "barcode"))
        elif kind == "no_line" and set(FORMATS) - set(o.formats):
            other = sorted(set(FORMATS) - set(o.formats))
            rows[at] = (rows[at][0], data.draw(st.sampled_from(other)))
            problems.add((at + 2, "format"))
        path = self.files / f"{self.fresh('liste-')}.csv"
        path.write_text("Code-barres;Format\r\n" + "".join(f"{b};{f}\r\n" for b, f in rows),
                        encoding="utf-8")
        self.do_import(o, path, rows, problems)

    @rule(data=st.data())
    def receive(self, data: st.DataObject) -> None:
        o = self.pick_order(data)
        waiting = [b for b, it in o.items.items() if it.custody == "expected"]
        self.do_receive(o, self.draw_barcodes(data, o, waiting, min_size=0))

    @rule(data=st.data(), missing=st.booleans(), blank=RARELY)
    def mark_missing_or_refused(self, data: st.DataObject, missing: bool, blank: bool) -> None:
        o = self.pick_order(data)
        allowed = MAY_GO_MISSING if missing else MAY_BE_REFUSED
        codes = self.draw_barcodes(data, o, [b for b, it in o.items.items()
                                             if it.custody in allowed])
        reason = "" if blank else "introuvable" if missing else "reliure cassée"
        self.do_final_custody(o, codes, "missing" if missing else "refused", reason)

    def draw_service(self, data: st.DataObject, o: MOrder) -> str | None:
        """Mostly no service; sometimes one of the order's, rarely one it does not have."""
        choice = data.draw(st.sampled_from(["none"] * 6 + ["ordered"] * 3 + ["any"]),
                           label="service?")
        if choice == "none":
            return None
        pool = sorted({ln.service for ln in o.lines}) if choice == "ordered" else [
            s.code for s in CATALOGUE.services]
        return data.draw(st.sampled_from(pool), label="service")

    @rule(data=st.data(), learner=st.booleans(), supervised=st.booleans())
    def record_work(self, data: st.DataObject, learner: bool, supervised: bool) -> None:
        o = self.pick_order(data)
        op = self.draw_op(data, o, checkpoint=False)
        codes = self.draw_scan(data, o, op)
        self.do_record(o, op, codes, self.draw_service(data, o), learner,
                       "Claire (encadrante)" if supervised else None)

    @rule(skill=st.sampled_from(sorted({op.skill for svc in CATALOGUE.services
                                        for op in svc.operations})),
          level=st.integers(0, 4))
    def assess_learner(self, skill: str, level: int) -> None:
        self.ws.assess(self.learner, skill, level)
        self.levels[skill] = level
        self.audited("skill.assess", self.learner)

    @rule(data=st.data(), passed=st.booleans(), bad_defect=RARELY)
    def check(self, data: st.DataObject, passed: bool, bad_defect: bool) -> None:
        o = self.pick_order(data)
        op = self.draw_op(data, o, checkpoint=True)
        codes = self.draw_scan(data, o, op)
        defect = None if passed else data.draw(st.sampled_from(DEFECTS), label="defect")
        if bad_defect:
            defect = "bubble" if passed else "not-a-defect"
        self.do_check(o, op, codes, passed, defect, self.draw_service(data, o))

    @rule(data=st.data())
    def deliver(self, data: st.DataObject) -> None:
        o = self.pick_order(data)
        ready = [b for b, it in o.items.items() if it.custody == "ready"]
        codes = None if data.draw(SOMETIMES) else self.draw_barcodes(data, o, ready)
        self.do_deliver(o, codes)

    @rule(data=st.data(), step=st.integers(1, 4))
    def advance(self, data: st.DataObject, step: int) -> None:
        """Move one order along its happy path (so that sequences reach delivery)."""
        live = [ref for ref, o in sorted(self.orders.items())
                if o.state != "cancelled" and o.expected_status() != "closed"]
        if not live and len(self.orders) < MAX_ORDERS:
            self.do_create(data.draw(SHORT_LINES, label="lines"), accepted=True)
            return
        o = self.orders[data.draw(st.sampled_from(live), label="order")] if live else (
            self.pick_order(data))
        if o.state == "quote":
            self.do_accept(o, o.version)
        elif not o.items:
            self.do_placeholders(o, None if o.max_quantity <= 4 else 2, None)
        elif waiting := [b for b, it in o.items.items() if it.custody == "expected"]:
            self.do_receive(o, waiting[:step * 3])
        elif ops := sorted({k.op for it in o.items.values() for k in it.tasks
                            if k.status in WORKABLE}):
            op = ops[0] if step < 4 else ops[-1]
            waiting = o.workable(op)
            if any(k.checkpoint for _, k in waiting):
                passed = step != 1
                self.do_check(o, op, None, passed, None if passed else DEFECTS[0],
                              None if passed else waiting[0][1].service)
            else:
                self.do_record(o, op, None)
        else:
            self.do_deliver(o, None)

    # The same rule under other names: Hypothesis picks rules evenly, and a third of
    # the steps pushing orders forward is what gets runs to deliveries and closures.
    for _name in ("advance_2", "advance_3", "advance_4"):
        locals()[_name] = rule(data=st.data(), step=st.integers(1, 4))(
            lambda self, data, step: self.advance(data, step))
    del _name

    # -- invariants -----------------------------------------------------------------------

    @invariant()
    def database_matches_model(self) -> None:
        assert len(self.ws.audit(limit=10**6)) == self.audit_count
        summaries = {s.ref: s for s in self.ws.orders()}
        assert set(summaries) == set(self.orders)
        db_tasks = self._db_tasks()
        for ref, o in self.orders.items():
            status = self.ws.status(ref)
            counts = o.counts()
            # custody balance (DOMAIN rule 3), in the model and in the database
            missing_after = sum(1 for it in o.items.values()
                                if it.custody == "missing" and it.received)
            for c in (counts, status.items):
                assert c.received_ever == (c.received + c.in_workshop + c.ready + c.returned
                                           + c.refused + missing_after), (ref, c)
            assert status.items.balanced(status.items.missing - missing_after)
            assert status.items == counts, (ref, status.items, counts)
            # money: frozen prices, integer cents, total = sum of the lines
            assert [(s.line_no, s.service, s.format, s.quantity, s.unit_cents)
                    for s in status.services] == [
                (ln.line_no, ln.service, ln.fmt, ln.quantity, ln.unit_cents) for ln in o.lines]
            total = sum(ln.quantity * ln.unit_cents for ln in o.lines)
            assert status.total_cents == total == sum(s.quantity * s.unit_cents
                                                      for s in status.services)
            assert summaries[ref].total_cents == total
            # derived status, by both read paths
            assert status.status == o.expected_status(), (ref, status.status, o)
            assert summaries[ref].status == status.status
            assert summaries[ref].items == len(o.items)
            assert status.version == o.version and status.state == o.state
            assert len(status.deliveries) == o.deliveries
            assert sum(d.items for d in status.deliveries) == counts.returned
            # every task of every item, as the model has it
            model_tasks = sorted((it.barcode, k.line_no, k.seq, k.op, k.status)
                                 for it in o.items.values() for k in it.tasks)
            assert sorted(r[1:6] for r in db_tasks if r[0] == ref) == model_tasks
            # progress of each line: items, items finished, tasks, time left
            progress = []
            for ln in o.lines:
                routings = [[k for k in it.tasks if k.line_no == ln.line_no]
                            for it in o.items.values()]
                routings = [r for r in routings if r]
                tasks = [k for r in routings for k in r]
                left = sum(op_seconds(k.service, k.op) for k in tasks if k.status not in CLOSED)
                progress.append((len(routings), sum(r[-1].status == "done" for r in routings),
                                 len(tasks), sum(k.status == "done" for k in tasks), left / 60))
            assert [(s.items, s.items_done, s.tasks_total, s.tasks_done, s.remaining_minutes)
                    for s in status.services] == progress, ref
        for ref, _barcode, _ln, _seq, _op, status_, received, custody in db_tasks:
            # no task done on an item never received; no delivered item with work left
            assert not (status_ == "done" and not received), (ref, _barcode, _op)
            assert not (custody == "returned" and status_ != "done"), (ref, _barcode, _op)

    @invariant()
    def counters_match_a_recount(self) -> None:
        """Every counter the reads trust equals a recount from the rows: the custody
        counters and the deliveries' item counts (kept by triggers, migration 0007) and
        the lines' progress counters (kept by the store)."""
        with engine_of(self.ws).connect() as conn:
            kept, recount, shipped, progress = counter_recount(conn)
        assert kept == recount
        assert all(kept_n == counted for _id, kept_n, counted in shipped), shipped
        assert all(row[1:6] == row[6:] for row in progress), progress

    def _db_tasks(self) -> list[tuple[object, ...]]:
        k, i, ln, o = t.tasks, t.items, t.order_lines, t.orders
        with engine_of(self.ws).connect() as conn:
            rows = conn.execute(
                sa.select(o.c.ref, i.c.barcode, ln.c.line_no, k.c.seq, k.c.operation, k.c.status,
                          i.c.received_at.is_not(None), i.c.custody)
                .join(i, i.c.id == k.c.item_id).join(ln, ln.c.id == k.c.line_id)
                .join(o, o.c.id == k.c.order_id)).all()
        return [tuple(r) for r in rows]


def counter_recount(conn: sa.Connection) -> tuple[
        dict[tuple[int, str], tuple[int, int]], dict[tuple[int, str], tuple[int, int]],
        list[tuple[int, int, int]], list[tuple[int, ...]]]:
    """``(custody counters kept, recounted from the items; [(delivery, items kept, items
    recounted)]; [(line, five counters kept, the same five recounted from the tasks)])``.
    Kept custody counters that went back to zero count as absent, as the reads take them.
    """
    i, oc, d, ln, k = t.items, t.order_custody, t.deliveries, t.order_lines, t.tasks
    kept = {(int(r[0]), str(r[1])): (int(r[2]), int(r[3])) for r in conn.execute(
        sa.select(oc.c.order_id, oc.c.custody, oc.c["items"], oc.c.received)) if r[2] or r[3]}
    recount = {(int(r[0]), str(r[1])): (int(r[2]), int(r[3])) for r in conn.execute(
        sa.select(i.c.order_id, i.c.custody, sa.func.count(), sa.func.count(i.c.received_at))
        .group_by(i.c.order_id, i.c.custody))}
    in_delivery = (sa.select(sa.func.count()).select_from(i)
                   .where(i.c.delivery_id == d.c.id).scalar_subquery())
    shipped = [(int(r[0]), int(r[1]), int(r[2])) for r in conn.execute(
        sa.select(d.c.id, d.c["items"], in_delivery))]

    def of_line(what: sa.ColumnElement[int], *where: sa.ColumnElement[bool]
                ) -> sa.ScalarSelect[int]:
        return (sa.select(sa.func.coalesce(what, 0)).where(k.c.line_id == ln.c.id, *where)
                .scalar_subquery())

    open_task = k.c.status.not_in(["done", "cancelled"])
    progress = [tuple(int(v) for v in r) for r in conn.execute(sa.select(
        ln.c.id, ln.c.items_total, ln.c.items_done, ln.c.tasks_total, ln.c.tasks_done,
        ln.c.remaining_seconds,
        of_line(sa.func.count(sa.distinct(k.c.item_id))),
        of_line(sa.func.count(), k.c.last_step, k.c.status == "done"),
        of_line(sa.func.count()),
        of_line(sa.func.count(), k.c.status == "done"),
        of_line(sa.func.sum(k.c.standard_seconds), open_task)))]
    return kept, recount, shipped, progress


# -- running it on each backend -------------------------------------------------------------


def machine_for(new_database: Callable[[], tuple[str, Callable[[], None]]]
                ) -> type[LifecycleMachine]:
    return type("Lifecycle", (LifecycleMachine,), {"new_database": staticmethod(new_database)})


def database_factory(request: pytest.FixtureRequest, backend: str
                     ) -> Callable[[], tuple[str, Callable[[], None]]]:
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")

        def new_sqlite() -> tuple[str, Callable[[], None]]:
            folder = Path(tempfile.mkdtemp(prefix="atelier-sm-db-"))
            shutil.copy(template, folder / "atelier.db")
            return f"sqlite:///{folder / 'atelier.db'}", lambda: shutil.rmtree(folder, True)

        return new_sqlite
    url: str = request.getfixturevalue("pg_database")

    def new_postgres() -> tuple[str, Callable[[], None]]:
        reset_postgres(url)
        return url, lambda: None

    return new_postgres


COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow,
                                                      HealthCheck.filter_too_much]}


@pytest.mark.parametrize("backend", DATABASES)
def test_lifecycle_state_machine(request: pytest.FixtureRequest, backend: str) -> None:
    run_state_machine_as_test(
        machine_for(database_factory(request, backend)),
        settings=settings(max_examples=12, stateful_step_count=20, **COMMON))


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_lifecycle_state_machine_heavy(request: pytest.FixtureRequest, backend: str) -> None:
    run_state_machine_as_test(
        machine_for(database_factory(request, backend)),
        settings=settings(max_examples=100, stateful_step_count=40, **COMMON))
