"""Bodies of the catalogue, collectivity, order and audit routes."""

from __future__ import annotations

from pydantic import BaseModel, Field

from atelier import Catalogue, Collectivity, OrderStatus, OrderSummary
from atelier.domain import bounds
from atelier.domain.collectivity import KINDS, MAX_CONTACTS, SIRET_AS_TYPED
from atelier.domain.order import MAX_LINES, MAX_QUANTITY
from atelier.domain.views import AuditRecord
from atelier_api.schemas.common import (
    MAX_ID,
    Day,
    Id,
    RequestBody,
    example_of,
    examples,
    one_of,
    page_of,
)
from atelier_api.shapes import model_of

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


CatalogueOut = model_of(Catalogue, examples=[{
    "code": "reliure", "name": "Reliure, couvrage et équipement de documents",
    "version": "2026.1", "formats": [{"code": "standard", "name": "Standard (18 à 25 cm)"}],
    "skills": [{"code": "film_apply", "name": "Poser le film", "kind": "technical",
                "reference": "ROME B1402"}],
    "services": [{
        "code": "couvrage", "name": "Couvrage avec film adhésif", "category": "protection",
        "operations": [{"code": "apply_film", "name": "Poser le film",
                        "standard_minutes": 2.0, "skill": "film_apply", "min_level": 2,
                        "checkpoint": False},
                       {"code": "check", "name": "Contrôle qualité", "standard_minutes": 0.5,
                        "skill": "quality_check", "min_level": 3, "checkpoint": True}],
        "prices": {"standard": [{"min_quantity": 1, "unit_cents": 220},
                                {"min_quantity": 100, "unit_cents": 200}]},
        "description": "Film polypropylène rembordé.", "formats": ["standard"],
        "standard_minutes": 2.5}],
    "defects": [{"code": "bubble", "label": "Bulles sous le film"}],
    "evidence": [{"level": 2, "min_items": 10, "min_pass_rate": 0.8,
                  "autonomous_only": False}]}])


# -- collectivities ---------------------------------------------------------------------


class ContactIn(RequestBody):
    """A person to reach at the collectivity."""

    name: str = Field(min_length=1, max_length=bounds.NAME, examples=["Anne Le Gall"])
    role: str = Field(default="", max_length=bounds.CONTACT_ROLE,
                      examples=["responsable des collections"])
    email: str = Field(default="", max_length=bounds.EMAIL, examples=["anne.legall@example.fr"])
    phone: str = Field(default="", max_length=bounds.PHONE, examples=["02 98 00 00 00"])


class CollectivityIn(RequestBody):
    """A client collectivity to register."""

    model_config = examples({"name": "Médiathèque de Brest", "kind": "mediatheque",
                             "siret": "21290019500018", "chorus_service_code": "MEDIA-01",
                             "engagement_ref": "EJ-2026-118",
                             "contacts": [{"name": "Anne Le Gall",
                                           "role": "responsable des collections",
                                           "email": "anne.legall@example.fr", "phone": ""}]})

    name: str = Field(max_length=bounds.NAME)
    kind: str = Field(max_length=40, json_schema_extra=one_of(KINDS))
    siret: str | None = Field(default=None, max_length=SIRET_AS_TYPED,
                              description="14 digits, check digits verified.")
    chorus_service_code: str | None = Field(default=None, max_length=bounds.PROCUREMENT)
    engagement_ref: str | None = Field(default=None, max_length=bounds.PROCUREMENT)
    contacts: list[ContactIn] = Field(default_factory=list, max_length=MAX_CONTACTS)


CollectivityOut = model_of(Collectivity, examples=[{
    "id": 1, "name": "Médiathèque de Brest", "kind": "mediatheque",
    "siret": "21290019500018", "chorus_service_code": "MEDIA-01",
    "engagement_ref": "EJ-2026-118", "contacts": []}])
CollectivityPage = page_of(CollectivityOut, "CollectivityPage",
                           "A page of collectivities, by name.")


# -- orders -------------------------------------------------------------------------------


class LineIn(RequestBody):
    """A line of an order: a service of the catalogue, a format (default: standard, or the
    service's first) and a quantity."""

    service: str = Field(min_length=1, max_length=bounds.CODE, examples=["couvrage"])
    format: str | None = Field(default=None, max_length=bounds.CODE, examples=["standard"])
    quantity: int = Field(ge=1, le=MAX_QUANTITY, strict=True, examples=[120])


class OrderIn(RequestBody):
    """An order to create: a quote unless ``accepted``."""

    model_config = examples({"collectivity_id": 1,
                             "lines": [{"service": "couvrage", "format": "standard",
                                        "quantity": 120},
                                       {"service": "cotation", "quantity": 120}],
                             "due_date": "2026-06-30", "purchase_order": "BC-2026-118",
                             "reserved_contract": True, "accepted": False})

    collectivity_id: Id
    lines: list[LineIn] = Field(min_length=1, max_length=MAX_LINES)
    due_date: Day | None = None
    purchase_order: str | None = Field(default=None, max_length=bounds.PROCUREMENT)
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

    reason: str = Field(max_length=bounds.REASON)
    expected_version: int | None = Field(default=None, ge=1, le=MAX_ID, strict=True)


OrderSummaryOut = model_of(OrderSummary, examples=[{
    "ref": "CMD-2026-0042", "collectivity": "Médiathèque de Brest", "status": "in_progress",
    "due_date": "2026-06-30", "items": 120, "total_cents": 26400}])
OrderPage = page_of(OrderSummaryOut, "OrderPage", "A page of orders, newest first.")

OrderStatusOut = model_of(OrderStatus, examples=[{
    "ref": "CMD-2026-0042", "status": "in_progress", "collectivity": "Médiathèque de Brest",
    "created_on": "2026-03-02", "due_date": "2026-06-30", "purchase_order": "BC-2026-118",
    "reserved_contract": True, "total_cents": 26400,
    "items": {"expected": 20, "received": 0, "in_workshop": 60, "ready": 30, "returned": 10,
              "missing": 0, "refused": 0, "received_ever": 100, "missing_received": 0,
              "total": 120},
    "services": [{"line": 1, "service": "couvrage", "format": "standard", "quantity": 120,
                  "unit_cents": 220, "items": 120, "items_done": 40, "tasks_total": 600,
                  "tasks_done": 310, "remaining_minutes": 317.5, "percent": 51}],
    "deliveries": [{"number": "BL-2026-0007", "delivered_on": "2026-03-20", "items": 10}],
    "version": 3}], descriptions={"version": "Give it back as ``expected_version`` to act "
                                             "only if nobody changed the order meanwhile."})


# -- audit ----------------------------------------------------------------------------------


#: The audit record as the API has always named its key (``entity_key``; the command
#: line and a person's export say ``key``): the API's one difference.
AUDIT_NAMES = {"key": "entity_key"}
AuditRecordOut = model_of(AuditRecord, name="AuditRecordOut", rename=AUDIT_NAMES, examples=[{
    "id": 12, "at": "2026-03-02T09:14:03+01:00", "actor": "claire", "door": "api",
    "action": "order.accept", "entity": "order", "entity_key": "CMD-2026-0042",
    "before": {"state": "quote"}, "after": {"state": "accepted"}}])


class AuditPage(BaseModel):
    """A page of the audit log, newest first.

    The log is not counted: ``total`` is given when this page reaches its end, and is
    null when more records follow (ask for the next ``offset``).
    """

    model_config = examples({"items": [example_of(AuditRecordOut)], "total": 1, "limit": 100,
                             "offset": 0, "more": False})

    items: list[AuditRecordOut]  # type: ignore[valid-type]
    total: int | None
    limit: int
    offset: int
    more: bool = Field(description="Whether older records follow this page.")

