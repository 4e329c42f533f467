"""Bodies of the catalogue, collectivity, order and audit routes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from atelier.domain.collectivity import KINDS
from atelier.domain.order import STATUSES
from atelier_api.schemas.common import (
    MAX_ID,
    Day,
    Id,
    Moment,
    Page,
    RequestBody,
    example_of,
    examples,
    one_of,
    page_examples,
)

# -- set-up and catalogue ------------------------------------------------------------


class SetupDone(BaseModel):
    """The database is at this version's schema and the catalogue is installed."""

    model_config = examples({"schema_revision": "0007", "catalogue_id": 1, "created": False,
                             "catalogue": "reliure", "version": "2026.1"})

    schema_revision: str | None
    catalogue_id: int
    created: bool = Field(description="Whether this catalogue (code and version) was new.")
    catalogue: str
    version: str


class FormatOut(BaseModel):
    """An item format."""

    code: str = Field(examples=["standard"])
    name: str = Field(examples=["Standard (18 à 25 cm)"])


class PriceBreakOut(BaseModel):
    """From ``min_quantity`` items on a line, each costs ``unit_cents``."""

    min_quantity: int = Field(examples=[100])
    unit_cents: int = Field(examples=[200])


class OperationOut(BaseModel):
    """One step of a service's routing."""

    code: str = Field(examples=["apply_film"])
    name: str = Field(examples=["Poser le film sur les plats et le dos"])
    standard_minutes: float = Field(examples=[2.0])
    skill: str = Field(examples=["film_apply"])
    min_level: int = Field(examples=[2])
    checkpoint: bool = Field(examples=[False])


class ServiceOut(BaseModel):
    """A sellable kind of work: its routing and its prices per format."""

    code: str = Field(examples=["couvrage"])
    name: str = Field(examples=["Couvrage avec film adhésif"])
    category: str = Field(examples=["protection"])
    description: str
    formats: list[str] = Field(examples=[["poche", "standard"]])
    prices: dict[str, list[PriceBreakOut]]
    standard_minutes: float = Field(examples=[5.5])
    operations: list[OperationOut]


class SkillOut(BaseModel):
    """A skill of the referential."""

    code: str = Field(examples=["film_cut"])
    name: str = Field(examples=["Découper le film adhésif aux dimensions"])
    kind: str = Field(examples=["technical"])
    reference: str = Field(examples=["ROME B1402"])


class DefectOut(BaseModel):
    """A defect code a failed quality check may give."""

    code: str = Field(examples=["bubble"])
    label: str = Field(examples=["Bulles sous le film"])


class EvidenceRuleOut(BaseModel):
    """When production supports a level."""

    level: int
    min_items: int
    min_pass_rate: float
    autonomous_only: bool


class CatalogueOut(BaseModel):
    """The active catalogue: formats, services with routings and prices, skills, defects."""

    model_config = examples({
        "code": "reliure", "name": "Reliure, couvrage et équipement de documents",
        "version": "2026.1", "formats": [{"code": "standard", "name": "Standard (18 à 25 cm)"}],
        "services": [{
            "code": "couvrage", "name": "Couvrage avec film adhésif", "category": "protection",
            "description": "Film polypropylène rembordé.", "formats": ["standard"],
            "prices": {"standard": [{"min_quantity": 1, "unit_cents": 220},
                                    {"min_quantity": 100, "unit_cents": 200}]},
            "standard_minutes": 2.5,
            "operations": [{"code": "apply_film", "name": "Poser le film",
                            "standard_minutes": 2.0, "skill": "film_apply", "min_level": 2,
                            "checkpoint": False},
                           {"code": "check", "name": "Contrôle qualité", "standard_minutes": 0.5,
                            "skill": "quality_check", "min_level": 3, "checkpoint": True}]}],
        "skills": [{"code": "film_apply", "name": "Poser le film", "kind": "technical",
                    "reference": "ROME B1402"}],
        "defects": [{"code": "bubble", "label": "Bulles sous le film"}],
        "evidence": [{"level": 2, "min_items": 10, "min_pass_rate": 0.8,
                      "autonomous_only": False}]})

    code: str
    name: str
    version: str
    formats: list[FormatOut]
    services: list[ServiceOut]
    skills: list[SkillOut]
    defects: list[DefectOut]
    evidence: list[EvidenceRuleOut]


# -- collectivities ---------------------------------------------------------------------


class ContactIn(RequestBody):
    """A person to reach at the collectivity."""

    name: str = Field(min_length=1, max_length=200, examples=["Anne Le Gall"])
    role: str = Field(default="", max_length=100, examples=["responsable des collections"])
    email: str = Field(default="", max_length=200, examples=["anne.legall@example.fr"])
    phone: str = Field(default="", max_length=50, examples=["02 98 00 00 00"])


class CollectivityIn(RequestBody):
    """A client collectivity to register."""

    model_config = examples({"name": "Médiathèque de Brest", "kind": "mediatheque",
                             "siret": "21290019500018", "chorus_service_code": "MEDIA-01",
                             "engagement_ref": "EJ-2026-118",
                             "contacts": [{"name": "Anne Le Gall",
                                           "role": "responsable des collections",
                                           "email": "anne.legall@example.fr", "phone": ""}]})

    name: str = Field(max_length=400)
    kind: str = Field(max_length=40, json_schema_extra=one_of(KINDS))
    siret: str | None = Field(default=None, max_length=40,
                              description="14 digits, check digits verified.")
    chorus_service_code: str | None = Field(default=None, max_length=100)
    engagement_ref: str | None = Field(default=None, max_length=100)
    contacts: list[ContactIn] = Field(default_factory=list, max_length=50)


class ContactOut(BaseModel):
    """A person to reach at the collectivity."""

    name: str
    role: str
    email: str
    phone: str


class CollectivityOut(BaseModel):
    """A client collectivity with its procurement references."""

    model_config = examples({"id": 1, "name": "Médiathèque de Brest", "kind": "mediatheque",
                             "siret": "21290019500018", "chorus_service_code": "MEDIA-01",
                             "engagement_ref": "EJ-2026-118", "contacts": []})

    id: int
    name: str
    kind: str
    siret: str | None
    chorus_service_code: str | None
    engagement_ref: str | None
    contacts: list[ContactOut]


class CollectivityPage(Page[CollectivityOut]):
    """A page of collectivities, by name."""

    model_config = page_examples(CollectivityOut)


# -- orders -------------------------------------------------------------------------------


class LineIn(RequestBody):
    """A line of an order: a service of the catalogue, a format (default: standard, or the
    service's first) and a quantity."""

    service: str = Field(min_length=1, max_length=100, examples=["couvrage"])
    format: str | None = Field(default=None, max_length=100, examples=["standard"])
    quantity: int = Field(ge=1, le=1_000_000, strict=True, examples=[120])


class OrderIn(RequestBody):
    """An order to create: a quote unless ``accepted``."""

    model_config = examples({"collectivity_id": 1,
                             "lines": [{"service": "couvrage", "format": "standard",
                                        "quantity": 120},
                                       {"service": "cotation", "quantity": 120}],
                             "due_date": "2026-06-30", "purchase_order": "BC-2026-118",
                             "reserved_contract": True, "accepted": False})

    collectivity_id: Id
    lines: list[LineIn] = Field(min_length=1, max_length=200)
    due_date: Day | None = None
    purchase_order: str | None = Field(default=None, max_length=100)
    reserved_contract: bool = Field(default=False, strict=True,
                                    description="A reserved public contract (insertion).")
    accepted: bool = Field(default=False, strict=True,
                           description="Accepted at once (no quote stage).")


class VersionIn(RequestBody):
    """Optimistic locking: the order's ``version`` as last read (optional)."""

    model_config = examples({"expected_version": 1})

    expected_version: int | None = Field(default=None, ge=1, le=MAX_ID, strict=True)


class CancelIn(RequestBody):
    """Why the order is cancelled."""

    model_config = examples({"reason": "budget withdrawn", "expected_version": 2})

    reason: str = Field(max_length=500)
    expected_version: int | None = Field(default=None, ge=1, le=MAX_ID, strict=True)


class OrderSummaryOut(BaseModel):
    """A line of the order list."""

    model_config = examples({"ref": "CMD-2026-0042", "collectivity": "Médiathèque de Brest",
                             "status": "in_progress", "due_date": "2026-06-30", "items": 120,
                             "total_cents": 26400})

    ref: str
    collectivity: str
    status: str = Field(json_schema_extra=one_of(STATUSES))
    due_date: dt.date | None
    items: int
    total_cents: int


class OrderPage(Page[OrderSummaryOut]):
    """A page of orders, newest first."""

    model_config = page_examples(OrderSummaryOut)


class CustodyCountsOut(BaseModel):
    """How many items of the order are in each custody state."""

    total: int
    expected: int
    received: int
    in_workshop: int
    ready: int
    returned: int
    missing: int
    refused: int
    received_ever: int = Field(description="Items ever received, whatever their state now.")
    missing_received: int = Field(description="Missing items that had been received.")


class ServiceProgressOut(BaseModel):
    """Progress of one order line."""

    line: int
    service: str
    format: str
    quantity: int
    unit_cents: int
    items: int
    items_done: int
    tasks_total: int
    tasks_done: int
    percent: int
    remaining_minutes: float


class DeliverySummaryOut(BaseModel):
    """One delivery note of the order."""

    number: str
    delivered_on: dt.date
    items: int


class OrderStatusOut(BaseModel):
    """Where an order stands: status, items by custody, progress per line, deliveries."""

    model_config = examples({
        "ref": "CMD-2026-0042", "status": "in_progress", "collectivity": "Médiathèque de Brest",
        "created_on": "2026-03-02", "due_date": "2026-06-30", "purchase_order": "BC-2026-118",
        "reserved_contract": True, "total_cents": 26400,
        "items": {"total": 120, "expected": 20, "received": 0, "in_workshop": 60, "ready": 30,
                  "returned": 10, "missing": 0, "refused": 0, "received_ever": 100,
                  "missing_received": 0},
        "services": [{"line": 1, "service": "couvrage", "format": "standard", "quantity": 120,
                      "unit_cents": 220, "items": 120, "items_done": 40, "tasks_total": 600,
                      "tasks_done": 310, "percent": 51, "remaining_minutes": 317.5}],
        "deliveries": [{"number": "BL-2026-0007", "delivered_on": "2026-03-20", "items": 10}],
        "version": 3})

    ref: str
    status: str = Field(json_schema_extra=one_of(STATUSES))
    collectivity: str
    created_on: dt.date
    due_date: dt.date | None
    purchase_order: str | None
    reserved_contract: bool
    total_cents: int
    items: CustodyCountsOut
    services: list[ServiceProgressOut]
    deliveries: list[DeliverySummaryOut]
    version: int = Field(description="Give it back as ``expected_version`` to act only if "
                                     "nobody changed the order meanwhile.")


# -- audit ----------------------------------------------------------------------------------


class AuditRecordOut(BaseModel):
    """One audit record: who did what, when, through which door, before → after."""

    model_config = examples({"id": 12, "at": "2026-03-02T09:14:03+01:00", "actor": "claire",
                             "door": "api", "action": "order.accept", "entity": "order",
                             "entity_key": "CMD-2026-0042", "before": {"state": "quote"},
                             "after": {"state": "accepted"}})

    id: int
    at: Moment
    actor: str
    door: str
    action: str
    entity: str
    entity_key: str
    before: Any = None
    after: Any = None


class AuditPage(BaseModel):
    """A page of the audit log, newest first.

    The log is not counted: ``total`` is given when this page reaches its end, and is
    null when more records follow (ask for the next ``offset``).
    """

    model_config = examples({"items": [example_of(AuditRecordOut)], "total": 1, "limit": 100,
                             "offset": 0, "more": False})

    items: list[AuditRecordOut]
    total: int | None
    limit: int
    offset: int
    more: bool = Field(description="Whether older records follow this page.")

