"""The ``[[services]]`` of a catalogue file: their routings and price lists."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from atelier.domain.catalogue import (
    MAX_LEVEL,
    MIN_LEVEL,
    SERVICE_CATEGORIES,
    Operation,
    PriceBreak,
    Service,
)
from atelier.importing.catalogue.reader import KeyReader, kind

__all__ = ["read_services"]


#: The highest unit price a catalogue may set: 10,000 euros an item.
MAX_UNIT_CENTS = 1_000_000
#: The longest standard time of one operation on one item: a working day.
MAX_STANDARD_MINUTES = 600

def read_services(
    r: KeyReader, value: object, format_codes: Sequence[str], skill_codes: Collection[str]
) -> tuple[Service, ...]:
    """The services, in file order.

    Their prices may name only ``format_codes``, their operations only ``skill_codes``.
    """
    tables = r.tables(value, "services")
    r.non_empty(tables, "services", "service")
    seen: dict[str, str] = {}
    result = []
    for i, table in enumerate(tables):
        key = f"services[{i}]"
        r.check_keys(
            table, key, ("code", "name", "category", "prices"), ("description", "operations")
        )
        code = r.code(table, key)
        r.unique(seen, code, key)
        name = r.string(table, key, "name")
        category = r.choice(table, key, "category", SERVICE_CATEGORIES)
        description = r.string(table, key, "description", optional=True)
        # Missing and empty routings get the same message (checked in read_operations()).
        operations = read_operations(
            r, table.get("operations", []), f"{key}.operations", skill_codes
        )
        prices = read_prices(r, table["prices"], f"{key}.prices", format_codes)
        result.append(
            Service(
                code=code,
                name=name,
                category=category,
                operations=operations,
                prices=prices,
                description=description,
            )
        )
    return tuple(result)


def read_operations(
    r: KeyReader, value: object, key: str, skill_codes: Collection[str]
) -> tuple[Operation, ...]:
    """A service's routing: at least one operation, never a checkpoint first."""
    tables = r.tables(value, key)
    if not tables:
        r.fail(key, "a service needs at least one operation (its routing)")
    seen: dict[str, str] = {}
    result = []
    for i, table in enumerate(tables):
        op_key = f"{key}[{i}]"
        r.check_keys(
            table,
            op_key,
            ("code", "name", "standard_minutes", "skill", "min_level"),
            ("checkpoint",),
        )
        code = r.code(table, op_key)
        r.unique(seen, code, op_key)
        name = r.string(table, op_key, "name")
        minutes = r.number(table, op_key, "standard_minutes")
        if minutes > MAX_STANDARD_MINUTES:
            r.fail(f"{op_key}.standard_minutes",
                   f"at most {MAX_STANDARD_MINUTES} minutes an item, got {minutes:g}")
        if minutes <= 0:
            r.fail(f"{op_key}.standard_minutes", f"must be more than 0, got {minutes:g}")
        skill = r.string(table, op_key, "skill", strip=False)
        if skill not in skill_codes:
            r.fail(f"{op_key}.skill", f"unknown skill {skill!r}: not declared in [[skills]]")
        level = r.integer(table, op_key, "min_level")
        if not MIN_LEVEL <= level <= MAX_LEVEL:
            r.fail(
                f"{op_key}.min_level",
                f"must be between {MIN_LEVEL} and {MAX_LEVEL}, got {level}",
            )
        checkpoint = r.boolean(table, op_key, "checkpoint", default=False)
        if checkpoint and i == 0:
            r.fail(
                f"{op_key}.checkpoint",
                "the first operation of a routing cannot be a checkpoint: "
                "a failed check must re-open a previous step",
            )
        result.append(
            Operation(
                code=code,
                name=name,
                standard_minutes=minutes,
                skill=skill,
                min_level=level,
                checkpoint=checkpoint,
            )
        )
    return tuple(result)


def read_prices(
    r: KeyReader, value: object, key: str, format_codes: Sequence[str]
) -> dict[str, tuple[PriceBreak, ...]]:
    """A service's price list: declared format code -> its price breaks."""
    table = r.table(value, key)
    if not table:
        r.fail(key, "a service needs a price list for at least one format")
    result: dict[str, tuple[PriceBreak, ...]] = {}
    for fmt, breaks in table.items():
        fmt_key = f"{key}.{fmt}"
        if fmt not in format_codes:
            import difflib  # for a refusal only

            close = difflib.get_close_matches(fmt, format_codes, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            r.fail(fmt_key, f"format {fmt!r} is not declared in [[formats]]{hint}")
        if not isinstance(breaks, list):
            r.fail(
                fmt_key,
                f"expected an array of price breaks like [{{ from = 1, cents = 180 }}], "
                f"got {kind(breaks)}",
            )
        if not breaks:
            r.fail(fmt_key, "the price list is empty")
        result[fmt] = read_price_breaks(r, breaks, fmt_key)
    # In the catalogue's format order, whatever the order of the file.
    return {fmt: result[fmt] for fmt in format_codes if fmt in result}


def read_price_breaks(r: KeyReader, breaks: list[Any], key: str) -> tuple[PriceBreak, ...]:
    """One format's price breaks: from 1, strictly ascending, in positive integer cents."""
    result: list[PriceBreak] = []
    for j, item in enumerate(breaks):
        brk_key = f"{key}[{j}]"
        brk = r.table(item, brk_key)
        r.check_keys(brk, brk_key, ("from", "cents"))
        start = r.integer(brk, brk_key, "from")
        if j == 0 and start != 1:
            r.fail(f"{brk_key}.from", f"the first price break must start at 1, got {start}")
        if result and start <= result[-1].min_quantity:
            r.fail(
                f"{brk_key}.from",
                f"price breaks must be strictly ascending: {start} after "
                f"{result[-1].min_quantity}",
            )
        cents = brk["cents"]
        if isinstance(cents, float):
            r.fail(
                f"{brk_key}.cents",
                f"money is an integer number of cents, got the float {cents}",
            )
        cents = r.integer(brk, brk_key, "cents")
        if cents <= 0:
            r.fail(f"{brk_key}.cents", f"must be a positive number of cents, got {cents}")
        if cents > MAX_UNIT_CENTS:
            r.fail(f"{brk_key}.cents", f"at most {MAX_UNIT_CENTS} cents an item, got {cents}")
        result.append(PriceBreak(min_quantity=start, unit_cents=cents))
    return tuple(result)
