"""Routes: set-up, the catalogue, collectivities, orders and their status, the audit log."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Body, Query
from fastapi import Path as PathParam

from atelier.app import Workshop
from atelier.domain.collectivity import KINDS, Contact
from atelier.domain.errors import CatalogueError, InvalidInput
from atelier.domain.order import STATUSES, LineRequest
from atelier.importing.catalogue import catalogue_to_dict
from atelier_api.deps import Staff
from atelier_api.schemas.common import MAX_ID, Paging, one_of, page, staff
from atelier_api.schemas.orders import (
    AuditPage,
    AuditRecordOut,
    CancelIn,
    CatalogueOut,
    CollectivityIn,
    CollectivityOut,
    CollectivityPage,
    OrderIn,
    OrderPage,
    OrderStatusOut,
    OrderSummaryOut,
    SetupDone,
    VersionIn,
)

router = APIRouter()

#: An order reference in a path.
OrderRef = Annotated[str, PathParam(max_length=64, examples=["CMD-2026-0042"],
                                    description="The order's reference.")]
#: The largest catalogue file accepted (the bookbinding one is about 20 kB).
MAX_CATALOGUE_BYTES = 1_000_000


def order_status(ws: Workshop, ref: str) -> OrderStatusOut:
    """The status of ``ref`` as the API shows it."""
    return OrderStatusOut.model_validate(ws.status(ref).as_dict())


# -- set-up and catalogue -------------------------------------------------------------------


@router.post("/setup", response_model=SetupDone, tags=["catalogue"],
             summary="Upgrade the schema and install a catalogue",
             **staff(Workshop.init, 409))
def setup(ws: Staff,
          catalogue: Annotated[bytes | None, Body(
              media_type="text/plain",
              description="A catalogue TOML file (UTF-8, sent as text: any text type); "
                          "none: the bookbinding catalogue.")] = None,
          ) -> SetupDone:
    """Bring the database to this version's schema and install the catalogue sent as the
    body (or the bookbinding catalogue). Safe to repeat: the data stays, and a catalogue
    already installed (same code and version) is kept."""
    if catalogue:
        if len(catalogue) > MAX_CATALOGUE_BYTES:
            raise InvalidInput("catalogue", f"at most {MAX_CATALOGUE_BYTES} bytes",
                               value=len(catalogue), code="file_too_large")
        with tempfile.TemporaryDirectory(prefix="atelier-api-") as tmp:
            path = Path(tmp) / "catalogue.toml"
            path.write_bytes(catalogue)
            try:
                catalogue_id, created = ws.init(path)
            except CatalogueError as err:
                raise CatalogueError("catalogue.toml", err.key, err.reason) from None
    else:
        catalogue_id, created = ws.init()
    current, _ = ws.schema_revision()
    active = ws.catalogue()
    return SetupDone(schema_revision=current, catalogue_id=catalogue_id, created=created,
                     catalogue=active.code, version=active.version)


@router.get("/catalogue", response_model=CatalogueOut, tags=["catalogue"],
            summary="The active catalogue", **staff(Workshop.catalogue))
def catalogue(ws: Staff) -> CatalogueOut:
    """Formats, services with their routings (operations, standard minutes, skill and level,
    checkpoints) and prices in cents per format and quantity break, skills, defect codes,
    and the evidence thresholds of skill levels."""
    return CatalogueOut.model_validate(catalogue_to_dict(ws.catalogue()))


# -- collectivities -------------------------------------------------------------------------


@router.get("/collectivities", response_model=CollectivityPage, tags=["collectivities"],
            summary="List the collectivities", **staff(Workshop.collectivities))
def list_collectivities(
        ws: Staff, at: Paging,
        kind: Annotated[str | None, Query(max_length=40, description="Only this kind.",
                                          json_schema_extra=one_of(KINDS))] = None,
        name: Annotated[str | None, Query(max_length=200,
                                          description="Only names containing this.")] = None,
) -> CollectivityPage:
    """The client collectivities, by name; filter by ``kind`` or part of the ``name``."""
    if kind is not None and kind not in KINDS:
        raise InvalidInput("kind", "must be one of " + ", ".join(KINDS), value=kind,
                           code="kind_invalid")
    found = ws.collectivities()
    if kind is not None:
        found = [c for c in found if c.kind == kind]
    if name:
        needle = name.casefold()
        found = [c for c in found if needle in c.name.casefold()]
    return page(CollectivityPage, found, at,
                lambda c: CollectivityOut.model_validate(c, from_attributes=True))


@router.post("/collectivities", response_model=CollectivityOut, status_code=201,
             tags=["collectivities"], summary="Register a collectivity",
             **staff(Workshop.add_collectivity))
def add_collectivity(ws: Staff, body: CollectivityIn) -> CollectivityOut:
    """A new client: name, kind, SIRET (check digits verified), Chorus Pro service code,
    engagement number, contacts."""
    new_id = ws.add_collectivity(
        body.name, kind=body.kind, siret=body.siret,
        chorus_service_code=body.chorus_service_code, engagement_ref=body.engagement_ref,
        contacts=[Contact(name=c.name, role=c.role, email=c.email, phone=c.phone)
                  for c in body.contacts])
    return CollectivityOut.model_validate(ws.collectivity(new_id), from_attributes=True)


@router.get("/collectivities/{collectivity_id}", response_model=CollectivityOut,
            tags=["collectivities"], summary="One collectivity",
            **staff(Workshop.collectivity, 404))
def get_collectivity(ws: Staff, collectivity_id: Annotated[int, PathParam(ge=1, le=MAX_ID)],
                     ) -> CollectivityOut:
    """A collectivity by id, with its contacts."""
    return CollectivityOut.model_validate(ws.collectivity(collectivity_id),
                                          from_attributes=True)


# -- orders -----------------------------------------------------------------------------------


@router.get("/orders", response_model=OrderPage, tags=["orders"], summary="List the orders",
            **staff(Workshop.orders, 404))
def list_orders(
        ws: Staff, at: Paging,
        collectivity_id: Annotated[int | None, Query(ge=1, le=MAX_ID,
                                                     description="Only this client's.")] = None,
        status: Annotated[str | None, Query(max_length=40, description="Only in this status.",
                                            json_schema_extra=one_of(STATUSES))] = None,
) -> OrderPage:
    """Every order, newest first; filter by collectivity or status."""
    if status is not None and status not in STATUSES:
        raise InvalidInput("status", "must be one of " + ", ".join(STATUSES), value=status,
                           code="status_invalid")
    found = ws.orders(collectivity_id)
    if status is not None:
        found = [o for o in found if o.status == status]
    return page(OrderPage, found, at,
                lambda o: OrderSummaryOut.model_validate(o, from_attributes=True))


@router.post("/orders", response_model=OrderStatusOut, status_code=201, tags=["orders"],
             summary="Create an order (a quote unless accepted)",
             **staff(Workshop.create_order, 404, 409))
def create_order(ws: Staff, body: OrderIn) -> OrderStatusOut:
    """Lines are priced from the catalogue and frozen; the reference is gapless per year."""
    ref = ws.create_order(
        body.collectivity_id,
        [LineRequest(service=ln.service, format=ln.format, quantity=ln.quantity)
         for ln in body.lines],
        due_date=body.due_date, purchase_order=body.purchase_order,
        reserved_contract=body.reserved_contract, accepted=body.accepted)
    return order_status(ws, ref)


@router.get("/orders/{ref}", response_model=OrderStatusOut, tags=["orders"],
            summary="Where an order stands", **staff(Workshop.status, 404))
def get_order(ws: Staff, ref: OrderRef) -> OrderStatusOut:
    """Status, items by custody state, progress per line (tasks done, remaining standard
    minutes), deliveries, and the version for optimistic locking."""
    return order_status(ws, ref)


@router.post("/orders/{ref}/accept", response_model=OrderStatusOut, tags=["orders"],
             summary="The client accepted the quote", **staff(Workshop.accept, 404, 409))
def accept_order(ws: Staff, ref: OrderRef, body: VersionIn | None = None) -> OrderStatusOut:
    """Accept a quote (with ``expected_version``: only if nobody changed it meanwhile)."""
    ws.accept(ref, expected_version=body.expected_version if body else None)
    return order_status(ws, ref)


@router.post("/orders/{ref}/cancel", response_model=OrderStatusOut, tags=["orders"],
             summary="Cancel an order", **staff(Workshop.cancel, 404, 409))
def cancel_order(ws: Staff, ref: OrderRef, body: CancelIn) -> OrderStatusOut:
    """Cancel an order the workshop holds no books of, with the reason."""
    ws.cancel(ref, body.reason, expected_version=body.expected_version)
    return order_status(ws, ref)


# -- audit -------------------------------------------------------------------------------------


@router.get("/audit", response_model=AuditPage, tags=["audit"],
            summary="The audit log, newest first", **staff(Workshop.audit))
def audit(ws: Staff, at: Paging,
          entity: Annotated[str | None, Query(max_length=64,
                                              examples=["order"])] = None,
          key: Annotated[str | None, Query(max_length=200,
                                           examples=["CMD-2026-0042"])] = None) -> AuditPage:
    """Who did what, when, through which door (cli, api, library), before → after;
    optionally of one entity (and one key). Read only: nothing alters the log."""
    found = ws.audit(entity, key, limit=at.offset + at.limit + 1)
    items = found[at.offset:at.offset + at.limit]
    more = len(found) > at.offset + at.limit
    return AuditPage(items=[AuditRecordOut.model_validate(r, from_attributes=True)
                            for r in items],
                     total=None if more else len(found),
                     limit=at.limit, offset=at.offset, more=more)
