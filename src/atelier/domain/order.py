"""Orders: lines with frozen prices, the two client-side acts, and the derived status.

An order's status is never typed by hand (DOMAIN rule 2): only ``accept`` and
``cancel`` are acts; everything else follows from its items and deliveries.
"""

from __future__ import annotations

import datetime as dt
from typing import Final, Literal, get_args

import attrs

from atelier.domain import bounds
from atelier.domain.catalogue import Catalogue
from atelier.domain.errors import Conflict, InvalidInput, RuleViolation
from atelier.domain.item import CustodyCounts
from atelier.domain.money import line_total_cents

#: The acts a client takes; stored on the order.
OrderState = Literal["quote", "accepted", "cancelled"]
QUOTE: Final = "quote"
ACCEPTED: Final = "accepted"
CANCELLED: Final = "cancelled"
ORDER_STATES: tuple[OrderState, ...] = get_args(OrderState)

#: Every status an order can show, in lifecycle order.
Status = Literal["quote", "accepted", "in_progress", "ready", "partially_delivered",
                 "delivered", "closed", "cancelled"]
STATUSES: tuple[Status, ...] = get_args(Status)

#: The most items one order line may ask for.
MAX_QUANTITY = 1_000_000
#: The most lines one order may have.
MAX_LINES = 200


@attrs.frozen
class OrderLine:
    """Service × format × expected quantity × unit price frozen at order time."""

    line_no: int = attrs.field(validator=bounds.range_of(1, bounds.MAX_COUNT))
    service: str = attrs.field(validator=bounds.text_of(bounds.CODE))
    format: str = attrs.field(validator=bounds.text_of(bounds.CODE))
    quantity: int = attrs.field(validator=bounds.range_of(1, MAX_QUANTITY))
    unit_cents: int = attrs.field(validator=bounds.range_of(0, bounds.MAX_COUNT))
    #: Database identity of the line (0 before it is stored).
    id: int = 0

    @property
    def total_cents(self) -> int:
        """The line's total, in integer cents."""
        return line_total_cents(self.quantity, self.unit_cents)


def _quantity(_instance: object, _attribute: object, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_QUANTITY:
        raise InvalidInput("quantity", f"must be between 1 and {MAX_QUANTITY:,}",
                           value=value if isinstance(value, int | str) else repr(value)[:40],
                           code="quantity_range")


@attrs.frozen
class LineRequest:
    """A line as asked for, before pricing: ``SERVICE[:FORMAT]=QTY``."""

    service: str = attrs.field(validator=bounds.text_of(bounds.CODE))
    format: str | None = attrs.field(validator=bounds.text_of(bounds.CODE, optional=True))
    quantity: int = attrs.field(validator=_quantity)


@attrs.frozen
class Order:
    """A collectivity's order as stored: the client-side state and its lines."""

    id: int
    ref: str = attrs.field(validator=bounds.text_of(bounds.REF))
    collectivity_id: int = attrs.field(validator=bounds.range_of(1, bounds.MAX_ID))
    state: OrderState = attrs.field(validator=bounds.one_of(ORDER_STATES,
                                                            code="order_state_invalid"))
    lines: tuple[OrderLine, ...]
    created_on: dt.date = attrs.field(validator=bounds.day_of())
    due_date: dt.date | None = attrs.field(default=None,
                                           validator=bounds.day_of(optional=True))
    purchase_order: str | None = attrs.field(
        default=None, validator=bounds.text_of(bounds.PROCUREMENT, optional=True))
    reserved_contract: bool = False
    catalogue_id: int | None = None
    version: int = 1

    @property
    def total_cents(self) -> int:
        """Sum of the lines, in integer cents."""
        return sum(line.total_cents for line in self.lines)


def check_ref(ref: str) -> str:
    """An order's reference as a caller names it: the workshop numbers its orders in
    capitals (``CMD-2026-0001``), so ``cmd-2026-0001`` or `` CMD-2026-0001 `` typed by
    hand, or read from a link, names the same order."""
    return bounds.text(ref, "ref", bounds.REF).upper()


def check_version(order: Order, expected_version: int | None) -> None:
    """Optimistic locking: an act given the version last read of the order is refused when
    somebody changed the order since (``order_changed``)."""
    if expected_version is not None and order.version != expected_version:
        raise Conflict(f"order {order.ref} was changed by someone else (version "
                       f"{order.version}, expected {expected_version})", code="order_changed",
                       ref=order.ref)


def check_due_date(due_date: dt.date | None, today: dt.date) -> dt.date | None:
    """A due date given for a new order: a calendar day, not in the past."""
    if due_date is None:
        return None
    bounds.day(due_date, "due_date")
    if due_date < today:
        raise InvalidInput("due_date", "must not be in the past", value=due_date.isoformat(),
                           code="due_in_past")
    return due_date


def check_not_cancelled(order: Order) -> None:
    """Items are listed (imported, numbered) on any order but a cancelled one."""
    if order.state == CANCELLED:
        raise RuleViolation(f"order {order.ref} is cancelled", code="order_cancelled",
                            ref=order.ref)


def check_accept(order: Order) -> None:
    """Only a quote can be accepted."""
    if order.state != QUOTE:
        raise RuleViolation(f"order {order.ref} is not a quote (state {order.state})",
                            code="order_not_quote", ref=order.ref, state=order.state)


def check_cancel(order: Order, counts: CustodyCounts) -> None:
    """An order can be cancelled while the workshop holds none of its books."""
    if order.state == CANCELLED:
        raise RuleViolation(f"order {order.ref} is already cancelled",
                            code="order_cancelled", ref=order.ref)
    held = counts.in_custody
    if held or counts.returned:
        raise RuleViolation(
            f"order {order.ref} cannot be cancelled: the workshop has handled "
            f"{held + counts.returned} item(s)",
            code="order_has_items", ref=order.ref, count=held + counts.returned)


def check_open_for_work(order: Order) -> None:
    """Receiving and working need an accepted order (not a quote, not cancelled)."""
    if order.state == QUOTE:
        raise RuleViolation(f"order {order.ref} is still a quote: accept it first",
                            code="order_is_quote", ref=order.ref)
    if order.state == CANCELLED:
        raise RuleViolation(f"order {order.ref} is cancelled", code="order_cancelled",
                            ref=order.ref)


def derive_status(state: OrderState, counts: CustodyCounts, deliveries: int) -> Status:
    """The order's status from its client-side state, item custody and deliveries.

    - ``closed``: every item is returned, missing or refused;
    - ``delivered``: every item received has been handed back (or is missing or
      refused) but some listed items never arrived;
    - ``partially_delivered``: a delivery was made and books are still in custody;
    - ``ready``: all books are here and finished, waiting for delivery;
    - ``in_progress``: the workshop holds books of the order;
    - ``accepted``: waiting for the books.
    """
    if state in (CANCELLED, QUOTE):
        return state
    if counts.total and counts.open == 0:
        return "closed"
    if deliveries:
        return "delivered" if counts.in_custody == 0 else "partially_delivered"
    if counts.in_custody == 0:
        return "accepted"
    if counts.ready and counts.expected == 0 and counts.received == 0 and counts.in_workshop == 0:
        return "ready"
    return "in_progress"


def parse_line_request(text: str) -> LineRequest:
    """Parse ``SERVICE[:FORMAT]=QTY`` as typed on the command line."""
    bounds.key(text, "line", 2 * bounds.CODE + 20)
    head, sep, qty = text.partition("=")
    if not sep or not head.strip():
        raise InvalidInput("line", "expected SERVICE[:FORMAT]=QUANTITY", value=text,
                           code="line_syntax")
    service, _, fmt = head.strip().partition(":")
    try:
        quantity = int(qty.strip())
    except ValueError:
        raise InvalidInput("line", "the quantity must be a whole number", value=text,
                           code="line_quantity") from None
    return LineRequest(service=service.strip(), format=fmt.strip() or None, quantity=quantity)


def default_format(catalogue: Catalogue, service: str) -> str:
    """The format a line gets when none is given: ``standard`` if priced, else the first."""
    formats = catalogue.service(service).formats
    return "standard" if "standard" in formats else formats[0]


def price_lines(catalogue: Catalogue, requests: list[LineRequest]) -> tuple[OrderLine, ...]:
    """Turn requests into numbered lines with unit prices frozen from the catalogue.

    The quantity break applies per line. The same service and format twice is
    refused: one line says how many.
    """
    if not requests:
        raise InvalidInput("lines", "an order needs at least one line", code="no_lines")
    if len(requests) > MAX_LINES:
        raise InvalidInput("lines", f"at most {MAX_LINES} lines", value=len(requests),
                           code="too_many", limit=MAX_LINES)
    seen: set[tuple[str, str]] = set()
    lines = []
    for no, req in enumerate(requests, start=1):
        service = catalogue.service(req.service)
        fmt = req.format or default_format(catalogue, req.service)
        if (service.code, fmt) in seen:
            raise InvalidInput("line", f"{service.code}:{fmt} appears twice", code="line_duplicate",
                               service=service.code, format=fmt)
        seen.add((service.code, fmt))
        lines.append(OrderLine(line_no=no, service=service.code, format=fmt,
                               quantity=req.quantity,
                               unit_cents=service.unit_price_cents(fmt, req.quantity)))
    return tuple(lines)
