"""Bodies of the people routes: posts, trainees, contracts, personal data, exits,
certificates, the person's export and anonymisation."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from atelier import (
    Certificate,
    Contract,
    PersonalData,
    PersonExport,
    PostAssignment,
    PostView,
    TraineeView,
)
from atelier.domain import bounds
from atelier.domain.people import CONTRACT_KINDS, EXIT_OUTCOMES, HOURS_IN_A_WEEK
from atelier.domain.personal import MAX_RETENTION_DAYS
from atelier_api.schemas.common import Day, RequestBody, examples, one_of, page_of
from atelier_api.shapes import model_of

_CONTRACT: dict[str, Any] = {"kind": "cep", "start": "2026-01-05", "planned_end": None,
             "weekly_minutes": 1440, "weekly_hours": 24.0}
_TRAINEE: dict[str, Any] = {"code": "T-0001", "active": True, "post": "P1", "contract": _CONTRACT,
            "exit_on": None, "exit_outcome": None, "anonymised": False}


class PostIn(RequestBody):
    """A funded post of the workshop."""

    model_config = examples({"code": "P1", "label": "Couvrage 1"})

    code: str = Field(max_length=bounds.POST_CODE)
    label: str = Field(max_length=bounds.NAME)


PostOut = model_of(PostView, examples=[{"code": "P1", "label": "Couvrage 1",
                                          "trainee": "T-0001", "since": "2026-01-05"}])
PostPage = page_of(PostOut, "PostPage", "A page of posts, by code.")


class AssignIn(RequestBody):
    """Give a vacant post to an active trainee holding no other one."""

    model_config = examples({"trainee": "T-0001", "on": "2026-03-02"})

    trainee: str = Field(max_length=bounds.TRAINEE_CODE)
    on: Day | None = Field(default=None, description="From this day (default today).")


class ReleaseIn(RequestBody):
    """Free a post."""

    model_config = examples({"on": "2026-03-31"})

    on: Day | None = Field(default=None, description="On this day (default today).")


AssignmentOut = model_of(PostAssignment, examples=[{"post": "P1", "trainee": "T-0001",
                                                    "start": "2026-01-05", "end": None}])
AssignmentPage = page_of(AssignmentOut, "AssignmentPage",
                         "A page of post assignments, by post then start.")

ContractOut = model_of(Contract, examples=[_CONTRACT])
TraineeOut = model_of(TraineeView, examples=[_TRAINEE])
TraineePage = page_of(TraineeOut, "TraineePage", "A page of trainees, by code.")


class TraineeIn(RequestBody):
    """A trainee to register with their first contract (``cep`` or ``cddi``)."""

    model_config = examples({"contract": "cep", "weekly_hours": 24, "start": "2026-01-05",
                             "end": None, "post": "P1", "code": None})

    contract: str = Field(max_length=20, json_schema_extra=one_of(CONTRACT_KINDS))
    weekly_hours: float = Field(gt=0, le=HOURS_IN_A_WEEK, strict=True)
    start: Day
    end: Day | None = Field(default=None, description="The planned last day.")
    post: str | None = Field(default=None, max_length=bounds.POST_CODE)
    code: str | None = Field(default=None, max_length=bounds.TRAINEE_CODE,
                             description="A code to use (default: the next T-0001…).")


class ContractIn(RequestBody):
    """A new contract for an active trainee (the contract rules are checked)."""

    model_config = examples({"contract": "cddi", "weekly_hours": 26, "start": "2026-07-01",
                             "end": "2026-12-31"})

    contract: str = Field(max_length=20, json_schema_extra=one_of(CONTRACT_KINDS))
    weekly_hours: float = Field(gt=0, le=HOURS_IN_A_WEEK, strict=True)
    start: Day
    end: Day | None = Field(default=None, description="The planned last day.")


class ExitIn(RequestBody):
    """The end of a trainee's pathway."""

    model_config = examples({"on": "2026-06-30", "outcome": "durable_employment"})

    on: Day
    outcome: str = Field(max_length=40, json_schema_extra=one_of(EXIT_OUTCOMES))


class PersonalIn(RequestBody):
    """Personal fields to write: absent or null leaves a field as it is, an empty text
    clears it."""

    model_config = examples({"full_name": "Steven M.", "contact": "bâtiment B",
                             "notes": None})

    full_name: str | None = Field(default=None, max_length=bounds.FULL_NAME)
    contact: str | None = Field(default=None, max_length=bounds.PERSONAL_CONTACT)
    notes: str | None = Field(default=None, max_length=bounds.PERSONAL_NOTES)


PersonalOut = model_of(
    PersonalData, name="PersonalOut", fields={"changed": list[str] | None},
    descriptions={"changed": "The fields a write changed (only in the answer to a write)."},
    examples=[{"code": "T-0001", "full_name": "Steven M.", "contact": "bâtiment B",
               "notes": None, "changed": ["full_name"]}])

CertificateOut = model_of(Certificate, examples=[{
    "code": "T-0001", "full_name": "Steven M.", "workshop": "Atelier reliure",
    "issued_on": "2026-06-30", "start": "2026-01-05", "end": "2026-06-30",
    "minutes_worked": 24000, "skills": [{"skill": "film_apply",
                                         "name": "Poser le film adhésif", "level": 3,
                                         "assessed_on": "2026-05-12"}],
    "hours_worked": "400:00"}])

PersonExportOut = model_of(PersonExport, examples=[{
    "code": "T-0001", "exported_at": "2026-03-02T09:00:00+01:00", "trainee": _TRAINEE,
    "personal": {"code": "T-0001", "full_name": "Steven M.", "contact": None, "notes": None},
    "contracts": [_CONTRACT], "posts": [], "minutes_worked": 0,
    "records": {"contracts": []}, "work": [], "audit": []}])


class AnonymiseIn(RequestBody):
    """Erase the personal data of trainees exited more than ``retention_days`` ago."""

    model_config = examples({"retention_days": 730, "today": None})

    retention_days: int = Field(ge=0, le=MAX_RETENTION_DAYS, strict=True)
    today: Day | None = Field(default=None, description="Default: today (never later).")


class AnonymisedOut(BaseModel):
    """The codes anonymised (none on a second run)."""

    model_config = examples({"anonymised": ["T-0003"]})

    anonymised: list[str]
