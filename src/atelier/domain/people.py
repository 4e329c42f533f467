"""People: posts, trainees' contracts, personal data, exits and the skills certificate.

A trainee is known by a pseudonymous code; their contract drives the legal checks
(DOMAIN.md): a *contrat d'emploi pénitentiaire* (``cep``) inside a prison, a CDDI
(``cddi``) outside. Nothing here holds offences, sentences, a prison register number
or a release date (DOMAIN rule 7).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from typing import Any

import attrs

from atelier.domain.errors import InvalidInput, RuleViolation

#: A trainee's pseudonymous code (``T-0042``): the only name a trainee has in daily use.
TRAINEE_CODE = re.compile(r"T-\d{4,6}")

CEP = "cep"
CDDI = "cddi"
#: The contract kinds a trainee may hold.
CONTRACT_KINDS = (CEP, CDDI)

#: How a pathway ends (the basis of the insertion indicators).
EXIT_OUTCOMES = ("durable_employment", "transitional_employment", "positive_exit",
                 "no_solution", "other")

#: Contract rules, in minutes a week and months (DOMAIN.md, "Trainee"). A CEP is full
#: time at 35 h a week, part time at 10 h or more; the 48 h a week of DOMAIN.md bound
#: the hours actually worked (the attendance checks), not a contract's hours.
CEP_MIN_WEEKLY = 10 * 60
CEP_MAX_WEEKLY = 35 * 60
CDDI_MIN_WEEKLY = 20 * 60
CDDI_MAX_WEEKLY = 35 * 60
CDDI_MIN_MONTHS = 4
CDDI_MAX_MONTHS = 24


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months (the day clamped to the month's end)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def weekly_minutes(weekly_hours: float) -> int:
    """Weekly hours as given by people (``17.5``) turned into whole minutes (``1050``)."""
    if isinstance(weekly_hours, bool) or not math.isfinite(weekly_hours) or weekly_hours <= 0:
        raise InvalidInput("weekly_hours", "a positive number of hours", value=weekly_hours,
                           code="weekly_hours_invalid")
    return round(weekly_hours * 60)


def _refuse(rule: str, kind: str, value: Any, message: str) -> RuleViolation:
    return RuleViolation(f"{kind} contract: {message}", code="contract_rule", rule=rule,
                         contract=kind, value=value)


@attrs.frozen
class Contract:
    """One contract of a trainee: kind, start, planned end (last day) and weekly time."""

    kind: str
    start: dt.date
    planned_end: dt.date | None
    weekly_minutes: int

    @property
    def weekly_hours(self) -> float:
        """The weekly time in hours (``17.5``)."""
        return self.weekly_minutes / 60

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape used by the CLI and the export."""
        return {"kind": self.kind, "start": self.start.isoformat(),
                "planned_end": self.planned_end.isoformat() if self.planned_end else None,
                "weekly_minutes": self.weekly_minutes, "weekly_hours": self.weekly_hours}


def check_contract(kind: str, weekly_hours: float, start: dt.date, end: dt.date | None = None,
                   *, pathway_start: dt.date | None = None) -> Contract:
    """The contract if it keeps the rules, else ``RuleViolation`` code ``contract_rule``.

    The error's ``rule`` names the rule broken: ``end_before_start``,
    ``cep_min_weekly``, ``cep_max_weekly``, ``cddi_weekly_range``, ``cddi_duration``
    (a planned end is required, 4 to 24 months, the end day counted) or
    ``cddi_total_duration`` (a renewal may not take the CDDI pathway, begun on
    ``pathway_start``, past 24 months).
    """
    if kind not in CONTRACT_KINDS:
        raise InvalidInput("contract", "must be one of " + ", ".join(CONTRACT_KINDS),
                           value=kind, code="contract_kind_invalid")
    minutes = weekly_minutes(weekly_hours)
    if end is not None and end < start:
        raise _refuse("end_before_start", kind, end.isoformat(),
                      f"the planned end {end} is before the start {start}")
    if kind == CEP:
        if minutes < CEP_MIN_WEEKLY:
            raise _refuse("cep_min_weekly", kind, minutes / 60,
                          f"{minutes / 60:g} h a week is under the 10 h minimum")
        if minutes > CEP_MAX_WEEKLY:
            raise _refuse("cep_max_weekly", kind, minutes / 60,
                          f"{minutes / 60:g} h a week is over the 35 h of a full-time CEP")
    else:
        if not CDDI_MIN_WEEKLY <= minutes <= CDDI_MAX_WEEKLY:
            raise _refuse("cddi_weekly_range", kind, minutes / 60,
                          f"{minutes / 60:g} h a week is outside 20 to 35 h")
        # The planned end is the last day worked: a contract from 1 January to
        # 30 April lasts 4 months.
        if end is None:
            raise _refuse("cddi_duration", kind, None, "a planned end is required")
        after = end + dt.timedelta(days=1)
        if not add_months(start, CDDI_MIN_MONTHS) <= after <= add_months(start, CDDI_MAX_MONTHS):
            raise _refuse("cddi_duration", kind, end.isoformat(),
                          f"from {start} to {end} is not 4 to 24 months")
        if pathway_start is not None and after > add_months(pathway_start, CDDI_MAX_MONTHS):
            raise _refuse("cddi_total_duration", kind, end.isoformat(),
                          f"ending {end}, the CDDI pathway begun {pathway_start} "
                          "would pass 24 months")
    return Contract(kind, start, end, minutes)


def check_exit_outcome(outcome: str) -> str:
    """``outcome`` if it is one of :data:`EXIT_OUTCOMES`, else ``InvalidInput``."""
    if outcome not in EXIT_OUTCOMES:
        raise InvalidInput("outcome", "must be one of " + ", ".join(EXIT_OUTCOMES),
                           value=outcome, code="exit_outcome_invalid")
    return outcome


@attrs.frozen
class PostView:
    """A funded post and who holds it since when (``trainee`` None: vacant)."""

    code: str
    label: str
    trainee: str | None
    since: dt.date | None

    @property
    def vacant(self) -> bool:
        """Whether nobody holds the post."""
        return self.trainee is None

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape used by the CLI."""
        return {"code": self.code, "label": self.label, "trainee": self.trainee,
                "since": self.since.isoformat() if self.since else None}


@attrs.frozen
class PostAssignment:
    """A trainee holding a post from ``start`` to ``end`` (None: still holds it)."""

    post: str
    trainee: str
    start: dt.date
    end: dt.date | None

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape used by the CLI and the export."""
        return {"post": self.post, "trainee": self.trainee, "start": self.start.isoformat(),
                "end": self.end.isoformat() if self.end else None}


@attrs.frozen
class TraineeView:
    """A trainee as daily work sees them: code, post, current contract, exit; no name."""

    code: str
    active: bool
    post: str | None
    contract: Contract | None
    exit_on: dt.date | None
    exit_outcome: str | None
    anonymised: bool

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape used by the CLI."""
        return {"code": self.code, "active": self.active, "post": self.post,
                "contract": self.contract.as_dict() if self.contract else None,
                "exit_on": self.exit_on.isoformat() if self.exit_on else None,
                "exit_outcome": self.exit_outcome, "anonymised": self.anonymised}


@attrs.frozen
class PersonalData:
    """What identifies the person behind a code: only for the counsellor and the admin."""

    code: str
    full_name: str | None
    contact: str | None
    notes: str | None

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape used by the CLI and the export."""
        return {"code": self.code, "full_name": self.full_name, "contact": self.contact,
                "notes": self.notes}


@attrs.frozen
class CertifiedSkill:
    """A skill on the certificate: its current level and when it was assessed."""

    skill: str
    name: str
    level: int
    assessed_on: dt.date


@attrs.frozen
class Certificate:
    """The skills certificate (attestation de compétences) of a trainee.

    It says what the person can do and how long they worked, in which workshop,
    and nothing of where the work took place or why (no contract kind).
    """

    code: str
    full_name: str | None
    workshop: str | None
    issued_on: dt.date
    start: dt.date | None
    end: dt.date | None
    minutes_worked: int
    skills: tuple[CertifiedSkill, ...]

    @property
    def hours_worked(self) -> str:
        """The time worked as ``H:MM``."""
        return f"{self.minutes_worked // 60}:{self.minutes_worked % 60:02d}"

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``atelier trainee certificate --json``."""
        return {
            "code": self.code, "full_name": self.full_name, "workshop": self.workshop,
            "issued_on": self.issued_on.isoformat(),
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "minutes_worked": self.minutes_worked, "hours_worked": self.hours_worked,
            "skills": [{"skill": s.skill, "name": s.name, "level": s.level,
                        "assessed_on": s.assessed_on.isoformat()} for s in self.skills],
        }
