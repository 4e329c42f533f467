"""Routes: hours — attendance, time entries, monthly hours and their validation,
corrections, insertion hours per order and per collectivity, CSV downloads."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from fastapi import Path as PathParam

from atelier import NotFound, Workshop
from atelier.domain import bounds
from atelier_api.deps import Staff
from atelier_api.schemas.common import MAX_ID, Day, Paging, page, staff
from atelier_api.schemas.hours import (
    AttendanceIn,
    AttendanceOut,
    AttendancePage,
    CollectivityHoursPage,
    CorrectionIn,
    CorrectionOut,
    MonthHoursPage,
    OrderHoursPage,
    RollCallIn,
    RollCallOut,
    TimeEntryOut,
    TimeEntryPage,
    TimeIn,
    ValidatedOut,
)
from atelier_api.shapes import shown

router = APIRouter(tags=["hours"])

#: A month from 1900-01 to 2999-12 (YYYY-MM).
_MONTH = r"^(19|2\d)\d{2}-(0[1-9]|1[0-2])$"
Month = Annotated[str, PathParam(pattern=_MONTH, examples=["2026-02"],
                                 description="A month, YYYY-MM.")]
DayFilter = Annotated[Day | None, Query(description="Only this day.")]
MonthFilter = Annotated[str | None, Query(pattern=_MONTH, examples=["2026-02"],
                                          description="Only this month (YYYY-MM).")]
TraineeFilter = Annotated[str | None, Query(max_length=bounds.TRAINEE_CODE,
                                            description="Only this trainee.")]
CollectivityFilter = Annotated[int | None, Query(ge=1, le=MAX_ID,
                                                 description="Only this collectivity's.")]

#: How the CSV downloads are described in the OpenAPI document.
CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}},
          "description": "`;`-separated UTF-8 with a byte-order mark, CRLF line ends, French "
                         "headers: what a French spreadsheet opens as is."}}


def _csv(write: Callable[[Path], object], filename: str) -> Response:
    """The CSV that ``write`` makes in a temporary file, as a download."""
    with tempfile.TemporaryDirectory(prefix="atelier-api-") as tmp:
        path = Path(tmp) / filename
        write(path)
        content = path.read_bytes()
    return Response(content, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


# -- attendance ----------------------------------------------------------------------------


@router.get("/attendance", summary="Recorded sessions",
            **staff(Workshop.attendance, 404, returns=AttendancePage))
def list_attendance(ws: Staff, at: Paging, day: DayFilter = None, month: MonthFilter = None,
                    trainee: TraineeFilter = None) -> Any:
    """Sessions of a day or a month (default: all), optionally of one trainee."""
    return page(ws.attendance(day=day, month=month, trainee=trainee), at)


@router.post("/attendance", summary="Record one session of one trainee",
             **staff(Workshop.record_attendance, 404, 409, returns=AttendanceOut, status=201))
def record_attendance(ws: Staff, body: AttendanceIn) -> Any:
    """Present (minutes, default 180) or absent with a reason; re-recording replaces it,
    unless the month is validated (409 ``month_locked``)."""
    entry = ws.record_attendance(body.trainee, body.day, body.session, present=body.present,
                                 minutes=body.minutes, reason=body.reason)
    return shown(entry)


@router.post("/attendance/roll-call", summary="The same session for several trainees",
             **staff(Workshop.record_attendance_many, 404, 409, returns=RollCallOut,
                     status=201))
def roll_call(ws: Staff, body: RollCallIn) -> Any:
    """The roll call: every trainee recorded, or none."""
    done = ws.record_attendance_many(body.trainees, body.day, body.session,
                                     present=body.present, minutes=body.minutes,
                                     reason=body.reason)
    return {"recorded": shown(done)}


# -- time entries --------------------------------------------------------------------------------


@router.get("/time-entries", summary="Time entries",
            **staff(Workshop.time_entries, 404, returns=TimeEntryPage))
def list_time_entries(ws: Staff, at: Paging, day: DayFilter = None, month: MonthFilter = None,
                      trainee: TraineeFilter = None) -> Any:
    """Entries of a day or a month (default: all), optionally of one trainee; their notes
    only for a role that reads notes."""
    return page(ws.time_entries(day=day, month=month, trainee=trainee), at)


@router.post("/time-entries", summary="Record time on an activity",
             **staff(Workshop.add_time, 404, 409, returns=TimeEntryOut, status=201))
def add_time(ws: Staff, body: TimeIn) -> Any:
    """Operation (on an order; the skill gate applies), training, cleaning or
    non-productive time."""
    entry_id = ws.add_time(body.trainee, body.day, body.activity, body.minutes,
                           order=body.order, operation=body.operation, note=body.note,
                           supervisor=body.supervisor)
    for entry in ws.time_entries(day=body.day, trainee=body.trainee):
        if entry.id == entry_id:
            return shown(entry)
    raise NotFound("time_entry", entry_id)  # pragma: no cover - written just above


@router.delete("/time-entries/{entry_id}", summary="Take back a time entry",
               **staff(Workshop.remove_time, 404, 409, returns=TimeEntryOut))
def remove_time(ws: Staff, entry_id: Annotated[int, PathParam(ge=1, le=MAX_ID)]) -> Any:
    """An entry typed by mistake (not in a validated month); answers the entry removed."""
    return shown(ws.remove_time(entry_id))


# -- monthly hours ------------------------------------------------------------------------------


@router.get("/hours/{month}", summary="A month's hours",
            **staff(Workshop.month_hours, 404, returns=MonthHoursPage))
def month_hours(ws: Staff, month: Month, at: Paging, trainee: TraineeFilter = None) -> Any:
    """Each trainee's month: attended, absences, activities, corrections, total, and the
    days still to reconcile."""
    return page(ws.month_hours(month, trainee=trainee), at)


@router.get("/hours/{month}/csv", response_class=Response, summary="A month's hours as CSV",
            **staff(Workshop.write_month_csv, 404, responses=CSV_RESPONSE))
def month_hours_csv(ws: Staff, month: Month, trainee: TraineeFilter = None) -> Response:
    """The month's hours for a French spreadsheet."""
    return _csv(lambda path: ws.write_month_csv(month, path, trainee=trainee),
                f"heures-{month}.csv")


@router.post("/hours/{month}/validate", summary="Validate a month",
             **staff(Workshop.validate_month, 409, returns=ValidatedOut))
def validate_month(ws: Staff, month: Month) -> Any:
    """Lock the month's hours (refused while days remain to reconcile, or before the
    month is over); only dated corrections add to it afterwards."""
    done = ws.validate_month(month)
    return {"month": month, "locked": True, "trainees": shown(done)}


@router.post("/hours/{month}/corrections", summary="Correct a validated month",
             **staff(Workshop.correct_hours, 404, 409, returns=CorrectionOut, status=201))
def correct_hours(ws: Staff, month: Month, body: CorrectionIn) -> Any:
    """A dated correction: signed minutes and a reason; the month's figure never changes
    silently."""
    return shown(ws.correct_hours(month, body.trainee, body.minutes, body.reason))


# -- insertion hours ------------------------------------------------------------------------------


@router.get("/order-hours", summary="Insertion hours per order",
            **staff(Workshop.order_hours, 404, returns=OrderHoursPage))
def order_hours(ws: Staff, at: Paging, collectivity_id: CollectivityFilter = None) -> Any:
    """Work records plus time entries on each order, by reference: what a reserved
    contract or a social clause asks the workshop to show."""
    return page(ws.order_hours(collectivity_id=collectivity_id), at)


@router.get("/order-hours/csv", response_class=Response,
            summary="Insertion hours per order as CSV",
            **staff(Workshop.write_order_hours_csv, 404, responses=CSV_RESPONSE))
def order_hours_csv(ws: Staff, collectivity_id: CollectivityFilter = None) -> Response:
    """The insertion hours per order for a French spreadsheet."""
    return _csv(lambda path: ws.write_order_hours_csv(path, collectivity_id=collectivity_id),
                "heures-commandes.csv")


@router.get("/collectivity-hours", summary="Insertion hours per collectivity",
            **staff(Workshop.collectivity_hours, returns=CollectivityHoursPage))
def collectivity_hours(ws: Staff, at: Paging) -> Any:
    """Per collectivity, by name: orders, insertion minutes, and those under reserved
    contracts."""
    return page(ws.collectivity_hours(), at)
