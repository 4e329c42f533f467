"""An order's item list: the books a collectivity lists (or the workshop numbers), and
the order lines each one falls under.

The file readers (:mod:`atelier.importing`) turn a library's export into rows;
here a row becomes a :class:`NewItem` of the order, or a reason why it cannot.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import attrs

from atelier.domain import bounds
from atelier.domain.errors import FileRejected, InvalidInput, Problem, RuleViolation
from atelier.domain.order import OrderLine
from atelier.domain.shape import shown_as

#: Placeholder items numbered in one act, at most.
MAX_PLACEHOLDERS = 100_000
#: An import may take an order line past its ordered quantity (with a warning) up to
#: this many times the quantity; beyond, the file is refused: a list that long is for
#: another order, or the order is wrong.
OVERFLOW_LIMIT = 2.0
#: The largest limit a caller may set.
MAX_OVERFLOW_LIMIT = 100


@attrs.frozen
class NewItem:
    """An item to add to an order, with the order lines (hence the routings) it falls
    under; its texts are bounded as the store keeps them."""

    barcode: str = attrs.field(validator=bounds.text_of(bounds.BARCODE))
    format: str = attrs.field(validator=bounds.text_of(bounds.CODE))
    lines: tuple[OrderLine, ...]
    title: str | None = attrs.field(default=None,
                                    validator=bounds.text_of(bounds.TITLE, optional=True))
    author: str | None = attrs.field(default=None,
                                     validator=bounds.text_of(bounds.AUTHOR, optional=True))
    isbn: str | None = attrs.field(default=None, validator=bounds.text_of(13, optional=True))
    call_number: str | None = attrs.field(
        default=None, validator=bounds.text_of(bounds.CALL_NUMBER, optional=True))
    doc_type: str | None = attrs.field(default=None,
                                       validator=bounds.text_of(bounds.DOC_TYPE, optional=True))
    placeholder: bool = False
    source_line: int | None = None



#: The format and the order lines an item falls under, or why none fit.
Fit = tuple[str, tuple[OrderLine, ...]] | str


def lines_for_item(lines: tuple[OrderLine, ...], fmt: str | None,
                   services: tuple[str, ...]) -> Fit:
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


def listed_item(line: int, barcode: str, fmt: str | None, services: tuple[str, ...],
                order_lines: tuple[OrderLine, ...], existing: Collection[str], *,
                title: str | None = None, author: str | None = None, isbn: str | None = None,
                call_number: str | None = None, doc_type: str | None = None,
                elsewhere: Mapping[str, str] | None = None,
                fits: dict[tuple[str | None, tuple[str, ...]], Fit] | None = None,
                ) -> NewItem | Problem:
    """The item a row of the collectivity's list adds to the order, or the problem that
    keeps it out: a barcode already in the order, or in another open order of the same
    collectivity (``elsewhere``: barcode -> that order's reference), or no order line to
    fall under. ``fits`` remembers :func:`lines_for_item` per format and services for
    the rows of one list (its answer depends on nothing else)."""
    if barcode in existing:
        return Problem("barcode", "already in the order", line, barcode)
    other = (elsewhere or {}).get(barcode)
    if other is not None:
        return shared_problem(line, barcode, other)
    fit = None if fits is None else fits.get((fmt, services))
    if fit is None:
        fit = lines_for_item(order_lines, fmt, services)
        if fits is not None:
            fits[(fmt, services)] = fit
    if isinstance(fit, str):
        return line_problem(line, fit, fmt)
    item_format, lines = fit
    return NewItem(barcode=barcode, format=item_format, lines=lines, title=title, author=author,
                   isbn=isbn, call_number=call_number, doc_type=doc_type, source_line=line)


def shared_problem(line: int, barcode: str, other_ref: str) -> Problem:
    """A row whose book is already expected or held under another open order of the same
    collectivity: likely a list sent twice, or for the wrong order."""
    return Problem("barcode", f"already in open order {other_ref} of the same collectivity "
                              "(allow shared barcodes to import it anyway)", line, barcode)


@attrs.frozen
class LineOverflow:
    """An order line an import takes past its ordered quantity: ``listed`` items (those
    listed before and those the file adds) for ``ordered``."""

    line_no: int = attrs.field(metadata=shown_as("line"))
    service: str
    format: str
    ordered: int
    listed: int


def check_overflow_limit(limit: float) -> float:
    """How far past its quantity an import may take a line: 1 (not at all) to
    :data:`MAX_OVERFLOW_LIMIT` times the quantity."""
    return bounds.number(limit, "overflow_limit", 1, MAX_OVERFLOW_LIMIT)


def over_quantity(order_lines: tuple[OrderLine, ...], before: Mapping[int, int],
                  adding: Mapping[int, int], limit: float) -> tuple[LineOverflow, ...]:
    """The lines an import of ``adding`` items (by line id) takes past their quantity, to
    warn about; RuleViolation ``items_over_quantity`` with the numbers when a line would
    hold more than ``limit`` times its quantity. ``before``: items listed already."""
    over: list[LineOverflow] = []
    for ln in order_lines:
        added = adding.get(ln.id, 0)
        listed = before.get(ln.id, 0) + added
        if not added or listed <= ln.quantity:
            continue
        most = int(ln.quantity * limit)
        if listed > most:
            raise RuleViolation(
                f"line {ln.line_no} ({ln.service}:{ln.format}): {listed} items listed for "
                f"{ln.quantity} ordered, more than {limit:g} times the quantity (at most "
                f"{most})", code="items_over_quantity", line=ln.line_no, service=ln.service,
                format=ln.format, ordered=ln.quantity, listed=listed, limit=f"{limit:g}",
                most=most)
        over.append(LineOverflow(line_no=ln.line_no, service=ln.service, format=ln.format,
                                 ordered=ln.quantity, listed=listed))
    return tuple(over)


def check_list(source: str, problems: list[Problem]) -> None:
    """A list with any problem is refused whole, every problem named by line and field."""
    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.field))
        raise FileRejected(source, problems)


def placeholder_plan(order_lines: tuple[OrderLine, ...], fmt: str | None,
                     count: int | None) -> list[tuple[str, tuple[OrderLine, ...], int]]:
    """``(format, lines, how many)`` placeholder items to number for an order that came
    without a list: each item falls under every line of its format; without ``count``,
    one item per unit of the largest line of each format (only ``fmt`` if given)."""
    formats = [fmt] if fmt else list(dict.fromkeys(ln.format for ln in order_lines))
    plan = []
    for f in formats:
        lines = tuple(ln for ln in order_lines if ln.format == f)
        if not lines:
            raise InvalidInput("format", "the order has no line in this format",
                               value=f if isinstance(f, str) else repr(f)[:40],
                               code="format_not_ordered")
        n = count if count is not None else max(ln.quantity for ln in lines)
        plan.append((f, lines, check_placeholder_count(n)))
    return plan


def check_placeholder_count(count: int) -> int:
    """How many placeholder items one act may number: 1 to :data:`MAX_PLACEHOLDERS`."""
    return bounds.integer(count, "count", 1, MAX_PLACEHOLDERS, code="count_range")


def placeholder_barcodes(ref: str, start: int, count: int, taken: Collection[str]) -> list[str]:
    """``count`` barcodes ``REF-00001``… numbered after ``start``, skipping those taken."""
    found: list[str] = []
    number = start
    while len(found) < count:
        number += 1
        barcode = f"{ref}-{number:05d}"
        if barcode not in taken:
            found.append(barcode)
    return found
