"""Routes: an order's items — the list, the import of the client's file, placeholders,
reception, missing and refused items."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Response

from atelier import FileRejected, InvalidInput, Workshop
from atelier.domain.item import CUSTODY_STATES
from atelier.domain.item_list import MAX_OVERFLOW_LIMIT, OVERFLOW_LIMIT
from atelier_api.deps import Staff
from atelier_api.routes.orders import OrderRef
from atelier_api.schemas.common import Paging, one_of, page, staff
from atelier_api.schemas.items import (
    IMPORT_NAMES,
    BarcodesIn,
    CustodyIn,
    CustodyOut,
    ImportOut,
    ItemPage,
    PlaceholdersIn,
    ReceiveOut,
)
from atelier_api.shapes import renamed, shown

router = APIRouter(tags=["items"])

#: The largest item list accepted (a 5,000-item export is about 1 MB).
MAX_FILE_BYTES = 50_000_000
_UNSAFE = re.compile(r"[^\w.\- ()]")


def safe_filename(name: str) -> str:
    """The last part of ``name``, with only safe characters (the import is recorded under it)."""
    base = PureWindowsPath(PurePosixPath(name).name).name
    cleaned = _UNSAFE.sub("_", base).strip(" .")[:120]
    return cleaned or "items.csv"


@router.get("/orders/{ref}/items", summary="An order's items",
            **staff(Workshop.items, 404, returns=ItemPage))
def list_items(ws: Staff, ref: OrderRef, at: Paging,
               custody: Annotated[str | None, Query(
                   max_length=40, description="Only in this custody state.",
                   json_schema_extra=one_of(CUSTODY_STATES))] = None) -> Any:
    """The items of the order by barcode, optionally only those in one custody state."""
    return page(ws.items(ref, custody), at)


@router.post("/orders/{ref}/items/import", summary="Import the client's item list (CSV)",
             **staff(Workshop.import_items, 404, 409, returns=ImportOut, status=201,
                     responses={200: {"model": ImportOut,
                                      "description": "The same file was imported before: "
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
        allow_shared: Annotated[bool, Query(
            description="Import barcodes already in another open order of the same "
                        "collectivity (refused otherwise).")] = False,
        overflow_limit: Annotated[float, Query(
            ge=1, le=MAX_OVERFLOW_LIMIT,
            description="Refuse the file (409 `items_over_quantity`) if an order line "
                        "would hold more than this many times its ordered quantity; past "
                        "the quantity itself, the line is named in `over_quantity`.")
        ] = OVERFLOW_LIMIT,
) -> Any:
    """All rows or none: a refused file answers 422 ``file_rejected`` listing every problem
    (line, field, reason), among them a barcode already in another open order of the same
    collectivity (unless ``allow_shared``) and a file with no row after its header. The
    same file sent again adds nothing (200)."""
    name = safe_filename(filename)
    if len(body) > MAX_FILE_BYTES:
        raise InvalidInput("file", f"at most {MAX_FILE_BYTES} bytes", value=len(body),
                           code="file_too_large")
    with tempfile.TemporaryDirectory(prefix="atelier-api-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(body)
        try:
            result = ws.import_items(ref, path, allow_shared=allow_shared,
                                     overflow_limit=overflow_limit)
        except FileRejected as err:
            raise FileRejected(name, err.problems) from None
    if result.already_imported:
        response.status_code = 200
    # The file is the one the client sent (named as sent): never the server's temporary path.
    return renamed(shown(result, file=name), IMPORT_NAMES)


@router.post("/orders/{ref}/items/placeholders",
             summary="Placeholder items for an order without a list",
             **staff(Workshop.add_placeholders, 404, 409, returns=ImportOut, status=201))
def add_placeholders(ws: Staff, ref: OrderRef, body: PlaceholdersIn) -> Any:
    """Numbered placeholder items (default: as many as the order's quantity)."""
    return renamed(shown(ws.add_placeholders(ref, body.count, body.format)), IMPORT_NAMES)


@router.post("/orders/{ref}/receive", summary="Books scanned in at reception",
             **staff(Workshop.receive, 404, 409, returns=ReceiveOut))
def receive(ws: Staff, ref: OrderRef, body: BarcodesIn) -> Any:
    """Each barcode is received, unknown, not expected any more, or repeated."""
    return shown(ws.receive(ref, body.barcodes))


@router.post("/orders/{ref}/missing", summary="Items that cannot be found",
             **staff(Workshop.mark_missing, 404, 409, returns=CustodyOut))
def mark_missing(ws: Staff, ref: OrderRef, body: CustodyIn) -> Any:
    """Items that never arrived or were lost, with the reason; their open tasks are
    cancelled."""
    return shown(ws.mark_missing(ref, body.barcodes, body.reason))


@router.post("/orders/{ref}/refuse", summary="Items unfit for the work",
             **staff(Workshop.refuse, 404, 409, returns=CustodyOut))
def refuse(ws: Staff, ref: OrderRef, body: CustodyIn) -> Any:
    """Items handed back as they are, with the reason; their open tasks are cancelled."""
    return shown(ws.refuse(ref, body.barcodes, body.reason))
