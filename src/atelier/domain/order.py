"""Orders: lines with frozen prices, the two client-side acts, and the derived status.

An order's status is never typed by hand (DOMAIN rule 2): only ``accept`` and
``cancel`` are acts; everything else follows from its items and deliveries.
"""

from __future__ import annotations

import datetime as dt

import attrs

from atelier.domain.catalogue import Catalogue
from atelier.domain.errors import InvalidInput, Problem, RuleViolation
from atelier.domain.item import CustodyCounts
from atelier.domain.money import line_total_cents

#: The acts a client takes; stored on the order.
QUOTE, ACCEPTED, CANCELLED = "quote", "accepted", "cancelled"

#: Every status an order can show, in lifecycle order.
STATUSES = (
    "quote",
    "accepted",
    "in_progress",
    "ready",
    "partially_delivered",
    "delivered",
    "closed",
    "cancelled",
)


@attrs.frozen
class OrderLine:
    """Service × format × expected quantity × unit price frozen at order time."""

    line_no: int
    service: str
    format: str
    quantity: int
    unit_cents: int
    #: Database identity of the line (0 before it is stored).
    id: int = 0

    @property
    def total_cents(self) -> int:
        """The line's total, in integer cents."""
        return line_total_cents(self.quantity, self.unit_cents)


@attrs.frozen
class LineRequest:
    """A line as asked for, before pricing: ``SERVICE[:FORMAT]=QTY``."""

    service: str
    format: str | None
    quantity: int


@attrs.frozen
class Order:
    """A collectivity's order as stored: the client-side state and its lines."""

    id: int
    ref: str
    collectivity_id: int
    state: str
    lines: tuple[OrderLine, ...]
    created_on: dt.date
    due_date: dt.date | None = None
    purchase_order: str | None = None
    reserved_contract: bool = False
    catalogue_id: int | None = None
    version: int = 1

    @property
    def total_cents(self) -> int:
        """Sum of the lines, in integer cents."""
        return sum(line.total_cents for line in self.lines)


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


def derive_status(state: str, counts: CustodyCounts, deliveries: int) -> str:
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
    seen: set[tuple[str, str]] = set()
    lines = []
    for no, req in enumerate(requests, start=1):
        service = catalogue.service(req.service)
        fmt = req.format or default_format(catalogue, req.service)
        if (service.code, fmt) in seen:
            raise InvalidInput("line", f"{service.code}:{fmt} appears twice", code="line_duplicate",
                               service=service.code, format=fmt)
        seen.add((service.code, fmt))
        if req.quantity < 1 or req.quantity > 1_000_000:
            raise InvalidInput("quantity", "must be between 1 and 1,000,000", value=req.quantity,
                               code="quantity_range")
        lines.append(OrderLine(line_no=no, service=service.code, format=fmt,
                               quantity=req.quantity,
                               unit_cents=service.unit_price_cents(fmt, req.quantity)))
    return tuple(lines)


def lines_for_item(lines: tuple[OrderLine, ...], fmt: str | None,
                   services: tuple[str, ...]) -> tuple[str, tuple[OrderLine, ...]] | str:
    """Which order lines an item falls under, and its format; or why none fit.

    ``services`` empty means every service of the order. With no format given,
    each service must have a single line in the order to choose from.
    """
    wanted = services or tuple(dict.fromkeys(line.service for line in lines))
    chosen: list[OrderLine] = []
    for service in wanted:
        candidates = [ln for ln in lines if ln.service == service
                      and (fmt is None or ln.format == fmt)]
        if not candidates:
            if not services and fmt is not None:
                continue  # this service is ordered for other formats only
            where = f" in format {fmt}" if fmt else ""
            return f"the order has no line for service {service}{where}"
        if len(candidates) > 1:
            return f"the order has several formats for service {service}: give the format"
        chosen.append(candidates[0])
    if not chosen:
        return f"the order has no line for format {fmt}"
    formats = {ln.format for ln in chosen}
    if len(formats) > 1:
        return "the item's services are ordered in different formats: give the format"
    return formats.pop(), tuple(chosen)


def line_problem(line: int, reason: str, value: str | None) -> Problem:
    """A Problem for an item row that fits no order line."""
    return Problem(field="format", reason=reason, line=line, value=value)
