"""Routes: production — work records, quality checks, deliveries and their barcodes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from fastapi import Path as PathParam
from fastapi.responses import PlainTextResponse

from atelier import Workshop
from atelier.domain import bounds
from atelier_api.deps import Staff
from atelier_api.routes.orders import OrderRef
from atelier_api.schemas.common import staff
from atelier_api.schemas.production import (
    CheckIn,
    CheckOut,
    DeliverIn,
    DeliveryOut,
    WorkIn,
    WorkOut,
)
from atelier_api.shapes import shown

router = APIRouter(tags=["production"])

DeliveryNumber = Annotated[str, PathParam(max_length=bounds.REF, examples=["BL-2026-0007"],
                                          description="The delivery note's number.")]


@router.post("/orders/{ref}/work", summary="Record work done by a trainee",
             **staff(Workshop.record_work, 404, 409, returns=WorkOut, status=201))
def record_work(ws: Staff, ref: OrderRef, body: WorkIn) -> Any:
    """An operation done by a trainee on items. The skill gate applies (409 ``skill_gate``):
    the trainee holds the level the operation needs, or one level below with a named
    ``supervisor``."""
    return shown(ws.record_work(ref, body.operation, body.trainee, body.barcodes,
                                minutes=body.minutes, supervisor=body.supervisor,
                                service=body.service, day=body.day))


@router.post("/orders/{ref}/checks", summary="A quality check at a checkpoint",
             **staff(Workshop.check, 404, 409, returns=CheckOut, status=201))
def check(ws: Staff, ref: OrderRef, body: CheckIn) -> Any:
    """Pass, or fail with a defect code of the catalogue: the previous operation is
    re-opened for rework."""
    return shown(ws.check(ref, body.operation, body.barcodes, passed=body.passed,
                          defect=body.defect, checker=body.checker, service=body.service))


@router.post("/orders/{ref}/deliveries", summary="Deliver finished items",
             **staff(Workshop.deliver, 404, 409, returns=DeliveryOut, status=201))
def deliver(ws: Staff, ref: OrderRef, body: DeliverIn | None = None) -> Any:
    """Hand finished items back under a new numbered delivery note (gapless per year)."""
    r = ws.deliver(ref, body.barcodes if body else None)
    return shown(ws.delivery(r.number))


@router.get("/deliveries/{number}", summary="A delivery note",
            **staff(Workshop.delivery, 404, returns=DeliveryOut))
def get_delivery(ws: Staff, number: DeliveryNumber) -> Any:
    """The note's order, date and returned barcodes."""
    return shown(ws.delivery(number))


@router.get("/deliveries/{number}/barcodes", response_class=PlainTextResponse,
            summary="The returned barcodes, one per line",
            **staff(Workshop.delivery, 404, responses={200: {"content": {"text/plain": {
                "schema": {"type": "string"}, "example": "2901900000001\n2901900000002\n"}}}}))
def delivery_barcodes(ws: Staff, number: DeliveryNumber) -> PlainTextResponse:
    """What a library feeds to its batch tools to check the books back in."""
    d = ws.delivery(number)
    return PlainTextResponse("".join(f"{code}\n" for code in d.barcodes),
                             headers={"Content-Disposition":
                                      f'attachment; filename="{d.number}.txt"'})
