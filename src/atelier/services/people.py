"""Use cases of people: posts, trainees, contracts, personal data, exits.

The certificate, a person's export and anonymisation are in
:mod:`atelier.services.people_records`.
"""

from __future__ import annotations

import datetime as dt
import re

from atelier.domain.actor import Actor
from atelier.domain.collectivity import validate_name
from atelier.domain.errors import InvalidInput, RuleViolation
from atelier.domain.people import (
    CDDI,
    TRAINEE_CODE,
    Contract,
    PersonalData,
    TraineeView,
    check_contract,
    check_exit_outcome,
)
from atelier.services.ports import UnitOfWork

_POST = re.compile(r"^[A-Za-z0-9_-]{1,32}$")

#: The personal fields and their longest accepted value.
PERSONAL_FIELDS = {"full_name": 200, "contact": 2000, "notes": 10000}


def _locked(uow: UnitOfWork, code: str) -> tuple[int, str | None]:
    """``(id, post)`` of an active trainee, read again once their row is locked: a
    concurrent exit or change of post has committed by then."""
    trainee_id, _post = uow.people.trainee(code)
    uow.people.lock_trainee(trainee_id)
    return uow.people.trainee(code)


def add_post(uow: UnitOfWork, actor: Actor, code: str, label: str, now: dt.datetime) -> str:
    """Declare one of the workshop's funded posts (e.g. ``P1``, "Couvrage 1")."""
    if not _POST.match(code):
        raise InvalidInput("post", "1 to 32 letters, digits, - or _", value=code,
                           code="post_invalid")
    uow.people.add_post(code, validate_name(label, "label"))
    uow.audit.record(actor, "post.add", "post", code, None, {"label": label}, now)
    return code


def add_trainee(uow: UnitOfWork, actor: Actor, now: dt.datetime, *, contract: str,
                weekly_hours: float, start: dt.date, end: dt.date | None = None,
                post: str | None = None, code: str | None = None) -> str:
    """Register a trainee under a pseudonymous code (``T-0001``…) with their first
    contract, optionally on a post from the contract's start.

    No name is stored here: personal data lives apart (:func:`set_personal`).
    """
    if code is not None and not TRAINEE_CODE.fullmatch(code):
        raise InvalidInput("code", "a trainee code looks like T-0042", value=code,
                           code="trainee_code_invalid")
    terms = check_contract(contract, weekly_hours, start, end)
    trainee_id, new_code = uow.people.add_trainee(code, now)
    uow.people.add_contract(trainee_id, terms, now)
    if post is not None:
        uow.people.assign_post(post, trainee_id, new_code, start)
    # The post given, and from when, are in the registration's own record: one use
    # case, one record (post_history shows the holding too).
    uow.audit.record(actor, "trainee.add", "trainee", new_code, None,
                     {"post": post, "post_start": start.isoformat() if post else None,
                      "contract": terms.as_dict()}, now)
    return new_code


def renew_contract(uow: UnitOfWork, actor: Actor, now: dt.datetime, code: str, *,
                   contract: str, weekly_hours: float, start: dt.date,
                   end: dt.date | None = None) -> Contract:
    """A new contract for an active trainee (renewal, or a change of kind).

    It may not start before the current one; a CDDI may not take the CDDI pathway
    past 24 months from its first CDDI start.
    """
    trainee_id, _post = _locked(uow, code)
    history = uow.people.contracts(trainee_id)
    current = history[-1] if history else None
    if current is not None and start < current.start:
        raise RuleViolation(f"the new contract starts before the current one ({current.start})",
                            code="contract_rule", rule="renewal_start", contract=contract,
                            value=start.isoformat(), current=current.start.isoformat())
    cddi_starts = [c.start for c in history if c.kind == CDDI]
    pathway_start = min(cddi_starts) if contract == CDDI and cddi_starts else None
    terms = check_contract(contract, weekly_hours, start, end, pathway_start=pathway_start)
    uow.people.add_contract(trainee_id, terms, now)
    uow.audit.record(actor, "trainee.contract", "trainee", code,
                     current.as_dict() if current else None, terms.as_dict(), now)
    return terms


def trainee(uow: UnitOfWork, code: str) -> TraineeView:
    """One trainee, active or not."""
    found = uow.people.trainee_views(code=code)
    if not found:
        uow.people.trainee_id(code)  # raises NotFound with the code
    return found[0]


def contracts_ending(uow: UnitOfWork, within_days: int, today: dt.date) -> list[TraineeView]:
    """Active trainees whose current contract's planned end is at most ``within_days``
    away (overdue ones included: they need a renewal or an exit), soonest first."""
    if within_days < 0:
        raise InvalidInput("within_days", "a number of days, 0 or more", value=within_days,
                           code="within_days_invalid")
    limit = today + dt.timedelta(days=within_days)
    ending = [v for v in uow.people.trainee_views(include_exited=False)
              if v.contract is not None and v.contract.planned_end is not None
              and v.contract.planned_end <= limit]
    return sorted(ending, key=lambda v: (v.contract.planned_end if v.contract else limit, v.code))


def assign_post(uow: UnitOfWork, actor: Actor, now: dt.datetime, post: str, code: str,
                on: dt.date) -> None:
    """Give a vacant post to an active trainee who holds none."""
    trainee_id, _held = _locked(uow, code)
    uow.people.assign_post(post, trainee_id, code, on)
    uow.audit.record(actor, "post.assign", "post", post, None,
                     {"trainee": code, "on": on.isoformat()}, now)


def release_post(uow: UnitOfWork, actor: Actor, now: dt.datetime, post: str,
                 on: dt.date) -> str:
    """Free a post; returns the code of the trainee who held it."""
    holder = uow.people.release_post(post, on)
    uow.audit.record(actor, "post.release", "post", post, {"trainee": holder},
                     {"trainee": None, "on": on.isoformat()}, now)
    return holder


def record_exit(uow: UnitOfWork, actor: Actor, now: dt.datetime, code: str, on: dt.date,
                outcome: str) -> None:
    """End a trainee's pathway: the post is released on that day, work is refused after.

    The exit day may not come before the start, nor before a day with hours already
    recorded (present attendance, time entries, work): those hours would fall after
    the pathway's end.
    """
    check_exit_outcome(outcome)
    trainee_id, post = _locked(uow, code)
    history = uow.people.contracts(trainee_id)
    if history and on < history[0].start:
        raise RuleViolation(f"{code} started on {history[0].start}, after {on}",
                            code="exit_before_start", trainee=code, on=on.isoformat(),
                            start=history[0].start.isoformat())
    last = uow.people.last_day_worked(trainee_id)
    if last is not None and on < last:
        raise RuleViolation(f"{code} has hours recorded on {last}, after {on}",
                            code="exit_before_recorded_hours", trainee=code,
                            on=on.isoformat(), last=last.isoformat())
    if post is not None:
        uow.people.release_post(post, on)
    uow.people.set_exit(trainee_id, on, outcome)
    uow.audit.record(actor, "trainee.exit", "trainee", code, {"active": True, "post": post},
                     {"active": False, "exit_on": on.isoformat(), "outcome": outcome}, now)


def set_personal(uow: UnitOfWork, actor: Actor, now: dt.datetime, code: str,
                 values: dict[str, str | None]) -> list[str]:
    """Write the given personal fields (an empty text clears one); returns the fields
    changed. The audit record names those fields, never their values."""
    given = {k: v for k, v in values.items() if v is not None}
    if not given:
        raise InvalidInput("personal", "give at least one of full_name, contact, notes",
                           code="personal_nothing")
    cleaned: dict[str, str | None] = {}
    for name, value in given.items():
        if name not in PERSONAL_FIELDS:
            raise InvalidInput("personal", "unknown field", value=name,
                               code="personal_field_invalid")
        text = value.strip()
        if len(text) > PERSONAL_FIELDS[name]:
            # The value itself is never echoed: it is personal data.
            raise InvalidInput(name, f"at most {PERSONAL_FIELDS[name]} characters",
                               code="personal_too_long", limit=PERSONAL_FIELDS[name])
        cleaned[name] = text or None
    trainee_id = uow.people.trainee_id(code)
    uow.people.lock_trainee(trainee_id)
    if uow.people.trainee_views(code=code)[0].anonymised:
        raise RuleViolation(f"{code} was anonymised: no personal data may be stored",
                            code="trainee_anonymised", trainee=code)
    before = uow.people.personal(trainee_id, code)
    changed = sorted(k for k, v in cleaned.items() if getattr(before, k) != v)
    if changed:
        uow.people.set_personal(trainee_id, cleaned, now)
        uow.audit.record(actor, "trainee.personal", "trainee", code, None,
                         {"fields": changed}, now)
    return changed


def personal(uow: UnitOfWork, code: str) -> PersonalData:
    """The personal record of a trainee (empty fields if none was written)."""
    return uow.people.personal(uow.people.trainee_id(code), code)
