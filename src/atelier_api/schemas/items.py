"""Bodies of the item routes: lists, imports, placeholders, reception, missing, refused."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from atelier.domain.item import CUSTODY_STATES
from atelier_api.schemas.common import Page, RequestBody, examples, one_of, page_examples

#: A barcode as sent (the library checks its form: 1 to 64 printable characters).
Barcode = Annotated[str, StringConstraints(max_length=200)]
#: The most barcodes one request may carry.
MAX_BARCODES = 20_000


class ItemOut(BaseModel):
    """One item of an order: identity, custody, and where it went."""

    model_config = examples({"barcode": "2901900000001", "title": "Lettre",
                             "author": "Nguyen, Thi", "isbn": "9782776317063",
                             "call_number": "J LE", "format": "grand", "placeholder": False,
                             "custody": "in_workshop", "reason": None, "delivery": None})

    barcode: str
    title: str | None
    author: str | None
    isbn: str | None
    call_number: str | None
    format: str
    placeholder: bool
    custody: str = Field(json_schema_extra=one_of(CUSTODY_STATES))
    reason: str | None = Field(description="Why the item is missing or refused.")
    delivery: str | None = Field(description="The delivery note it went back under.")


class ItemPage(Page[ItemOut]):
    """A page of an order's items, by barcode."""

    model_config = page_examples(ItemOut)


class ImportOut(BaseModel):
    """What an import (or the placeholders) added: items and their tasks."""

    model_config = examples({"ref": "CMD-2026-0042", "filename": "export-koha.csv",
                             "items": 120, "tasks": 600, "already_imported": False})

    ref: str
    filename: str | None = Field(default=None, description="The file imported (none for "
                                                           "placeholders).")
    items: int
    tasks: int
    already_imported: bool = Field(default=False, description="The same file was imported "
                                                              "before: nothing was added.")


class PlaceholdersIn(RequestBody):
    """Numbered placeholder items for an order without a list."""

    model_config = examples({"count": 20, "format": "standard"})

    count: int | None = Field(default=None, ge=1, le=100_000, strict=True,
                              description="How many (default: the order's quantity).")
    format: str | None = Field(default=None, max_length=100)


class BarcodesIn(RequestBody):
    """Barcodes, as a scanner reads them."""

    model_config = examples({"barcodes": ["2901900000001", "2901900000002"]})

    barcodes: list[Barcode] = Field(min_length=1, max_length=MAX_BARCODES)


class NotExpectedOut(BaseModel):
    """A barcode of the order that was not expected any more, and where the item is."""

    barcode: str
    custody: str


class ReceiveOut(BaseModel):
    """Barcodes scanned at reception, sorted into what happened to each."""

    model_config = examples({"ref": "CMD-2026-0042", "received": ["2901900000001"],
                             "unknown": ["2901999999999"],
                             "not_expected": [{"barcode": "2901900000002",
                                               "custody": "returned"}],
                             "repeated": []})

    ref: str
    received: list[str]
    unknown: list[str] = Field(description="Not items of this order.")
    not_expected: list[NotExpectedOut]
    repeated: list[str] = Field(description="Scanned more than once (counted once).")


class CustodyIn(RequestBody):
    """Items to mark missing or refused, with the reason the client will read."""

    model_config = examples({"barcodes": ["2901900000003"], "reason": "page torn out, "
                                                                      "beyond repair"})

    barcodes: list[Barcode] = Field(min_length=1, max_length=MAX_BARCODES)
    reason: str = Field(max_length=500)


class CustodyOut(BaseModel):
    """Items moved to a final custody state (missing or refused)."""

    model_config = examples({"ref": "CMD-2026-0042", "state": "refused",
                             "barcodes": ["2901900000003"], "tasks_cancelled": 5})

    ref: str
    state: str
    barcodes: list[str]
    tasks_cancelled: int
