"""Bodies of the production routes: work records, quality checks, deliveries."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from atelier_api.schemas.common import Day, RequestBody, examples
from atelier_api.schemas.items import MAX_BARCODES, Barcode


class WorkIn(RequestBody):
    """An operation done by a trainee on items (none listed: every item ready for it)."""

    model_config = examples({"operation": "apply_film", "trainee": "T-0001",
                             "barcodes": ["2901900000001", "2901900000002"], "minutes": 5,
                             "supervisor": None, "service": "couvrage", "day": "2026-03-02"})

    operation: str = Field(min_length=1, max_length=100)
    trainee: str = Field(min_length=1, max_length=40)
    barcodes: list[Barcode] | None = Field(
        default=None, max_length=MAX_BARCODES,
        description="The items; none: every item of the order ready for this operation.")
    minutes: int | None = Field(default=None, ge=0, le=24 * 60, strict=True,
                                description="Minutes spent (default: the standard time).")
    supervisor: str | None = Field(default=None, max_length=200, description=(
        "The staff member supervising: needed when the trainee is one level below the "
        "operation's skill level (learning under supervision)."))
    service: str | None = Field(default=None, max_length=100,
                                description="Only this service, when several share the "
                                            "operation.")
    day: Day | None = Field(default=None,
                                description="The day of the work (default today): it counts "
                                            "in that day's hours.")


class WorkOut(BaseModel):
    """Work recorded on a batch of tasks."""

    model_config = examples({"record_id": 7, "ref": "CMD-2026-0042", "operation": "apply_film",
                             "trainee": "T-0001", "tasks": 2, "minutes": 5, "items_ready": 0})

    record_id: int
    ref: str
    operation: str
    trainee: str
    tasks: int
    minutes: int
    items_ready: int = Field(description="Items the work finished.")


class CheckIn(RequestBody):
    """A quality check at a checkpoint: passed, or failed with a defect code (rework)."""

    model_config = examples({"operation": "check", "barcodes": ["2901900000001"],
                             "passed": True, "defect": None, "checker": "Claire",
                             "service": None},
                            {"operation": "check", "barcodes": ["2901900000002"],
                             "passed": False, "defect": "bubble", "checker": "Claire",
                             "service": "couvrage"})

    operation: str = Field(min_length=1, max_length=100)
    barcodes: list[Barcode] | None = Field(default=None, max_length=MAX_BARCODES,
                                           description="The items; none: every item "
                                                       "waiting for this check.")
    passed: bool = Field(default=True, strict=True)
    defect: str | None = Field(default=None, max_length=100,
                               description="The catalogue's defect code of a failed check.")
    checker: str | None = Field(default=None, max_length=200,
                                description="Who checked (default: the token's holder).")
    service: str | None = Field(default=None, max_length=100)


class CheckOut(BaseModel):
    """What a check did."""

    model_config = examples({"ref": "CMD-2026-0042", "operation": "check", "result": "pass",
                             "tasks": 1, "items_ready": 1})

    ref: str
    operation: str
    result: str = Field(description="pass or fail")
    tasks: int
    items_ready: int


class DeliverIn(RequestBody):
    """The items handed back (none listed: every finished item)."""

    model_config = examples({"barcodes": ["2901900000001"]}, {"barcodes": None})

    barcodes: list[Barcode] | None = Field(default=None, max_length=MAX_BARCODES)


class DeliveryOut(BaseModel):
    """A delivery note: number, order, date, returned barcodes."""

    model_config = examples({"number": "BL-2026-0007", "ref": "CMD-2026-0042",
                             "delivered_on": "2026-03-20",
                             "barcodes": ["2901900000001", "2901900000002"]})

    number: str
    ref: str
    delivered_on: dt.date
    barcodes: list[str]
