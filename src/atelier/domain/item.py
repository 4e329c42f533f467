"""Items and their custody: where each physical book is (DOMAIN rule 3).

Custody states: expected → received → in_workshop → ready → returned; or
missing, or refused (both with a reason). Returned, missing and refused are
final. The balance ``received = in workshop + ready + returned + missing +
refused`` (counting every item ever received) holds after every act.
"""

from __future__ import annotations

import re
from typing import ClassVar, Final, Literal, get_args

import attrs

from atelier.domain import bounds
from atelier.domain.errors import InvalidInput, RuleViolation

#: Where an item is.
Custody = Literal["expected", "received", "in_workshop", "ready", "returned", "missing",
                  "refused"]

EXPECTED: Final = "expected"
RECEIVED: Final = "received"
IN_WORKSHOP: Final = "in_workshop"
READY: Final = "ready"
RETURNED: Final = "returned"
MISSING: Final = "missing"
REFUSED: Final = "refused"

#: Every custody state, in lifecycle order.
CUSTODY_STATES: tuple[Custody, ...] = get_args(Custody)
FINAL_STATES = frozenset({RETURNED, MISSING, REFUSED})

#: Allowed custody moves: from -> the states it may go to.
TRANSITIONS: dict[str, frozenset[str]] = {
    EXPECTED: frozenset({RECEIVED, MISSING}),
    RECEIVED: frozenset({IN_WORKSHOP, READY, MISSING, REFUSED}),
    IN_WORKSHOP: frozenset({READY, MISSING, REFUSED}),
    READY: frozenset({RETURNED, MISSING, IN_WORKSHOP}),
    RETURNED: frozenset(),
    MISSING: frozenset(),
    REFUSED: frozenset(),
}

_BARCODE = re.compile(r"^[^\s\x00-\x1f\x7f]{1,64}$")


def validate_barcode(value: str) -> str:
    """A library barcode: 1 to 64 printable characters without spaces."""
    cleaned = value.strip() if isinstance(value, str) else ""
    if not _BARCODE.match(cleaned) or bounds.has_control(cleaned):
        raise InvalidInput("barcode", "1 to 64 printable characters without spaces",
                           value=value if isinstance(value, str) else repr(value)[:40],
                           code="barcode_invalid")
    return cleaned


def check_custody(value: str) -> Custody:
    """``value`` if it is a custody state, else InvalidInput ``custody_invalid``."""
    return bounds.choice(value, CUSTODY_STATES, "custody", code="custody_invalid")


def check_move(barcode: str, current: str, target: str) -> None:
    """Refuse a custody move the rules do not allow, naming the item."""
    if target not in TRANSITIONS.get(current, frozenset()):
        raise RuleViolation(
            f"item {barcode}: cannot go from {current} to {target}",
            code="custody_move_refused", barcode=barcode, current=current, target=target)


def require_reason(state: str, reason: str | None) -> str:
    """Missing and refused items need a reason (why, for the client)."""
    cleaned = (reason or "").strip()
    if not cleaned:
        raise InvalidInput("reason", f"a reason is required to mark an item {state}",
                           code="reason_required", state=state)
    return cleaned


@attrs.frozen
class CustodyCounts:
    """How many items of an order are in each custody state."""

    DERIVED: ClassVar[tuple[str, ...]] = ("total",)

    expected: int = 0
    received: int = 0
    in_workshop: int = 0
    ready: int = 0
    returned: int = 0
    missing: int = 0
    refused: int = 0
    #: Items ever received (received_at set), whatever their state now.
    received_ever: int = 0
    #: Missing items that had been received (lost in the workshop's custody).
    missing_received: int = 0

    @classmethod
    def from_mapping(cls, counts: dict[str, int], received_ever: int,
                     missing_received: int = 0) -> CustodyCounts:
        """Build from a ``{state: count}`` mapping; unknown states are an error."""
        unknown = set(counts) - set(CUSTODY_STATES)
        if unknown:
            raise ValueError(f"unknown custody states {sorted(unknown)}")
        return cls(received_ever=received_ever, missing_received=missing_received,
                   **{s: counts.get(s, 0) for s in CUSTODY_STATES})

    @classmethod
    def from_rows(cls, rows: list[tuple[str, int, int]]) -> CustodyCounts:
        """Build from ``(state, items, items ever received)`` rows of a GROUP BY."""
        by_state = {state: n for state, n, _ in rows}
        received = {state: r for state, _, r in rows}
        return cls.from_mapping(by_state, sum(received.values()), received.get(MISSING, 0))

    @property
    def total(self) -> int:
        """Every item of the order, in whatever state."""
        return (self.expected + self.received + self.in_workshop + self.ready + self.returned
                + self.missing + self.refused)

    @property
    def in_custody(self) -> int:
        """Items physically held by the workshop now."""
        return self.received + self.in_workshop + self.ready

    @property
    def open(self) -> int:
        """Items not yet in a final state."""
        return self.expected + self.in_custody

    def balanced(self, missing_never_received: int | None = None) -> bool:
        """DOMAIN rule 3: every item received is held, returned, missing or refused.

        ``missing_never_received`` are items marked missing that never arrived
        (they were never in the workshop's custody); by default, what the counts
        themselves say (``missing - missing_received``).
        """
        if missing_never_received is None:
            missing_never_received = self.missing - self.missing_received
        accounted = (self.received + self.in_workshop + self.ready + self.returned
                     + (self.missing - missing_never_received) + self.refused)
        return self.received_ever == accounted


def check_final_move(state: Custody, reason: str | None) -> str:
    """Missing and refused items need a reason (why, for the client), of one line."""
    cleaned = require_reason(state, reason)
    return bounds.text(cleaned, "reason", bounds.REASON)
