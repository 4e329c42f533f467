"""The catalogue: services, their routings, prices and the skill referential.

A catalogue is data (a TOML file, see ``atelier.importing.catalogue``), so another
structure brings its own trade. These values are immutable; an order freezes
the prices it was quoted with.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import attrs

from atelier.domain.errors import InvalidInput, NotFound, RuleViolation

#: Skill levels: 0 not assessed, 1 discovering, 2 with help, 3 autonomous, 4 can teach.
MIN_LEVEL = 0
MAX_LEVEL = 4

SERVICE_CATEGORIES = ("binding", "protection", "refurbishing", "repair", "equipment", "other")
SKILL_KINDS = ("technical", "transversal")


@attrs.frozen
class Skill:
    """One skill of the referential (technical or transversal)."""

    code: str
    name: str
    kind: str
    #: Reference to an external framework (ROME code, CléA domain), informative.
    reference: str = ""


@attrs.frozen
class Operation:
    """One step of a service's routing, done on one item."""

    code: str
    name: str
    #: Standard time for one item, in minutes (may be fractional, e.g. 0.5).
    standard_minutes: float
    skill: str
    min_level: int
    #: A quality checkpoint: passing it is a staff member's check, failing re-opens work.
    checkpoint: bool = False


@attrs.frozen
class PriceBreak:
    """From ``min_quantity`` items on a line, each costs ``unit_cents``."""

    min_quantity: int
    unit_cents: int


@attrs.frozen
class Service:
    """A sellable kind of work with its routing and its price grid per format."""

    DERIVED: ClassVar[tuple[str, ...]] = ("formats", "standard_minutes")

    code: str
    name: str
    category: str
    operations: tuple[Operation, ...]
    #: format code -> price breaks sorted by min_quantity (the first starts at 1).
    prices: Mapping[str, tuple[PriceBreak, ...]]
    description: str = ""

    @property
    def formats(self) -> tuple[str, ...]:
        """The formats this service is priced for."""
        return tuple(self.prices)

    def unit_price_cents(self, fmt: str, quantity: int) -> int:
        """The unit price for a line of ``quantity`` items of format ``fmt``."""
        if fmt not in self.prices:
            raise InvalidInput("format", f"service {self.code} has no price for this format",
                               value=fmt, code="format_not_priced", service=self.code)
        if quantity < 1:
            raise InvalidInput("quantity", "must be at least 1", value=quantity)
        price = self.prices[fmt][0].unit_cents
        for brk in self.prices[fmt]:
            if quantity >= brk.min_quantity:
                price = brk.unit_cents
        return price

    def operation(self, code: str) -> Operation:
        """The operation of this routing named ``code``."""
        for op in self.operations:
            if op.code == code:
                return op
        raise NotFound("operation", f"{self.code}/{code}")

    @property
    def standard_minutes(self) -> float:
        """Standard minutes to do this service on one item (all operations), to the
        millionth (the sum of decimal fractions carries float noise)."""
        return round(sum(op.standard_minutes for op in self.operations), 6)


@attrs.frozen
class EvidenceRule:
    """When production supports a level: how many items worked and how well checked.

    ``autonomous_only``: only the work recorded without a supervisor counts
    (items and checks); otherwise supervised work counts too.
    ``min_pass_rate`` is a share of the quality checks passed, from 0 to 1.
    """

    level: int
    min_items: int
    min_pass_rate: float
    autonomous_only: bool = False


#: The thresholds of a catalogue that states none: level 2 after 10 items with 80 %
#: of checks passed, supervision allowed; level 3 after 30 items done autonomously
#: with 95 % passed; level 4 after 100 autonomous items with 98 % passed.
DEFAULT_EVIDENCE = (
    EvidenceRule(level=2, min_items=10, min_pass_rate=0.80, autonomous_only=False),
    EvidenceRule(level=3, min_items=30, min_pass_rate=0.95, autonomous_only=True),
    EvidenceRule(level=4, min_items=100, min_pass_rate=0.98, autonomous_only=True),
)


@attrs.frozen
class Defect:
    """A defect a failed quality check may give: its code and what it means."""

    code: str
    label: str


@attrs.frozen
class Format:
    """An item format (poche, standard, grand, hors format…)."""

    code: str
    name: str


@attrs.frozen
class Catalogue:
    """A whole catalogue: formats, skills, services, identified by code and version."""

    code: str
    name: str
    version: str
    formats: tuple[Format, ...]
    skills: tuple[Skill, ...]
    services: tuple[Service, ...]
    #: The defects a failed quality check may give, in catalogue order.
    defects: tuple[Defect, ...] = ()
    #: When evidence from production suggests a higher level, by level.
    evidence: tuple[EvidenceRule, ...] = DEFAULT_EVIDENCE

    def service(self, code: str) -> Service:
        """The service named ``code``, or NotFound."""
        for svc in self.services:
            if svc.code == code:
                return svc
        raise NotFound("service", code)

    def skill(self, code: str) -> Skill:
        """The skill named ``code``, or NotFound."""
        for sk in self.skills:
            if sk.code == code:
                return sk
        raise NotFound("skill", code)

    def defect(self, code: str) -> Defect:
        """The defect named ``code``, or NotFound."""
        for defect in self.defects:
            if defect.code == code:
                return defect
        raise NotFound("defect", code)

    @property
    def defect_codes(self) -> tuple[str, ...]:
        """Codes of the defects, in catalogue order."""
        return tuple(d.code for d in self.defects)

    @property
    def format_codes(self) -> tuple[str, ...]:
        """Codes of the formats, in catalogue order."""
        return tuple(f.code for f in self.formats)

    def operation_codes(self) -> set[str]:
        """Every operation code used by any service."""
        return {op.code for svc in self.services for op in svc.operations}


def require_loaded(found: tuple[int, Catalogue] | None) -> tuple[int, Catalogue]:
    """The active catalogue and its id; nothing can be priced, worked or assessed before
    one is installed."""
    if found is None:
        raise RuleViolation("no catalogue is loaded: run `atelier init`", code="no_catalogue")
    return found
