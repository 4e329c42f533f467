"""Bodies of the production routes: work records, quality checks, deliveries."""

from __future__ import annotations

from pydantic import Field

from atelier import CheckResult, Delivery, WorkResult
from atelier.domain import bounds
from atelier.domain.work import MAX_MINUTES
from atelier_api.schemas.common import Day, RequestBody, examples
from atelier_api.schemas.items import MAX_BARCODES, Barcode
from atelier_api.shapes import model_of


class WorkIn(RequestBody):
    """An operation done by a trainee on items (none listed: every item ready for it)."""

    model_config = examples({"operation": "apply_film", "trainee": "T-0001",
                             "barcodes": ["2901900000001", "2901900000002"], "minutes": 5,
                             "supervisor": None, "service": "couvrage", "day": "2026-03-02"})

    operation: str = Field(min_length=1, max_length=bounds.CODE)
    trainee: str = Field(min_length=1, max_length=bounds.TRAINEE_CODE)
    barcodes: list[Barcode] | None = Field(
        default=None, max_length=MAX_BARCODES,
        description="The items; none: every item of the order ready for this operation.")
    minutes: int | None = Field(default=None, ge=0, le=MAX_MINUTES, strict=True,
                                description="Minutes spent (default: the standard time).")
    supervisor: str | None = Field(default=None, max_length=bounds.NAME, description=(
        "The staff member supervising: needed when the trainee is one level below the "
        "operation's skill level (learning under supervision)."))
    service: str | None = Field(default=None, max_length=bounds.CODE,
                                description="Only this service, when several share the "
                                            "operation.")
    day: Day | None = Field(default=None,
                                description="The day of the work (default today): it counts "
                                            "in that day's hours.")


WorkOut = model_of(WorkResult, examples=[{
    "record_id": 7, "ref": "CMD-2026-0042", "operation": "apply_film", "trainee": "T-0001",
    "tasks": 2, "minutes": 5, "items_ready": 0}],
    descriptions={"items_ready": "Items the work finished."})


class CheckIn(RequestBody):
    """A quality check at a checkpoint: passed, or failed with a defect code (rework)."""

    model_config = examples({"operation": "check", "barcodes": ["2901900000001"],
                             "passed": True, "defect": None, "checker": "Claire",
                             "service": None},
                            {"operation": "check", "barcodes": ["2901900000002"],
                             "passed": False, "defect": "bubble", "checker": "Claire",
                             "service": "couvrage"})

    operation: str = Field(min_length=1, max_length=bounds.CODE)
    barcodes: list[Barcode] | None = Field(default=None, max_length=MAX_BARCODES,
                                           description="The items; none: every item "
                                                       "waiting for this check.")
    passed: bool = Field(default=True, strict=True)
    defect: str | None = Field(default=None, max_length=bounds.CODE,
                               description="The catalogue's defect code of a failed check.")
    checker: str | None = Field(default=None, max_length=bounds.NAME,
                                description="Who checked (default: the token's holder).")
    service: str | None = Field(default=None, max_length=bounds.CODE)


CheckOut = model_of(CheckResult, examples=[{
    "ref": "CMD-2026-0042", "operation": "check", "result": "pass", "tasks": 1,
    "items_ready": 1}])


class DeliverIn(RequestBody):
    """The items handed back (none listed: every finished item)."""

    model_config = examples({"barcodes": ["2901900000001"]}, {"barcodes": None})

    barcodes: list[Barcode] | None = Field(default=None, max_length=MAX_BARCODES)


DeliveryOut = model_of(Delivery, examples=[{
    "number": "BL-2026-0007", "ref": "CMD-2026-0042", "delivered_on": "2026-03-20",
    "barcodes": ["2901900000001", "2901900000002"]}])
