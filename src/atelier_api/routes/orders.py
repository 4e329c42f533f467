"""Routes: set-up, the catalogue, collectivities, orders and their status, the audit log."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query
from fastapi import Path as PathParam

from atelier import CatalogueError, Contact, InvalidInput, LineRequest, Workshop
from atelier.domain import bounds
from atelier.domain.collectivity import KINDS
from atelier.domain.order import STATUSES
from atelier_api.deps import Staff
from atelier_api.schemas.common import MAX_ID, Paging, one_of, page, staff
from atelier_api.schemas.orders import (
    AUDIT_NAMES,
    AuditPage,
    CancelIn,
    CatalogueOut,
    CollectivityIn,
    CollectivityOut,
    CollectivityPage,
    OrderIn,
    OrderPage,
    OrderStatusOut,
    SetupDone,
    VersionIn,
)
from atelier_api.shapes import renamed, shown

router = APIRouter()

#: An order reference in a path.
OrderRef = Annotated[str, PathParam(max_length=bounds.REF, examples=["CMD-2026-0042"],
                                    description="The order's reference.")]
#: The largest catalogue file accepted (the bookbinding one is about 20 kB).
MAX_CATALOGUE_BYTES = 1_000_000


def order_status(ws: Workshop, ref: str) -> Any:
    """The status of ``ref`` as the API shows it."""
    return shown(ws.status(ref))


# -- set-up and catalogue -------------------------------------------------------------------


@router.post("/setup", tags=["catalogue"],
             summary="Upgrade the schema and install a catalogue",
             **staff(Workshop.init, 409, returns=SetupDone))
def setup(ws: Staff,
          catalogue: Annotated[bytes | None, Body(
              media_type="text/plain",
              description="A catalogue TOML file (UTF-8, sent as text: any text type); "
                          "none: the bookbinding catalogue.")] = None,
          ) -> Any:
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
                     catalogue=active.code, version=active.version).model_dump()


@router.get("/catalogue", tags=["catalogue"],
            summary="The active catalogue", **staff(Workshop.catalogue, returns=CatalogueOut))
def catalogue(ws: Staff) -> Any:
    """Formats, services with their routings (operations, standard minutes, skill and level,
    checkpoints) and prices in cents per format and quantity break, skills, defect codes,
    and the evidence thresholds of skill levels."""
    return shown(ws.catalogue())


# -- collectivities -------------------------------------------------------------------------


@router.get("/collectivities", tags=["collectivities"],
            summary="List the collectivities",
            **staff(Workshop.collectivities, returns=CollectivityPage))
def list_collectivities(
        ws: Staff, at: Paging,
        kind: Annotated[str | None, Query(max_length=40, description="Only this kind.",
                                          json_schema_extra=one_of(KINDS))] = None,
        name: Annotated[str | None, Query(max_length=200,
                                          description="Only names containing this.")] = None,
) -> Any:
    """The client collectivities, by name; filter by ``kind`` or part of the ``name``."""
    if kind is not None:
        bounds.choice(kind, KINDS, "kind", code="kind_invalid")
    found = ws.collectivities()
    if kind is not None:
        found = [c for c in found if c.kind == kind]
    if name:
        needle = name.casefold()
        found = [c for c in found if needle in c.name.casefold()]
    return page(found, at)


@router.post("/collectivities", tags=["collectivities"], summary="Register a collectivity",
             **staff(Workshop.add_collectivity, returns=CollectivityOut, status=201))
def add_collectivity(ws: Staff, body: CollectivityIn) -> Any:
    """A new client: name, kind, SIRET (check digits verified), Chorus Pro service code,
    engagement number, contacts."""
    new_id = ws.add_collectivity(
        body.name, kind=body.kind, siret=body.siret,
        chorus_service_code=body.chorus_service_code, engagement_ref=body.engagement_ref,
        contacts=[Contact(name=c.name, role=c.role, email=c.email, phone=c.phone)
                  for c in body.contacts])
    return shown(ws.collectivity(new_id))


@router.get("/collectivities/{collectivity_id}", tags=["collectivities"],
            summary="One collectivity", **staff(Workshop.collectivity, 404,
                                                returns=CollectivityOut))
def get_collectivity(ws: Staff, collectivity_id: Annotated[int, PathParam(ge=1, le=MAX_ID)],
                     ) -> Any:
    """A collectivity by id, with its contacts."""
    return shown(ws.collectivity(collectivity_id))


# -- orders -----------------------------------------------------------------------------------


@router.get("/orders", tags=["orders"], summary="List the orders",
            **staff(Workshop.orders, 404, returns=OrderPage))
def list_orders(
        ws: Staff, at: Paging,
        collectivity_id: Annotated[int | None, Query(ge=1, le=MAX_ID,
                                                     description="Only this client's.")] = None,
        status: Annotated[str | None, Query(max_length=40, description="Only in this status.",
                                            json_schema_extra=one_of(STATUSES))] = None,
) -> Any:
    """Every order, newest first; filter by collectivity or status."""
    if status is None:
        # The page cut in SQL and its total counted, in one transaction: the list costs
        # its page, not the workshop's every order.
        with ws.reading() as scoped:
            total = scoped.order_count(collectivity_id)
            found = scoped.orders(collectivity_id, limit=at.limit, offset=at.offset)
        return {"items": [shown(o) for o in found], "total": total, "limit": at.limit,
                "offset": at.offset}
    # A status is derived from the counters of each order: filtered here, in Python.
    bounds.choice(status, STATUSES, "status", code="status_invalid")
    return page([o for o in ws.orders(collectivity_id) if o.status == status], at)


@router.post("/orders", tags=["orders"], summary="Create an order (a quote unless accepted)",
             **staff(Workshop.create_order, 404, 409, returns=OrderStatusOut, status=201))
def create_order(ws: Staff, body: OrderIn) -> Any:
    """Lines are priced from the catalogue and frozen; the reference is gapless per year."""
    ref = ws.create_order(
        body.collectivity_id,
        [LineRequest(service=ln.service, format=ln.format, quantity=ln.quantity)
         for ln in body.lines],
        due_date=body.due_date, purchase_order=body.purchase_order,
        reserved_contract=body.reserved_contract, accepted=body.accepted)
    return order_status(ws, ref)


@router.get("/orders/{ref}", tags=["orders"], summary="Where an order stands",
            **staff(Workshop.status, 404, returns=OrderStatusOut))
def get_order(ws: Staff, ref: OrderRef) -> Any:
    """Status, items by custody state, progress per line (tasks done, remaining standard
    minutes), deliveries, and the version for optimistic locking."""
    return order_status(ws, ref)


@router.post("/orders/{ref}/accept", tags=["orders"], summary="The client accepted the quote",
             **staff(Workshop.accept, 404, 409, returns=OrderStatusOut))
def accept_order(ws: Staff, ref: OrderRef, body: VersionIn | None = None) -> Any:
    """Accept a quote (with ``expected_version``: only if nobody changed it meanwhile)."""
    ws.accept(ref, expected_version=body.expected_version if body else None)
    return order_status(ws, ref)


@router.post("/orders/{ref}/cancel", tags=["orders"], summary="Cancel an order",
             **staff(Workshop.cancel, 404, 409, returns=OrderStatusOut))
def cancel_order(ws: Staff, ref: OrderRef, body: CancelIn) -> Any:
    """Cancel an order the workshop holds no books of, with the reason."""
    ws.cancel(ref, body.reason, expected_version=body.expected_version)
    return order_status(ws, ref)


# -- audit -------------------------------------------------------------------------------------


@router.get("/audit", tags=["audit"], summary="The audit log, newest first",
            **staff(Workshop.audit, returns=AuditPage))
def audit(ws: Staff, at: Paging,
          entity: Annotated[str | None, Query(max_length=bounds.KEY,
                                              examples=["order"])] = None,
          key: Annotated[str | None, Query(max_length=200,
                                           examples=["CMD-2026-0042"])] = None) -> Any:
    """Who did what, when, through which door (cli, api, library), before → after;
    optionally of one entity (and one key). Read only: nothing alters the log."""
    found = ws.audit(entity, key, limit=at.offset + at.limit + 1)
    items = found[at.offset:at.offset + at.limit]
    more = len(found) > at.offset + at.limit
    return {"items": [renamed(shown(r), AUDIT_NAMES) for r in items],
            "total": None if more else len(found), "limit": at.limit, "offset": at.offset,
            "more": more}
