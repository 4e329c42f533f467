"""Bodies of the hours routes: attendance, time entries, monthly hours, validation,
corrections, insertion hours per order and per collectivity."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from atelier import (
    AttendanceEntry,
    CollectivityHours,
    Correction,
    MonthHours,
    OrderHours,
    TimeEntry,
)
from atelier.domain import bounds
from atelier.domain.attendance import ABSENCE_REASONS, MAX_DAILY_MINUTES, SESSIONS
from atelier.domain.hours import (
    ACTIVITIES,
    MAX_CORRECTION_MINUTES,
    MAX_NOTE_LENGTH,
    MAX_REASON_LENGTH,
)
from atelier_api.schemas.common import Day, RequestBody, examples, one_of, page_of
from atelier_api.shapes import model_of

#: Why a trainee was absent (null when present).
_ABSENCE: dict[str, Any] = {"enum": [*ABSENCE_REASONS, None]}
#: A trainee code in a body.
_CODE = Field(max_length=bounds.TRAINEE_CODE, examples=["T-0001"])


class _SessionIn(RequestBody):
    """What one session says: the day, morning or afternoon, present (minutes) or absent
    (reason); shared by one trainee's record and a roll call."""

    day: Day
    session: str = Field(max_length=10, json_schema_extra=one_of(SESSIONS))
    present: bool = Field(default=True, strict=True)
    minutes: int | None = Field(default=None, ge=1, le=MAX_DAILY_MINUTES, strict=True)
    reason: str | None = Field(default=None, max_length=40, description="Why absent.",
                               json_schema_extra=_ABSENCE)


class AttendanceIn(_SessionIn):
    """One session of one trainee: present (minutes, default 180) or absent with a reason."""

    model_config = examples({"trainee": "T-0001", "day": "2026-03-02", "session": "am",
                             "present": True, "minutes": 180, "reason": None},
                            {"trainee": "T-0002", "day": "2026-03-02", "session": "pm",
                             "present": False, "minutes": None, "reason": "medical"})

    trainee: str = _CODE


class RollCallIn(_SessionIn):
    """The same session for several trainees (all or none)."""

    model_config = examples({"trainees": ["T-0001", "T-0002"], "day": "2026-03-02",
                             "session": "am", "present": True, "minutes": 180,
                             "reason": None})

    trainees: list[str] = Field(min_length=1, max_length=500, examples=[["T-0001"]])


AttendanceOut = model_of(AttendanceEntry, examples=[{
    "trainee": "T-0001", "day": "2026-03-02", "session": "am", "present": True, "minutes": 180,
    "reason": None, "recorded_by": "claire"}])
AttendancePage = page_of(AttendanceOut, "AttendancePage",
                         "A page of recorded sessions, by day, trainee and session.")


class RollCallOut(BaseModel):
    """The sessions recorded."""

    model_config = examples({"recorded": [
        {"trainee": "T-0001", "day": "2026-03-02", "session": "am", "present": True,
         "minutes": 180, "reason": None, "recorded_by": "claire"}]})

    recorded: list[AttendanceOut]  # type: ignore[valid-type]


class TimeIn(RequestBody):
    """Time a trainee spent on an activity one day (an operation names its order)."""

    model_config = examples({"trainee": "T-0001", "day": "2026-03-02",
                             "activity": "operation", "minutes": 90,
                             "order": "CMD-2026-0042", "operation": "apply_film",
                             "note": None, "supervisor": None},
                            {"trainee": "T-0001", "day": "2026-03-02", "activity": "training",
                             "minutes": 60})

    trainee: str = _CODE
    day: Day
    activity: str = Field(max_length=40, json_schema_extra=one_of(ACTIVITIES))
    minutes: int = Field(ge=1, le=MAX_DAILY_MINUTES, strict=True)
    order: str | None = Field(default=None, max_length=bounds.REF)
    operation: str | None = Field(default=None, max_length=bounds.CODE)
    note: str | None = Field(default=None, max_length=MAX_NOTE_LENGTH)
    supervisor: str | None = Field(default=None, max_length=bounds.NAME)


TimeEntryOut = model_of(TimeEntry, examples=[{
    "id": 3, "trainee": "T-0001", "day": "2026-03-02", "activity": "operation", "minutes": 90,
    "order": "CMD-2026-0042", "operation": "apply_film", "note": None}],
    descriptions={"note": "Null for a role that may not read notes."})
TimeEntryPage = page_of(TimeEntryOut, "TimeEntryPage", "A page of time entries.")

CorrectionOut = model_of(Correction, examples=[{
    "month": "2026-02", "trainee": "T-0001", "minutes": -30, "reason": "session typed twice",
    "recorded_on": "2026-03-05", "recorded_by": "inès"}],
    descriptions={"reason": "Null for a role that may not read notes."})


class CorrectionIn(RequestBody):
    """A correction of a validated month."""

    model_config = examples({"trainee": "T-0001", "minutes": -30,
                             "reason": "session typed twice"})

    trainee: str = _CODE
    minutes: int = Field(ge=-MAX_CORRECTION_MINUTES, le=MAX_CORRECTION_MINUTES, strict=True,
                         json_schema_extra={"not": {"const": 0}},
                         description="Signed minutes, never 0.")
    reason: str = Field(max_length=MAX_REASON_LENGTH)


MonthHoursOut = model_of(MonthHours, examples=[{
    "month": "2026-02", "trainee": "T-0001", "attended_minutes": 6840,
    "absences": {"medical": {"sessions": 1, "minutes": 180}},
    "activities": {"operation": 5400, "training": 600, "cleaning": 0, "non_productive": 0},
    "corrections": [], "locked": True, "days_to_reconcile": [], "entries_minutes": 6000,
    "unallocated_minutes": 840, "corrections_minutes": 0, "total_minutes": 6840}])
MonthHoursPage = page_of(MonthHoursOut, "MonthHoursPage",
                         "A page of a month's hours, one trainee each.")


class ValidatedOut(BaseModel):
    """A month validated: its hours are locked."""

    model_config = examples({"month": "2026-02", "locked": True, "trainees": []})

    month: str
    locked: bool
    trainees: list[MonthHoursOut]  # type: ignore[valid-type]


OrderHoursOut = model_of(OrderHours, examples=[{
    "order": "CMD-2026-0042", "collectivity_id": 1, "collectivity": "Médiathèque de Brest",
    "reserved_contract": True, "work_minutes": 1200, "entry_minutes": 90,
    "total_minutes": 1290}])
OrderHoursPage = page_of(OrderHoursOut, "OrderHoursPage",
                         "A page of insertion hours per order, by reference.")

CollectivityHoursOut = model_of(CollectivityHours, examples=[{
    "collectivity_id": 1, "collectivity": "Médiathèque de Brest", "orders": 2,
    "total_minutes": 1290, "reserved_minutes": 1290}])
CollectivityHoursPage = page_of(CollectivityHoursOut, "CollectivityHoursPage",
                                "A page of insertion hours per collectivity, by name.")
