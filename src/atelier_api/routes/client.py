"""The collectivity's JSON (``/api/v1/client``): its orders, progress, deliveries.

Every route takes a collectivity token (``Authorization: Bearer atc_…``) and
reads only what it may see: another client's order or delivery, or an order
outside a link limited to one order, answers ``404`` exactly like an id that
does not exist. Orders are named by their unguessable ``public_id``. Nothing
here names who worked on the books. Responses are ``Cache-Control: no-store``
and each token is held to ``client_rate_per_minute`` requests (``429``).

Each request makes one thread-pool hop and one transaction: its dependencies
are ``async`` (the token's form, the workshop), and the route's one blocking
call authenticates the token, admits it (a collectivity link, within its rate)
and reads, in that order, in one read-only unit of work
(:func:`atelier_api.onehop.as_client`); the JSON is built once, from the
library's value, and sent as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from atelier import AtelierError, ClientOrder, ClientOverview
from atelier.domain.tracking import MAX_LIMIT, MAX_OFFSET
from atelier.domain.views import DeliverySummary
from atelier_api.deps import AnyWorkshop, Bearer, bearer_token, workshop_of
from atelier_api.encode import json_data
from atelier_api.onehop import admit_only, client_read
from atelier_api.problems import PROBLEM_JSON, problem_responses
from atelier_api.ratelimit import TooManyRequests, too_many_requests
from atelier_api.shapes import model_of

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
    "order_items": 31, "ahead_items": 120, "working_days": 2}
_ORDER_EXAMPLE: dict[str, Any] = {
    "public_id": PUBLIC_ID, "ref": "CMD-2026-0003", "collectivity": "Médiathèque de Brest",
    "status": "partially_delivered",
    "status_label": "livrée en partie", "created_on": "2026-03-02", "due_date": "2026-04-15",
    "purchase_order": "BC-2026-118", "percent": 80, "items": _CUSTODY_EXAMPLE,
    "services": [_SERVICE_EXAMPLE], "deliveries": [_DELIVERY_EXAMPLE],
    "expected_on": "2026-03-12", "delivered_on": None, "never_received": 0,
    "estimate": _ESTIMATE_EXAMPLE}


class NoStoreRoute(APIRoute):
    """A collectivity route: ``Cache-Control: no-store`` on every answer, and ``429``
    with ``Retry-After`` when the token is over its rate.

    A route listed in :data:`_DIRECT` is answered by its direct handler, without
    FastAPI's dependency solving (its parameters are the workshop, the bearer token and
    path strings: nothing a validation could refuse); the route, its parameters and its
    OpenAPI description stay those of its endpoint."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = _DIRECT.get(self.endpoint) or super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                try:
                    response = await handle(request)
                except RequestValidationError:
                    # The token and the rate are checked before the query, as they were
                    # when dependencies checked them: a refused query costs a hop more.
                    await run_in_threadpool(admit_only, request)
                    raise
            except TooManyRequests as exc:
                return too_many_requests(exc)
            except AtelierError as exc:
                translate = request.app.exception_handlers[AtelierError]
                response = await translate(request, exc)
            response.headers["Cache-Control"] = "no-store"
            return response

        return route


#: Direct handlers of the routes whose parameters need no validation, by endpoint: each
#: reads the workshop, the bearer token (``token_missing`` first, as the dependency did)
#: and its path parameters from the request, and calls the endpoint with them.
_DIRECT: dict[Callable[..., Any], Callable[[Request], Coroutine[Any, Any, Response]]] = {}


def _direct(*path_params: str) -> Callable[[Callable[..., Coroutine[Any, Any, Response]]],
                                           Callable[..., Coroutine[Any, Any, Response]]]:
    """Register the direct handler of an endpoint ``(request, ws, token, *path_params)``."""

    def register(endpoint: Callable[..., Coroutine[Any, Any, Response]]
                 ) -> Callable[..., Coroutine[Any, Any, Response]]:
        async def handle(request: Request) -> Response:
            ws = workshop_of(request)
            token = bearer_token(request)
            return await endpoint(request, ws, token,
                                  *(request.path_params[name] for name in path_params))

        _DIRECT[endpoint] = handle
        return endpoint

    return register


router = APIRouter(tags=["client"], route_class=NoStoreRoute)


#: The API's one difference in a collectivity's order: each delivery links to its barcodes.
ClientDeliveryOut = model_of(DeliverySummary, name="ClientDelivery",
                             fields={"barcodes_url": str}, examples=[_DELIVERY_EXAMPLE])
ClientOrderOut = model_of(ClientOrder, name="ClientOrderOut",
                          fields={"deliveries": list[ClientDeliveryOut]},  # type: ignore[valid-type]
                          examples=[_ORDER_EXAMPLE], descriptions={
                              "public_id": "The order's unguessable id, used in URLs.",
                              "collectivity": "The collectivity's name.",
                              "status_label": "The status in French.",
                              "percent": "Share of the order's work done.",
                              "expected_on": "The expected completion date, if any.",
                              "delivered_on": "The day of the last delivery, once the "
                                              "order is delivered.",
                              "never_received": "Documents the list announced that never "
                                                "came, once the order is delivered."})
ClientOrdersOut = model_of(ClientOverview, name="ClientOrdersOut",
                           fields={"items": list[ClientOrderOut]},  # type: ignore[valid-type]
                           examples=[{"collectivity": "Médiathèque de Brest",
                                      "items": [_ORDER_EXAMPLE], "total": 1, "limit": 100,
                                      "offset": 0}])


def _problem_json(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Error responses of a route that answers text: problems are still JSON."""
    return {status: {"description": found["description"],
                     "content": {PROBLEM_JSON: {"schema": {
                         "$ref": "#/components/schemas/Problem"}}}}
            for status, found in problem_responses(*statuses).items()}


def barcodes_path(number: str) -> str:
    """The JSON route listing a delivery's barcodes."""
    return f"/api/v1/client/deliveries/{quote(number, safe='')}/barcodes.txt"


def order_out(order: ClientOrder) -> dict[str, Any]:
    """The JSON of one order (only the fields a collectivity may read), each delivery with
    the link to its barcodes."""
    data: dict[str, Any] = json_data(order)
    data["deliveries"] = [{**d, "barcodes_url": barcodes_path(d["number"])}
                          for d in data["deliveries"]]
    return data


def orders_out(overview: ClientOverview) -> dict[str, Any]:
    """The JSON of a page of orders."""
    data: dict[str, Any] = json_data(overview)
    return {**data, "items": [order_out(o) for o in overview.orders]}


@router.get("/orders", response_model=None, summary="The collectivity's orders",
            responses={200: {"model": ClientOrdersOut, "description": "Successful Response"},
                       **problem_responses(401, 422, 429)})
async def list_orders(request: Request, ws: AnyWorkshop, token: Bearer,
                      limit: int = Query(100, ge=1, le=MAX_LIMIT,
                                         description="Orders per page."),
                      offset: int = Query(0, ge=0, le=MAX_OFFSET,
                                          description="Orders to skip.")
                      ) -> Response:
    """The orders of the token's collectivity (only its order, for a link limited to
    one), newest first, each with its status, documents by custody state, progress
    per service, deliveries and expected completion date."""
    return await client_read(request, ws, token, lambda scoped, who: JSONResponse(
        orders_out(scoped.client_orders(who, limit=limit, offset=offset))))


@router.get("/orders/{public_id}", response_model=None,
            summary="One of the collectivity's orders",
            responses={200: {"model": ClientOrderOut, "description": "Successful Response"},
                       **problem_responses(401, 404, 429)})
@_direct("public_id")
async def get_order(request: Request, ws: AnyWorkshop, token: Bearer,
                    public_id: str = Path(examples=[PUBLIC_ID],
                                          description="The order's public id (32 hex digits).")
                    ) -> Response:
    """One order of the token's collectivity by its public id; another client's order
    answers 404 (`order_not_found`), as an id that does not exist."""
    return await client_read(request, ws, token, lambda scoped, who: JSONResponse(
        order_out(scoped.client_order(who, public_id))))


@router.get("/deliveries/{number}/barcodes.txt", response_class=PlainTextResponse,
            summary="Barcodes returned under a delivery note",
            responses={200: {"description": "One barcode per line (UTF-8).",
                             "content": {"text/plain": {
                                 "schema": {"type": "string"},
                                 "example": "0123456789012\n0123456789013\n"}}},
                       **_problem_json(401, 404, 429)})
@_direct("number")
async def delivery_barcodes(request: Request, ws: AnyWorkshop, token: Bearer,
                            number: str = Path(examples=["BL-2026-0007"])
                            ) -> Response:
    """The barcodes of the documents returned under one of the collectivity's delivery
    notes, one per line, to check in at the library; another client's note answers 404."""
    codes = await client_read(request, ws, token, lambda scoped, who: (
        scoped.client_delivery_barcodes(who, number)))
    return PlainTextResponse("".join(f"{code}\n" for code in codes),
                             media_type="text/plain; charset=utf-8",
                             headers={"Content-Disposition":
                                      f'attachment; filename="{_filename(number)}"'})


def _filename(number: str) -> str:
    """A safe download name for a delivery's barcodes."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in number)
    return f"{safe}-codes-barres.txt"
