"""Use cases over everything stored about a person: the skills certificate, the
export of their data, and anonymisation after the retention period (DOMAIN rule 7)."""

from __future__ import annotations

import datetime as dt

from atelier.domain import bounds
from atelier.domain.actor import Actor
from atelier.domain.catalogue import MIN_LEVEL
from atelier.domain.personal import (
    Certificate,
    CertifiedSkill,
    PersonExport,
    anonymisation_cutoff,
)
from atelier.services.catalogues import catalogue
from atelier.services.people import trainee
from atelier.services.ports import UnitOfWork


def certificate(uow: UnitOfWork, code: str, workshop: str | None,
                today: dt.date) -> Certificate:
    """The skills certificate: current level of each assessed skill with its date, the
    time worked, the workshop and the person's name if known; nothing of detention."""
    name = bounds.optional_text(workshop, "workshop", bounds.NAME)
    view = trainee(uow, code)
    trainee_id = uow.people.trainee(code).id
    names = {s.code: s.name for s in catalogue(uow).skills}
    skills = tuple(CertifiedSkill(skill, names.get(skill, skill), level, on)
                   for skill, level, on in uow.people.latest_assessments(trainee_id)
                   if level > MIN_LEVEL)
    history = uow.people.contracts(trainee_id)
    return Certificate(
        code=code, full_name=uow.people.personal(trainee_id, code).full_name,
        workshop=name,
        issued_on=today, start=history[0].start if history else None, end=view.exit_on,
        minutes_worked=uow.people.minutes_worked(trainee_id), skills=skills)


def export_person(uow: UnitOfWork, code: str, now: dt.datetime) -> PersonExport:
    """Everything stored about one person (their right of access): their record,
    contracts, posts, rows in every table about them, the work they did (by order) and
    the audit records about them or naming them."""
    view = trainee(uow, code)
    trainee_id = uow.people.trainee(code).id
    return PersonExport(
        code=code, exported_at=now, trainee=view,
        personal=uow.people.personal(trainee_id, code),
        contracts=tuple(uow.people.contracts(trainee_id)),
        posts=tuple(uow.people.post_history(trainee_id=trainee_id)),
        minutes_worked=uow.people.minutes_worked(trainee_id),
        records={name: tuple(rows)
                 for name, rows in uow.people.person_records(trainee_id).items()},
        work=tuple(uow.people.person_work(trainee_id)),
        audit=tuple(uow.people.person_audit(code)))


def anonymise(uow: UnitOfWork, actor: Actor, now: dt.datetime, retention_days: int,
              today: dt.date) -> list[str]:
    """Erase the personal data of trainees exited more than ``retention_days`` ago.

    Their personal record and free-text notes (assessment evidence, time-entry notes,
    the reasons of hours corrections) go; their code, hours, levels and exit stay for
    the statistics. ``today`` may be earlier than the clock's date (tests, a late
    run), never later: that would anonymise before the retention period ends.
    Running it again changes nothing. Returns the codes anonymised now.
    """
    due = uow.people.exited_before(anonymisation_cutoff(retention_days, today, now.date()))
    if not due:
        return []
    uow.people.erase_personal([trainee_id for trainee_id, _ in due], now)
    codes = [code for _, code in due]
    uow.audit.record(actor, "trainees.anonymise", "anonymisation", today.isoformat(), None,
                     {"trainees": codes, "retention_days": retention_days}, now)
    return codes
