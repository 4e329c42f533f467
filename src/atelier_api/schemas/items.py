"""Bodies of the item routes: lists, imports, placeholders, reception, missing, refused."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from atelier import CustodyResult, ImportResult, ItemView, ReceiveResult
from atelier.domain import bounds
from atelier.domain.item_list import MAX_PLACEHOLDERS
from atelier_api.schemas.common import RequestBody, examples, page_of
from atelier_api.shapes import model_of

#: A barcode as sent (the library checks its form: 1 to 64 printable characters; blanks
#: around it, as a scanner may add, are trimmed).
Barcode = Annotated[str, StringConstraints(max_length=2 * bounds.BARCODE)]
#: The most barcodes one request may carry.
MAX_BARCODES = 20_000


ItemOut = model_of(ItemView, examples=[{
    "barcode": "2901900000001", "title": "Lettre", "author": "Nguyen, Thi",
    "isbn": "9782776317063", "call_number": "J LE", "format": "grand", "placeholder": False,
    "custody": "in_workshop", "reason": None, "delivery": None}],
    descriptions={"reason": "Why the item is missing or refused.",
                  "delivery": "The delivery note it went back under."})
ItemPage = page_of(ItemOut, "ItemPage", "A page of an order's items, by barcode.")

#: The file an import read is named ``filename`` by the API (the command line, which
#: reads a path, says ``file``): the API's one difference.
IMPORT_NAMES = {"file": "filename"}
ImportOut = model_of(ImportResult, name="ImportOut", rename=IMPORT_NAMES, examples=[{
    "ref": "CMD-2026-0042", "filename": "export-koha.csv", "items": 120, "tasks": 600,
    "already_imported": False, "over_quantity": [
        {"line": 1, "service": "couvrage", "format": "standard", "ordered": 100,
         "listed": 120}]}], descriptions={
    "filename": "The file imported (none for placeholders).",
    "already_imported": "The same file was imported before: nothing was added.",
    "over_quantity": "The order lines the import took past their ordered quantity (the "
                     "items were added: a warning)."})


class PlaceholdersIn(RequestBody):
    """Numbered placeholder items for an order without a list."""

    model_config = examples({"count": 20, "format": "standard"})

    count: int | None = Field(default=None, ge=1, le=MAX_PLACEHOLDERS, strict=True,
                              description="How many (default: the order's quantity).")
    format: str | None = Field(default=None, max_length=bounds.CODE)


class BarcodesIn(RequestBody):
    """Barcodes, as a scanner reads them."""

    model_config = examples({"barcodes": ["2901900000001", "2901900000002"]})

    barcodes: list[Barcode] = Field(min_length=1, max_length=MAX_BARCODES)


ReceiveOut = model_of(ReceiveResult, examples=[{
    "ref": "CMD-2026-0042", "received": ["2901900000001"], "unknown": ["2901999999999"],
    "not_expected": [{"barcode": "2901900000002", "custody": "returned"}], "repeated": []}],
    descriptions={"unknown": "Not items of this order.",
                  "repeated": "Scanned more than once (counted once)."})


class CustodyIn(RequestBody):
    """Items to mark missing or refused, with the reason the client will read."""

    model_config = examples({"barcodes": ["2901900000003"], "reason": "page torn out, "
                                                                      "beyond repair"})

    barcodes: list[Barcode] = Field(min_length=1, max_length=MAX_BARCODES)
    reason: str = Field(max_length=bounds.REASON)


CustodyOut = model_of(CustodyResult, examples=[{
    "ref": "CMD-2026-0042", "state": "refused", "barcodes": ["2901900000003"],
    "tasks_cancelled": 5}])
