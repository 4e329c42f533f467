"""Bodies of the people routes: posts, trainees, contracts, personal data, exits,
certificates, the person's export and anonymisation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from atelier.domain.people import CONTRACT_KINDS, EXIT_OUTCOMES
from atelier_api.schemas.common import Day, Page, RequestBody, examples, one_of, page_examples

_CONTRACT: dict[str, Any] = {"kind": "cep", "start": "2026-01-05", "planned_end": None,
             "weekly_minutes": 1440, "weekly_hours": 24.0}
_TRAINEE: dict[str, Any] = {"code": "T-0001", "active": True, "post": "P1", "contract": _CONTRACT,
            "exit_on": None, "exit_outcome": None, "anonymised": False}


class PostIn(RequestBody):
    """A funded post of the workshop."""

    model_config = examples({"code": "P1", "label": "Couvrage 1"})

    code: str = Field(max_length=64)
    label: str = Field(max_length=200)


class PostOut(BaseModel):
    """A post and who holds it since when (``trainee`` null: vacant)."""

    model_config = examples({"code": "P1", "label": "Couvrage 1", "trainee": "T-0001",
                             "since": "2026-01-05"})

    code: str
    label: str
    trainee: str | None
    since: dt.date | None


class PostPage(Page[PostOut]):
    """A page of posts, by code."""

    model_config = page_examples(PostOut)


class AssignIn(RequestBody):
    """Give a vacant post to an active trainee holding no other one."""

    model_config = examples({"trainee": "T-0001", "on": "2026-03-02"})

    trainee: str = Field(max_length=40)
    on: Day | None = Field(default=None, description="From this day (default today).")


class ReleaseIn(RequestBody):
    """Free a post."""

    model_config = examples({"on": "2026-03-31"})

    on: Day | None = Field(default=None, description="On this day (default today).")


class AssignmentOut(BaseModel):
    """A trainee holding a post from ``start`` to ``end`` (null: still holds it)."""

    model_config = examples({"post": "P1", "trainee": "T-0001", "start": "2026-01-05",
                             "end": None})

    post: str
    trainee: str
    start: dt.date
    end: dt.date | None


class AssignmentPage(Page[AssignmentOut]):
    """A page of post assignments, by post then start."""

    model_config = page_examples(AssignmentOut)


class ContractOut(BaseModel):
    """A contract: kind, start, planned end (last day), weekly time."""

    model_config = examples(_CONTRACT)

    kind: str = Field(description="One of " + ", ".join(CONTRACT_KINDS) + ".")
    start: dt.date
    planned_end: dt.date | None
    weekly_minutes: int
    weekly_hours: float


class TraineeOut(BaseModel):
    """A trainee as daily work sees them: code, post, current contract, exit; no name."""

    model_config = examples(_TRAINEE)

    code: str
    active: bool
    post: str | None
    contract: ContractOut | None
    exit_on: dt.date | None
    exit_outcome: str | None
    anonymised: bool


class TraineePage(Page[TraineeOut]):
    """A page of trainees, by code."""

    model_config = page_examples(TraineeOut)


class TraineeIn(RequestBody):
    """A trainee to register with their first contract (``cep`` or ``cddi``)."""

    model_config = examples({"contract": "cep", "weekly_hours": 24, "start": "2026-01-05",
                             "end": None, "post": "P1", "code": None})

    contract: str = Field(max_length=20, json_schema_extra=one_of(CONTRACT_KINDS))
    weekly_hours: float = Field(gt=0, le=168, strict=True)
    start: Day
    end: Day | None = Field(default=None, description="The planned last day.")
    post: str | None = Field(default=None, max_length=64)
    code: str | None = Field(default=None, max_length=40,
                             description="A code to use (default: the next T-0001…).")


class ContractIn(RequestBody):
    """A new contract for an active trainee (the contract rules are checked)."""

    model_config = examples({"contract": "cddi", "weekly_hours": 26, "start": "2026-07-01",
                             "end": "2026-12-31"})

    contract: str = Field(max_length=20, json_schema_extra=one_of(CONTRACT_KINDS))
    weekly_hours: float = Field(gt=0, le=168, strict=True)
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

    full_name: str | None = Field(default=None, max_length=200)
    contact: str | None = Field(default=None, max_length=1000)
    notes: str | None = Field(default=None, max_length=5000)


class PersonalOut(BaseModel):
    """The person behind a code (counsellor and admin only)."""

    model_config = examples({"code": "T-0001", "full_name": "Steven M.",
                             "contact": "bâtiment B", "notes": None, "changed": ["full_name"]})

    code: str
    full_name: str | None
    contact: str | None
    notes: str | None
    changed: list[str] | None = Field(default=None,
                                      description="The fields a write changed.")


class CertifiedSkillOut(BaseModel):
    """A skill on the certificate: its current level and when it was assessed."""

    skill: str
    name: str
    level: int
    assessed_on: dt.date


class CertificateOut(BaseModel):
    """The skills certificate (attestation de compétences) of a trainee."""

    model_config = examples({"code": "T-0001", "full_name": "Steven M.",
                             "workshop": "Atelier reliure", "issued_on": "2026-06-30",
                             "start": "2026-01-05", "end": "2026-06-30",
                             "minutes_worked": 24000, "hours_worked": "400:00",
                             "skills": [{"skill": "film_apply",
                                         "name": "Poser le film adhésif", "level": 3,
                                         "assessed_on": "2026-05-12"}]})

    code: str
    full_name: str | None
    workshop: str | None
    issued_on: dt.date
    start: dt.date | None
    end: dt.date | None
    minutes_worked: int
    hours_worked: str
    skills: list[CertifiedSkillOut]


class PersonExport(BaseModel):
    """Everything stored about one person, for their right of access: records, the work
    they did, and the audit records about them or naming them."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "code": "T-0001", "exported_at": "2026-03-02T09:00:00", "trainee": _TRAINEE,
        "personal": {"code": "T-0001", "full_name": "Steven M.", "contact": None,
                     "notes": None},
        "contracts": [_CONTRACT], "posts": [], "minutes_worked": 0,
        "records": {"contracts": []}, "work": [], "audit": []}]})

    code: str
    exported_at: str
    trainee: dict[str, Any]
    personal: dict[str, Any]
    contracts: list[dict[str, Any]]
    posts: list[dict[str, Any]]
    minutes_worked: int
    records: dict[str, list[dict[str, Any]]]
    work: list[dict[str, Any]]
    audit: list[dict[str, Any]]


class AnonymiseIn(RequestBody):
    """Erase the personal data of trainees exited more than ``retention_days`` ago."""

    model_config = examples({"retention_days": 730, "today": None})

    retention_days: int = Field(ge=0, le=36_500, strict=True)
    today: Day | None = Field(default=None, description="Default: today (never later).")


class AnonymisedOut(BaseModel):
    """The codes anonymised (none on a second run)."""

    model_config = examples({"anonymised": ["T-0003"]})

    anonymised: list[str]
