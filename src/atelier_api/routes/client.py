"""The collectivity's JSON (``/api/v1/client``): its orders, progress, deliveries.

Every route takes a collectivity token (``Authorization: Bearer atc_…``) and
reads only what it may see: another client's order or delivery, or an order
outside a link limited to one order, answers ``404`` exactly like an id that
does not exist. Orders are named by their unguessable ``public_id``. Nothing
here names who worked on the books. Responses are ``Cache-Control: no-store``
and each token is held to ``client_rate_per_minute`` requests (``429``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import PlainTextResponse, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field

from atelier.domain.errors import AtelierError
from atelier.domain.item import CUSTODY_STATES
from atelier.domain.tracking import CUSTODY_FR, ClientOrder, ClientOverview
from atelier.services.tracking import MAX_OFFSET
from atelier_api.deps import AnyWorkshop
from atelier_api.problems import PROBLEM_JSON, problem_responses
from atelier_api.ratelimit import LimitedClient, TooManyRequests, too_many_requests

PUBLIC_ID = "5f0c2a9e4b7d41c3a8e6f1d2c3b4a596"

#: Examples of the schema (JSON values).
_CUSTODY_EXAMPLE: dict[str, Any] = {
    "total": 60, "expected": 0, "received": 0, "in_workshop": 20, "ready": 11,
    "returned": 29, "missing": 0, "refused": 0}
_SERVICE_EXAMPLE: dict[str, Any] = {
    "line": 1, "service": "couvrage", "name": "Couvrage avec film adhésif",
    "format": "standard", "format_name": "Standard (18 à 25 cm)", "quantity": 60, "items": 60,
    "items_done": 40, "percent": 72}
_DELIVERY_EXAMPLE: dict[str, Any] = {
    "number": "BL-2026-0007", "delivered_on": "2026-03-20", "items": 29,
    "barcodes_url": "/api/v1/client/deliveries/BL-2026-0007/barcodes.txt"}
_ESTIMATE_EXAMPLE: dict[str, Any] = {
    "expected_on": "2026-03-12", "basis": "estimated",
    "method_fr": "Date estimée selon le travail restant : …",
    "method_en": "Expected date from the work left: …",
    "order_minutes": 330, "ahead_minutes": 1200, "minutes_per_day": 1152, "working_days": 2}
_ORDER_EXAMPLE: dict[str, Any] = {
    "public_id": PUBLIC_ID, "ref": "CMD-2026-0003", "collectivity": "Médiathèque de Brest",
    "status": "partially_delivered",
    "status_label": "livrée en partie", "created_on": "2026-03-02", "due_date": "2026-04-15",
    "purchase_order": "BC-2026-118", "percent": 80, "items": _CUSTODY_EXAMPLE,
    "services": [_SERVICE_EXAMPLE], "deliveries": [_DELIVERY_EXAMPLE],
    "expected_on": "2026-03-12", "estimate": _ESTIMATE_EXAMPLE}


class NoStoreRoute(APIRoute):
    """A collectivity route: ``Cache-Control: no-store`` on every answer, and ``429``
    with ``Retry-After`` when the token is over its rate."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                response = await handle(request)
            except TooManyRequests as exc:
                return too_many_requests(exc)
            except AtelierError as exc:
                translate = request.app.exception_handlers[AtelierError]
                response = await translate(request, exc)
            response.headers["Cache-Control"] = "no-store"
            return response

        return route


router = APIRouter(tags=["client"], route_class=NoStoreRoute)


class CustodyOut(BaseModel):
    """How many of the order's documents are in each custody state."""

    model_config = {"json_schema_extra": {"examples": [_CUSTODY_EXAMPLE]}}

    total: int = Field(description="Every document of the order.")
    expected: int = Field(description=f"Listed, not received yet ({CUSTODY_FR['expected']}).")
    received: int = Field(description=f"Received, not started ({CUSTODY_FR['received']}).")
    in_workshop: int = Field(description=f"Being worked on ({CUSTODY_FR['in_workshop']}).")
    ready: int = Field(description=f"Finished, waiting for delivery ({CUSTODY_FR['ready']}).")
    returned: int = Field(description=f"Delivered back ({CUSTODY_FR['returned']}).")
    missing: int = Field(description=f"Could not be found ({CUSTODY_FR['missing']}).")
    refused: int = Field(description=f"Handed back as they were ({CUSTODY_FR['refused']}).")


class ServiceOut(BaseModel):
    """Progress of one service line: ``percent`` of its work done, and documents finished."""

    model_config = {"json_schema_extra": {"examples": [_SERVICE_EXAMPLE]}}

    line: int
    service: str = Field(description="The service's code in the workshop's catalogue.")
    name: str = Field(description="The service, in French.")
    format: str
    format_name: str
    quantity: int = Field(description="Documents ordered.")
    items: int = Field(description="Documents listed for this service.")
    items_done: int = Field(description="Documents finished for this service.")
    percent: int = Field(ge=0, le=100, description="Share of the line's work done.")


class DeliveryOut(BaseModel):
    """A delivery note of the order; ``barcodes_url`` lists the documents it returned."""

    model_config = {"json_schema_extra": {"examples": [_DELIVERY_EXAMPLE]}}

    number: str
    delivered_on: dt.date
    items: int
    barcodes_url: str


class EstimateOut(BaseModel):
    """The expected completion date and how it was reached (``basis``: ``estimated``,
    ``no_capacity``, ``work_done``, ``closed``, ``cancelled``, ``quote``)."""

    model_config = {"json_schema_extra": {"examples": [_ESTIMATE_EXAMPLE]}}

    expected_on: dt.date | None
    basis: str
    method_fr: str
    method_en: str
    order_minutes: int = Field(description="Standard minutes of work left on this order.")
    ahead_minutes: int = Field(description="Standard minutes left on the orders taken "
                                           "before it (by due date, then arrival).")
    minutes_per_day: int | None = Field(description="The workshop's minutes per working "
                                                    "day (contracts' weekly time ÷ 5).")
    working_days: int | None


class ClientOrderOut(BaseModel):
    """One order as its collectivity sees it."""

    model_config = {"json_schema_extra": {"examples": [_ORDER_EXAMPLE]}}

    public_id: str = Field(pattern=r"^[0-9a-f]{32}$",
                           description="The order's unguessable id, used in URLs.")
    ref: str
    collectivity: str = Field(description="The collectivity's name.")
    status: str
    status_label: str = Field(description="The status in French.")
    created_on: dt.date
    due_date: dt.date | None
    purchase_order: str | None
    percent: int = Field(ge=0, le=100, description="Share of the order's work done.")
    items: CustodyOut
    services: list[ServiceOut]
    deliveries: list[DeliveryOut]
    expected_on: dt.date | None = Field(description="The expected completion date, if any.")
    estimate: EstimateOut


class ClientOrdersOut(BaseModel):
    """The collectivity's orders, newest first (one page)."""

    model_config = {"json_schema_extra": {"examples": [{
        "collectivity": "Médiathèque de Brest", "items": [_ORDER_EXAMPLE], "total": 1,
        "limit": 100, "offset": 0}]}}

    collectivity: str
    items: list[ClientOrderOut]
    total: int
    limit: int
    offset: int


def _problem_json(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Error responses of a route that answers text: problems are still JSON."""
    return {status: {"description": found["description"],
                     "content": {PROBLEM_JSON: {"schema": {
                         "$ref": "#/components/schemas/Problem"}}}}
            for status, found in problem_responses(*statuses).items()}


def barcodes_path(number: str) -> str:
    """The JSON route listing a delivery's barcodes."""
    return f"/api/v1/client/deliveries/{quote(number, safe='')}/barcodes.txt"


def order_out(order: ClientOrder) -> ClientOrderOut:
    """The JSON of one order (only the fields a collectivity may read)."""
    est = order.estimate
    return ClientOrderOut(
        public_id=order.public_id, ref=order.ref, collectivity=order.collectivity,
        status=order.status,
        status_label=order.status_fr, created_on=order.created_on, due_date=order.due_date,
        purchase_order=order.purchase_order, percent=order.percent,
        items=CustodyOut(total=order.items.total,
                         **{s: getattr(order.items, s) for s in CUSTODY_STATES}),
        services=[ServiceOut(line=s.line_no, service=s.service, name=s.service_name,
                             format=s.format, format_name=s.format_name, quantity=s.quantity,
                             items=s.items, items_done=s.items_done, percent=s.percent)
                  for s in order.services],
        deliveries=[DeliveryOut(number=d.number, delivered_on=d.delivered_on, items=d.items,
                                barcodes_url=barcodes_path(d.number))
                    for d in order.deliveries],
        expected_on=est.expected_on,
        estimate=EstimateOut(expected_on=est.expected_on, basis=est.basis,
                             method_fr=est.method_fr, method_en=est.method_en,
                             order_minutes=est.order_minutes, ahead_minutes=est.ahead_minutes,
                             minutes_per_day=est.minutes_per_day,
                             working_days=est.working_days))


def orders_out(overview: ClientOverview, limit: int, offset: int) -> ClientOrdersOut:
    """The JSON of a page of orders."""
    return ClientOrdersOut(collectivity=overview.collectivity,
                           items=[order_out(o) for o in overview.orders],
                           total=overview.total, limit=limit, offset=offset)


@router.get("/orders", response_model=ClientOrdersOut, summary="The collectivity's orders",
            responses=problem_responses(401, 422, 429))
def list_orders(ws: AnyWorkshop, who: LimitedClient,
                limit: int = Query(100, ge=1, le=500, description="Orders per page."),
                offset: int = Query(0, ge=0, le=MAX_OFFSET, description="Orders to skip.")
                ) -> ClientOrdersOut:
    """The orders of the token's collectivity (only its order, for a link limited to
    one), newest first, each with its status, documents by custody state, progress
    per service, deliveries and expected completion date."""
    return orders_out(ws.client_orders(who, limit=limit, offset=offset), limit, offset)


@router.get("/orders/{public_id}", response_model=ClientOrderOut,
            summary="One of the collectivity's orders",
            responses=problem_responses(401, 404, 429))
def get_order(ws: AnyWorkshop, who: LimitedClient,
              public_id: str = Path(examples=[PUBLIC_ID],
                                    description="The order's public id (32 hex digits).")
              ) -> ClientOrderOut:
    """One order of the token's collectivity by its public id; another client's order
    answers 404 (`order_not_found`), as an id that does not exist."""
    return order_out(ws.client_order(who, public_id))


@router.get("/deliveries/{number}/barcodes.txt", response_class=PlainTextResponse,
            summary="Barcodes returned under a delivery note",
            responses={200: {"description": "One barcode per line (UTF-8).",
                             "content": {"text/plain": {
                                 "schema": {"type": "string"},
                                 "example": "0123456789012\n0123456789013\n"}}},
                       **_problem_json(401, 404, 429)})
def delivery_barcodes(ws: AnyWorkshop, who: LimitedClient,
                      number: str = Path(examples=["BL-2026-0007"])
                      ) -> PlainTextResponse:
    """The barcodes of the documents returned under one of the collectivity's delivery
    notes, one per line, to check in at the library; another client's note answers 404."""
    codes = ws.client_delivery_barcodes(who, number)
    return PlainTextResponse("".join(f"{code}\n" for code in codes),
                             media_type="text/plain; charset=utf-8",
                             headers={"Content-Disposition":
                                      f'attachment; filename="{_filename(number)}"'})


def _filename(number: str) -> str:
    """A safe download name for a delivery's barcodes."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in number)
    return f"{safe}-codes-barres.txt"
