"""Routes: production — work records, quality checks, deliveries and their barcodes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from fastapi import Path as PathParam
from fastapi.responses import PlainTextResponse

from atelier.app import Workshop
from atelier.domain.delivery import Delivery
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

router = APIRouter(tags=["production"])

DeliveryNumber = Annotated[str, PathParam(max_length=64, examples=["BL-2026-0007"],
                                          description="The delivery note's number.")]


def _delivery(d: Delivery) -> DeliveryOut:
    return DeliveryOut(number=d.number, ref=d.order_ref, delivered_on=d.delivered_on,
                       barcodes=list(d.barcodes))


@router.post("/orders/{ref}/work", response_model=WorkOut, status_code=201,
             summary="Record work done by a trainee", **staff(Workshop.record_work, 404, 409))
def record_work(ws: Staff, ref: OrderRef, body: WorkIn) -> WorkOut:
    """An operation done by a trainee on items. The skill gate applies (409 ``skill_gate``):
    the trainee holds the level the operation needs, or one level below with a named
    ``supervisor``."""
    r = ws.record_work(ref, body.operation, body.trainee, body.barcodes, minutes=body.minutes,
                       supervisor=body.supervisor, service=body.service, day=body.day)
    return WorkOut(record_id=r.record_id, ref=r.order_ref, operation=r.operation,
                   trainee=r.trainee, tasks=r.tasks, minutes=r.minutes,
                   items_ready=r.items_ready)


@router.post("/orders/{ref}/checks", response_model=CheckOut, status_code=201,
             summary="A quality check at a checkpoint", **staff(Workshop.check, 404, 409))
def check(ws: Staff, ref: OrderRef, body: CheckIn) -> CheckOut:
    """Pass, or fail with a defect code of the catalogue: the previous operation is
    re-opened for rework."""
    r = ws.check(ref, body.operation, body.barcodes, passed=body.passed, defect=body.defect,
                 checker=body.checker, service=body.service)
    return CheckOut(ref=r.order_ref, operation=r.operation, result=r.result, tasks=r.tasks,
                    items_ready=r.items_ready)


@router.post("/orders/{ref}/deliveries", response_model=DeliveryOut, status_code=201,
             summary="Deliver finished items", **staff(Workshop.deliver, 404, 409))
def deliver(ws: Staff, ref: OrderRef, body: DeliverIn | None = None) -> DeliveryOut:
    """Hand finished items back under a new numbered delivery note (gapless per year)."""
    r = ws.deliver(ref, body.barcodes if body else None)
    return _delivery(ws.delivery(r.number))


@router.get("/deliveries/{number}", response_model=DeliveryOut,
            summary="A delivery note", **staff(Workshop.delivery, 404))
def get_delivery(ws: Staff, number: DeliveryNumber) -> DeliveryOut:
    """The note's order, date and returned barcodes."""
    return _delivery(ws.delivery(number))


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
