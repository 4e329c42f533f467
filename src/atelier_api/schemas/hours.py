"""Bodies of the hours routes: attendance, time entries, monthly hours, validation,
corrections, insertion hours per order and per collectivity."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from atelier.domain.attendance import ABSENCE_REASONS, SESSIONS
from atelier.domain.hours import ACTIVITIES
from atelier_api.schemas.common import Day, Page, RequestBody, examples, one_of, page_examples

#: Why a trainee was absent (null when present).
_ABSENCE: dict[str, Any] = {"enum": [*ABSENCE_REASONS, None]}
#: A trainee code in a body.
_CODE = Field(max_length=40, examples=["T-0001"])


class AttendanceIn(RequestBody):
    """One session of one trainee: present (minutes, default 180) or absent with a reason."""

    model_config = examples({"trainee": "T-0001", "day": "2026-03-02", "session": "am",
                             "present": True, "minutes": 180, "reason": None},
                            {"trainee": "T-0002", "day": "2026-03-02", "session": "pm",
                             "present": False, "minutes": None, "reason": "medical"})

    trainee: str = _CODE
    day: Day
    session: str = Field(max_length=10, json_schema_extra=one_of(SESSIONS))
    present: bool = Field(default=True, strict=True)
    minutes: int | None = Field(default=None, ge=0, le=24 * 60, strict=True)
    reason: str | None = Field(default=None, max_length=40, description="Why absent.",
                               json_schema_extra=_ABSENCE)


class RollCallIn(RequestBody):
    """The same session for several trainees (all or none)."""

    model_config = examples({"trainees": ["T-0001", "T-0002"], "day": "2026-03-02",
                             "session": "am", "present": True, "minutes": 180,
                             "reason": None})

    trainees: list[str] = Field(min_length=1, max_length=500, examples=[["T-0001"]])
    day: Day
    session: str = Field(max_length=10, json_schema_extra=one_of(SESSIONS))
    present: bool = Field(default=True, strict=True)
    minutes: int | None = Field(default=None, ge=0, le=24 * 60, strict=True)
    reason: str | None = Field(default=None, max_length=40, description="Why absent.",
                               json_schema_extra=_ABSENCE)


class AttendanceOut(BaseModel):
    """One recorded session."""

    model_config = examples({"trainee": "T-0001", "day": "2026-03-02", "session": "am",
                             "present": True, "minutes": 180, "reason": None,
                             "recorded_by": "claire"})

    trainee: str
    day: dt.date
    session: str
    present: bool
    minutes: int
    reason: str | None
    recorded_by: str


class AttendancePage(Page[AttendanceOut]):
    """A page of recorded sessions, by day, trainee and session."""

    model_config = page_examples(AttendanceOut)


class RollCallOut(BaseModel):
    """The sessions recorded."""

    model_config = examples({"recorded": [
        {"trainee": "T-0001", "day": "2026-03-02", "session": "am", "present": True,
         "minutes": 180, "reason": None, "recorded_by": "claire"}]})

    recorded: list[AttendanceOut]


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
    minutes: int = Field(ge=0, le=24 * 60, strict=True)
    order: str | None = Field(default=None, max_length=64)
    operation: str | None = Field(default=None, max_length=64)
    note: str | None = Field(default=None, max_length=2000)
    supervisor: str | None = Field(default=None, max_length=200)


class TimeEntryOut(BaseModel):
    """A time entry (its note only for a role that reads notes)."""

    model_config = examples({"id": 3, "trainee": "T-0001", "day": "2026-03-02",
                             "activity": "operation", "minutes": 90, "order": "CMD-2026-0042",
                             "operation": "apply_film", "note": None})

    id: int
    trainee: str
    day: dt.date
    activity: str
    minutes: int
    order: str | None
    operation: str | None
    note: str | None


class TimeEntryPage(Page[TimeEntryOut]):
    """A page of time entries."""

    model_config = page_examples(TimeEntryOut)


class CorrectionOut(BaseModel):
    """A dated correction of a validated month (signed minutes)."""

    model_config = examples({"month": "2026-02", "trainee": "T-0001", "minutes": -30,
                             "reason": "session typed twice", "recorded_on": "2026-03-05",
                             "recorded_by": "inès"})

    month: str
    trainee: str
    minutes: int
    reason: str | None = Field(description="Null for a role that may not read notes.")
    recorded_on: dt.date
    recorded_by: str


class CorrectionIn(RequestBody):
    """A correction of a validated month."""

    model_config = examples({"trainee": "T-0001", "minutes": -30,
                             "reason": "session typed twice"})

    trainee: str = _CODE
    minutes: int = Field(ge=-1_000_000, le=1_000_000, strict=True)
    reason: str = Field(max_length=2000)


class AbsenceOut(BaseModel):
    """Absent sessions of a month for one reason."""

    sessions: int
    minutes: int


class MonthHoursOut(BaseModel):
    """A trainee's month: the figure the funder asks for, and how it is made."""

    model_config = examples({
        "month": "2026-02", "trainee": "T-0001", "attended_minutes": 6840,
        "absences": {"medical": {"sessions": 1, "minutes": 180}},
        "activities": {"operation": 5400, "training": 600},
        "entries_minutes": 6000, "unallocated_minutes": 840, "corrections": [],
        "corrections_minutes": 0, "total_minutes": 6840, "locked": True,
        "days_to_reconcile": []})

    month: str
    trainee: str
    attended_minutes: int
    absences: dict[str, AbsenceOut]
    activities: dict[str, int]
    entries_minutes: int
    unallocated_minutes: int
    corrections: list[CorrectionOut]
    corrections_minutes: int
    total_minutes: int
    locked: bool
    days_to_reconcile: list[dt.date]


class MonthHoursPage(Page[MonthHoursOut]):
    """A page of a month's hours, one trainee each."""

    model_config = page_examples(MonthHoursOut)


class ValidatedOut(BaseModel):
    """A month validated: its hours are locked."""

    model_config = examples({"month": "2026-02", "locked": True, "trainees": []})

    month: str
    locked: bool
    trainees: list[MonthHoursOut]


class OrderHoursOut(BaseModel):
    """Insertion hours spent on one order (work records plus time entries on it)."""

    model_config = examples({"order": "CMD-2026-0042", "collectivity_id": 1,
                             "collectivity": "Médiathèque de Brest",
                             "reserved_contract": True, "work_minutes": 1200,
                             "entry_minutes": 90, "total_minutes": 1290})

    order: str
    collectivity_id: int
    collectivity: str
    reserved_contract: bool
    work_minutes: int
    entry_minutes: int
    total_minutes: int


class OrderHoursPage(Page[OrderHoursOut]):
    """A page of insertion hours per order, by reference."""

    model_config = page_examples(OrderHoursOut)


class CollectivityHoursOut(BaseModel):
    """Insertion hours spent for one collectivity, and those under reserved contracts."""

    model_config = examples({"collectivity_id": 1, "collectivity": "Médiathèque de Brest",
                             "orders": 2, "total_minutes": 1290, "reserved_minutes": 1290})

    collectivity_id: int
    collectivity: str
    orders: int
    total_minutes: int
    reserved_minutes: int


class CollectivityHoursPage(Page[CollectivityHoursOut]):
    """A page of insertion hours per collectivity, by name."""

    model_config = page_examples(CollectivityHoursOut)
