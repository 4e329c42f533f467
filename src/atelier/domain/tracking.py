"""What a collectivity sees of its orders (DOMAIN rule 6), and when they will be back.

A collectivity follows its own orders: status, items by custody state,
progress per service line, deliveries and an expected completion date. It
never sees who worked on its books: these values carry no trainee code or
name, no staff note, no time record, no supervisor or checker, and no
database id (orders are named by their unguessable ``public_id``).

The expected completion date, until planning exists, follows one stated rule
(:func:`estimate`): the standard minutes of work left on the order and on
every open order the workshop takes before it (it works by due date, then in
order of arrival), divided by the minutes the workshop has per working day
(the weekly time of the trainees' contracts in force, divided by 5). The
collectivity reads it in documents and working days (:mod:`.estimate`).

Once an order is delivered, the documents its list announced that never came
are named as such (:attr:`ClientOrder.never_received`), and the order shows the
day it was delivered instead of an expected date.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import ClassVar, TypeVar

import attrs

from atelier.domain import bounds
from atelier.domain.errors import NotFound
from atelier.domain.estimate import OPEN_STATUSES as OPEN_STATUSES
from atelier.domain.estimate import Estimate
from atelier.domain.estimate import number_fr as number_fr
from atelier.domain.item import CUSTODY_STATES, CustodyCounts
from atelier.domain.order import OrderState, Status, derive_status
from atelier.domain.shape import internal, shown_as
from atelier.domain.views import DeliverySummary

#: The custody states in the words a librarian reads (plural: counts of documents).
CUSTODY_FR = {
    "expected": "attendus",
    "received": "reçus",
    "in_workshop": "en atelier",
    "ready": "prêts",
    "returned": "rendus",
    "missing": "manquants",
    "refused": "refusés",
}

#: The order statuses in French.
STATUS_FR = {
    "quote": "devis",
    "accepted": "acceptée",
    "in_progress": "en cours",
    "ready": "prête à livrer",
    "partially_delivered": "livrée en partie",
    "delivered": "livrée",
    "closed": "soldée",
    "cancelled": "annulée",
}

#: Largest page of a collectivity's orders.
MAX_LIMIT = 500
#: Largest offset into them (what a database integer holds).
MAX_OFFSET = bounds.MAX_ID

_DAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre")


_PUBLIC_ID = re.compile(r"[0-9a-f]{32}")
#: What a delivery note's number may look like (``BL-2026-0007``).
_DELIVERY_NUMBER = re.compile(r"[A-Za-z0-9_-]{1,32}")


def date_fr(day: dt.date) -> str:
    """``lundi 9 mars 2026``."""
    first = "1er" if day.day == 1 else str(day.day)
    return f"{_DAYS_FR[day.weekday()]} {first} {_MONTHS_FR[day.month - 1]} {day.year}"


# -- what the store reads --------------------------------------------------------------


@attrs.frozen
class TrackedLine:
    """One order line as stored, with its progress counters."""

    line_no: int
    service: str
    format: str
    quantity: int
    items: int
    items_done: int
    tasks_total: int
    tasks_done: int
    remaining_seconds: int


@attrs.frozen
class TrackedOrder:
    """One order of a collectivity as the store reads it for tracking (``id`` and
    ``catalogue_id`` stay inside the library)."""

    id: int
    public_id: str
    ref: str
    collectivity: str
    state: OrderState
    created_on: dt.date
    due_date: dt.date | None
    purchase_order: str | None
    catalogue_id: int
    items: CustodyCounts
    lines: tuple[TrackedLine, ...]
    deliveries: tuple[DeliverySummary, ...]

    @property
    def status(self) -> Status:
        """The derived status (see :func:`atelier.domain.order.derive_status`)."""
        return derive_status(self.state, self.items, len(self.deliveries))


@attrs.frozen
class QueuedOrder:
    """An order of any client that may still take the workshop's time: its place in
    the queue (due date, then arrival) and the work it has left."""

    id: int
    due_date: dt.date | None
    state: OrderState
    catalogue_id: int
    items: CustodyCounts
    deliveries: int
    lines: tuple[TrackedLine, ...]

    @property
    def status(self) -> Status:
        """The derived status (see :func:`atelier.domain.order.derive_status`)."""
        return derive_status(self.state, self.items, self.deliveries)


@attrs.frozen
class WorkAhead:
    """The work the open orders taken before one order have left, summed by the store
    over the orders whose items are listed: standard minutes (each order's rounded up,
    as :func:`atelier.services.tracking.remaining_minutes` does) and documents."""

    minutes: int = 0
    documents: int = 0


@attrs.frozen
class WorkshopQueue:
    """What the expected dates of a few orders need of the workshop's queue.

    ``ahead``: by order id (the open orders read), the work of the open orders with
    listed items taken before it, summed from the counters. ``unlisted``: the accepted
    orders with no item listed yet (their work is the ordered quantities at the
    catalogue's standard times, which the store cannot price): the caller keeps those
    whose derived status is open and that come before each order.
    """

    ahead: dict[int, WorkAhead] = attrs.field(factory=dict, eq=True, hash=False)
    unlisted: tuple[QueuedOrder, ...] = ()


def never_received_fr(count: int) -> str:
    """``3 documents annoncés n'ont jamais été reçus.``"""
    if count == 1:
        return "1 document annoncé n'a jamais été reçu."
    return f"{number_fr(count)} documents annoncés n'ont jamais été reçus."


# -- what the collectivity reads -------------------------------------------------------


@attrs.frozen
class ClientCustody:
    """How many of the order's documents are in each custody state, as the collectivity
    reads it (the library's own tallies of items ever received stay inside)."""

    DERIVED: ClassVar[tuple[str, ...]] = ("total",)

    expected: int
    received: int
    in_workshop: int
    ready: int
    returned: int
    missing: int
    refused: int

    @classmethod
    def of(cls, counts: CustodyCounts) -> ClientCustody:
        """The collectivity's view of an order's custody counts."""
        return cls(**{state: getattr(counts, state) for state in CUSTODY_STATES})

    @property
    def total(self) -> int:
        """Every document of the order."""
        return sum(getattr(self, state) for state in CUSTODY_STATES)


@attrs.frozen
class LineProgress:
    """Progress of one service line of the order.

    ``percent`` is the share of the line's work done (its steps, 0–100, rounded
    down); ``items_done`` the documents finished for this service, out of
    ``items`` listed (``quantity`` were ordered).
    """

    DERIVED: ClassVar[tuple[str, ...]] = ("percent",)

    line_no: int = attrs.field(metadata=shown_as("line"))
    service: str
    service_name: str = attrs.field(metadata=shown_as("name"))
    format: str
    format_name: str
    quantity: int
    items: int
    items_done: int
    tasks_total: int = attrs.field(metadata=internal())
    tasks_done: int = attrs.field(metadata=internal())

    @property
    def percent(self) -> int:
        """Share of the line's work done, 0–100 (rounded down)."""
        return 100 * self.tasks_done // self.tasks_total if self.tasks_total else 0


@attrs.frozen
class ClientOrder:
    """One order as its collectivity sees it: never who worked on it."""

    DERIVED: ClassVar[tuple[str, ...]] = ("status_label", "percent", "expected_on",
                                          "delivered_on", "never_received")

    public_id: str
    ref: str
    collectivity: str
    status: Status
    created_on: dt.date
    due_date: dt.date | None
    purchase_order: str | None
    items: ClientCustody
    services: tuple[LineProgress, ...]
    deliveries: tuple[DeliverySummary, ...]
    estimate: Estimate

    @property
    def status_label(self) -> str:
        """The status in French."""
        return STATUS_FR.get(self.status, self.status)

    @property
    def expected_on(self) -> dt.date | None:
        """The expected completion date, if there is one."""
        return self.estimate.expected_on

    @property
    def delivered_on(self) -> dt.date | None:
        """The day of the last delivery, once the order is delivered (or closed by one)."""
        if self.status in ("delivered", "closed") and self.deliveries:
            return max(d.delivered_on for d in self.deliveries)
        return None

    @property
    def never_received(self) -> int:
        """Documents the list announced that never came, once the order is delivered
        (they are neither in the workshop's hands nor in a delivery)."""
        return self.items.expected if self.status == "delivered" else 0

    @property
    def never_received_fr(self) -> str:
        """:attr:`never_received` in a French sentence (empty when there are none)."""
        return never_received_fr(self.never_received) if self.never_received else ""

    @property
    def percent(self) -> int:
        """Share of the whole order's work done, 0–100 (rounded down)."""
        total = sum(s.tasks_total for s in self.services)
        done = sum(s.tasks_done for s in self.services)
        return 100 * done // total if total else 0

    def custody_fr(self) -> list[tuple[str, str, int]]:
        """``(state, French words, count)`` for every custody state, in lifecycle order."""
        return [(s, CUSTODY_FR[s], getattr(self.items, s)) for s in CUSTODY_STATES]


@attrs.frozen
class ClientOverview:
    """A collectivity's orders: one page of them (``limit`` from ``offset``), newest
    first, of ``total`` in all."""

    collectivity: str
    orders: tuple[ClientOrder, ...] = attrs.field(metadata=shown_as("items"))
    total: int
    limit: int
    offset: int


T = TypeVar("T")


def found(value: T | None, what: str, key: object) -> T:
    """``value``, or NotFound: what a link cannot see is not found, exactly as what does
    not exist (never Forbidden: a link learns nothing of what is not its own)."""
    if value is None:
        raise NotFound(what, key if isinstance(key, int) else str(key)[:64])
    return value


def check_page(limit: int, offset: int) -> None:
    """A page of a collectivity's orders: 1 to :data:`MAX_LIMIT` from an offset of 0 to
    :data:`MAX_OFFSET`."""
    bounds.integer(limit, "limit", 1, MAX_LIMIT, code="limit_range")
    bounds.integer(offset, "offset", 0, MAX_OFFSET, code="offset_range")


def check_delivery_number(number: str) -> str | None:
    """``number`` if it may be a delivery note's number (``BL-2026-0007``), else None (it
    names nothing a collectivity could see)."""
    if isinstance(number, str) and _DELIVERY_NUMBER.fullmatch(number):
        return number
    return None


def check_public_id(public_id: str) -> str | None:
    """``public_id`` if it may be an order's public id (32 hex digits), else None."""
    if isinstance(public_id, str) and _PUBLIC_ID.fullmatch(public_id):
        return public_id
    return None
