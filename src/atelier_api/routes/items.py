"""Routes: an order's items — the list, the import of the client's file, placeholders,
reception, missing and refused items."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Annotated

from fastapi import APIRouter, Body, Query, Response

from atelier.app import Workshop
from atelier.domain.errors import FileRejected, InvalidInput
from atelier.domain.item import CUSTODY_STATES
from atelier.services.results import CustodyResult
from atelier_api.deps import Staff
from atelier_api.routes.orders import OrderRef
from atelier_api.schemas.common import Paging, one_of, page, staff
from atelier_api.schemas.items import (
    BarcodesIn,
    CustodyIn,
    CustodyOut,
    ImportOut,
    ItemOut,
    ItemPage,
    NotExpectedOut,
    PlaceholdersIn,
    ReceiveOut,
)

router = APIRouter(tags=["items"])

#: The largest item list accepted (a 5,000-item export is about 1 MB).
MAX_FILE_BYTES = 50_000_000
_UNSAFE = re.compile(r"[^\w.\- ()]")


def safe_filename(name: str) -> str:
    """The last part of ``name``, with only safe characters (the import is recorded under it)."""
    base = PureWindowsPath(PurePosixPath(name).name).name
    cleaned = _UNSAFE.sub("_", base).strip(" .")[:120]
    return cleaned or "items.csv"


def _custody(result: CustodyResult) -> CustodyOut:
    return CustodyOut(ref=result.order_ref, state=result.state, barcodes=list(result.barcodes),
                      tasks_cancelled=result.tasks_cancelled)


@router.get("/orders/{ref}/items", response_model=ItemPage, summary="An order's items",
            **staff(Workshop.items, 404))
def list_items(ws: Staff, ref: OrderRef, at: Paging,
               custody: Annotated[str | None, Query(
                   max_length=40, description="Only in this custody state.",
                   json_schema_extra=one_of(CUSTODY_STATES))] = None) -> ItemPage:
    """The items of the order by barcode, optionally only those in one custody state."""
    return page(ItemPage, ws.items(ref, custody), at,
                lambda i: ItemOut.model_validate(i, from_attributes=True))


@router.post("/orders/{ref}/items/import", response_model=ImportOut, status_code=201,
             summary="Import the client's item list (CSV)",
             **staff(Workshop.import_items, 404, 409, responses={200: {
                 "model": ImportOut, "description": "The same file was imported before: "
                                                    "nothing added (``already_imported``)."}}))
def import_items(
        ws: Staff, ref: OrderRef, response: Response,
        body: Annotated[bytes, Body(
            media_type="text/csv",
            description="The library system's export as it is: `;`, `,` or tab, UTF-8 or "
                        "Windows-1252, a header naming at least the barcode column.")],
        filename: Annotated[str, Query(max_length=255, examples=["export-koha.csv"],
                                       description="The file's name, kept with the "
                                                   "import.")] = "items.csv",
) -> ImportOut:
    """All rows or none: a refused file answers 422 ``file_rejected`` listing every problem
    (line, field, reason). The same file sent again adds nothing (200)."""
    name = safe_filename(filename)
    if len(body) > MAX_FILE_BYTES:
        raise InvalidInput("file", f"at most {MAX_FILE_BYTES} bytes", value=len(body),
                           code="file_too_large")
    with tempfile.TemporaryDirectory(prefix="atelier-api-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(body)
        try:
            result = ws.import_items(ref, path)
        except FileRejected as err:
            raise FileRejected(name, err.problems) from None
    if result.already_imported:
        response.status_code = 200
    return ImportOut(ref=result.order_ref, filename=name, items=result.items,
                     tasks=result.tasks, already_imported=result.already_imported)


@router.post("/orders/{ref}/items/placeholders", response_model=ImportOut, status_code=201,
             summary="Placeholder items for an order without a list",
             **staff(Workshop.add_placeholders, 404, 409))
def add_placeholders(ws: Staff, ref: OrderRef, body: PlaceholdersIn) -> ImportOut:
    """Numbered placeholder items (default: as many as the order's quantity)."""
    result = ws.add_placeholders(ref, body.count, body.format)
    return ImportOut(ref=result.order_ref, items=result.items, tasks=result.tasks,
                     already_imported=result.already_imported)


@router.post("/orders/{ref}/receive", response_model=ReceiveOut,
             summary="Books scanned in at reception", **staff(Workshop.receive, 404, 409))
def receive(ws: Staff, ref: OrderRef, body: BarcodesIn) -> ReceiveOut:
    """Each barcode is received, unknown, not expected any more, or repeated."""
    r = ws.receive(ref, body.barcodes)
    return ReceiveOut(ref=r.order_ref, received=list(r.received), unknown=list(r.unknown),
                      not_expected=[NotExpectedOut(barcode=b, custody=c)
                                    for b, c in r.not_expected],
                      repeated=list(r.repeated))


@router.post("/orders/{ref}/missing", response_model=CustodyOut,
             summary="Items that cannot be found", **staff(Workshop.mark_missing, 404, 409))
def mark_missing(ws: Staff, ref: OrderRef, body: CustodyIn) -> CustodyOut:
    """Items that never arrived or were lost, with the reason; their open tasks are
    cancelled."""
    return _custody(ws.mark_missing(ref, body.barcodes, body.reason))


@router.post("/orders/{ref}/refuse", response_model=CustodyOut,
             summary="Items unfit for the work", **staff(Workshop.refuse, 404, 409))
def refuse(ws: Staff, ref: OrderRef, body: CustodyIn) -> CustodyOut:
    """Items handed back as they are, with the reason; their open tasks are cancelled."""
    return _custody(ws.refuse(ref, body.barcodes, body.reason))
