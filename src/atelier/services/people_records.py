"""Use cases over everything stored about a person: the skills certificate, the
export of their data, and anonymisation after the retention period (DOMAIN rule 7)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from atelier.domain.actor import Actor
from atelier.domain.catalogue import MIN_LEVEL
from atelier.domain.errors import InvalidInput
from atelier.domain.people import Certificate, CertifiedSkill
from atelier.services.people import trainee
from atelier.services.ports import UnitOfWork


def certificate(uow: UnitOfWork, code: str, workshop: str | None,
                today: dt.date) -> Certificate:
    """The skills certificate: current level of each assessed skill with its date, the
    time worked, the workshop and the person's name if known; nothing of detention."""
    view = trainee(uow, code)
    trainee_id = uow.people.trainee_id(code)
    names = {s.code: s.name for s in uow.catalogues.active()[1].skills}
    skills = tuple(CertifiedSkill(skill, names.get(skill, skill), level, on)
                   for skill, level, on in uow.people.latest_assessments(trainee_id)
                   if level > MIN_LEVEL)
    history = uow.people.contracts(trainee_id)
    return Certificate(
        code=code, full_name=uow.people.personal(trainee_id, code).full_name,
        workshop=workshop.strip() if workshop and workshop.strip() else None,
        issued_on=today, start=history[0].start if history else None, end=view.exit_on,
        minutes_worked=uow.people.minutes_worked(trainee_id), skills=skills)


def export_person(uow: UnitOfWork, code: str, now: dt.datetime) -> dict[str, Any]:
    """Everything stored about one person, as JSON-able data (their right of access):
    their record, contracts, posts, rows in every table about them, the work they did
    (by order) and the audit records about them or naming them."""
    view = trainee(uow, code)
    trainee_id = uow.people.trainee_id(code)
    return {
        "code": code,
        "exported_at": now.isoformat(),
        "trainee": view.as_dict(),
        "personal": uow.people.personal(trainee_id, code).as_dict(),
        "contracts": [c.as_dict() for c in uow.people.contracts(trainee_id)],
        "posts": [a.as_dict() for a in uow.people.post_history(trainee_id=trainee_id)],
        "minutes_worked": uow.people.minutes_worked(trainee_id),
        "records": uow.people.person_records(trainee_id),
        "work": uow.people.person_work(trainee_id),
        "audit": uow.people.person_audit(code),
    }


def anonymise(uow: UnitOfWork, actor: Actor, now: dt.datetime, retention_days: int,
              today: dt.date) -> list[str]:
    """Erase the personal data of trainees exited more than ``retention_days`` ago.

    Their personal record and free-text notes (assessment evidence, time-entry notes,
    the reasons of hours corrections) go; their code, hours, levels and exit stay for
    the statistics. ``today`` may be earlier than the clock's date (tests, a late
    run), never later: that would anonymise before the retention period ends.
    Running it again changes nothing. Returns the codes anonymised now.
    """
    if isinstance(retention_days, bool) or retention_days < 0:
        raise InvalidInput("retention_days", "a number of days, 0 or more",
                           value=retention_days, code="retention_invalid")
    if today > now.date():
        raise InvalidInput("today", f"may not be after the clock's date {now.date()}",
                           value=today.isoformat(), code="today_in_future",
                           clock=now.date().isoformat())
    due = uow.people.exited_before(today - dt.timedelta(days=retention_days))
    if not due:
        return []
    uow.people.erase_personal([trainee_id for trainee_id, _ in due], now)
    codes = [code for _, code in due]
    uow.audit.record(actor, "trainees.anonymise", "anonymisation", today.isoformat(), None,
                     {"trainees": codes, "retention_days": retention_days}, now)
    return codes
