"""What identifies a person, and what they leave with: personal data and the skills
certificate.

Personal data is read and written by the counsellor and the admin only, and is
erased at anonymisation (DOMAIN rule 7). The certificate says what the person
can do and how long they worked, and nothing of where or why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from atelier.domain import bounds
from atelier.domain.errors import InvalidInput
from atelier.domain.people import Contract, TraineeView
from atelier.domain.posts import PostAssignment

#: The personal fields and their longest accepted value.
PERSONAL_FIELDS: Mapping[str, int] = {"full_name": bounds.FULL_NAME,
                                      "contact": bounds.PERSONAL_CONTACT,
                                      "notes": bounds.PERSONAL_NOTES}


@attrs.frozen
class PersonalData:
    """What identifies the person behind a code: only for the counsellor and the admin."""

    code: str
    full_name: str | None
    contact: str | None
    notes: str | None


def check_personal(values: Mapping[str, str | None]) -> dict[str, str | None]:
    """The personal fields to write, cleaned: None leaves a field as it is (left out), an
    empty text clears it (None). The values are never echoed in an error: they are
    personal data."""
    given = {k: v for k, v in values.items() if v is not None}
    if not given:
        raise InvalidInput("personal", "give at least one of full_name, contact, notes",
                           code="personal_nothing")
    cleaned: dict[str, str | None] = {}
    for name, value in given.items():
        if name not in PERSONAL_FIELDS:
            raise InvalidInput("personal", "unknown field", value=name,
                               code="personal_field_invalid")
        if not isinstance(value, str):
            raise InvalidInput(name, "must be text", code="not_text")
        text = value.strip()
        if len(text) > PERSONAL_FIELDS[name]:
            raise InvalidInput(name, f"at most {PERSONAL_FIELDS[name]} characters",
                               code="personal_too_long", limit=PERSONAL_FIELDS[name])
        # Names stay on one line; a contact and notes may hold several.
        cleaned[name] = bounds.optional_text(text, name, PERSONAL_FIELDS[name],
                                             multiline=name != "full_name")
    return cleaned


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

    DERIVED: ClassVar[tuple[str, ...]] = ("hours_worked",)

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


@attrs.frozen
class PersonExport:
    """Everything stored about one person, for their right of access: their record and
    contracts, the posts they held, the rows about them in every table, the work they
    did and the audit records about them or naming them."""

    code: str
    exported_at: dt.datetime
    trainee: TraineeView
    personal: PersonalData
    contracts: tuple[Contract, ...]
    posts: tuple[PostAssignment, ...]
    minutes_worked: int
    #: The rows about the person, table by table, as stored.
    records: Mapping[str, tuple[Mapping[str, Any], ...]]
    #: The work they did, by day: order, operation, day, minutes, supervisor, post, tasks.
    work: tuple[Mapping[str, Any], ...]
    #: The audit records about them or naming them, oldest first.
    audit: tuple[Mapping[str, Any], ...]


#: The longest retention period: a century (no arithmetic on it leaves the calendar).
MAX_RETENTION_DAYS = 36_600


def anonymisation_cutoff(retention_days: int, today: dt.date, clock_today: dt.date) -> dt.date:
    """Trainees exited before the day returned are anonymised: ``retention_days`` before
    ``today``. ``today`` may be earlier than the clock's date (tests, a late run), never
    later: that would anonymise before the retention period ends."""
    if isinstance(retention_days, bool) or not isinstance(retention_days, int) \
            or not 0 <= retention_days <= MAX_RETENTION_DAYS:
        raise InvalidInput("retention_days", "a number of days, 0 or more",
                           value=retention_days if isinstance(retention_days, int)
                           else repr(retention_days)[:40], code="retention_invalid",
                           low=0, high=MAX_RETENTION_DAYS)
    bounds.day(today, "today")
    if today > clock_today:
        raise InvalidInput("today", f"may not be after the clock's date {clock_today}",
                           value=today.isoformat(), code="today_in_future",
                           clock=clock_today.isoformat())
    return today - dt.timedelta(days=retention_days)
