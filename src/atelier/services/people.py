"""Use cases of people: posts, trainees, contracts, personal data, exits.

The certificate, a person's export and anonymisation are in
:mod:`atelier.services.people_records`.
"""

from __future__ import annotations

import datetime as dt

from atelier.domain import bounds
from atelier.domain import posts as post_rules
from atelier.domain.actor import Actor
from atelier.domain.people import (
    Contract,
    TraineeView,
    cddi_pathway_start,
    check_active,
    check_contract,
    check_exit,
    check_exit_outcome,
    check_not_anonymised,
    check_renewal,
    check_trainee_code,
    new_trainee_code,
    notice_limit,
)
from atelier.domain.personal import PersonalData, check_personal
from atelier.domain.posts import PostAssignment
from atelier.domain.shape import shape_of
from atelier.services.ports import UnitOfWork
from atelier.services.ports_people import TraineeRef


def active_trainee(uow: UnitOfWork, code: str, *, lock: bool = False,
                   field: str = "trainee") -> TraineeRef:
    """A trainee still on their pathway, by code."""
    found = uow.people.trainee(check_trainee_code(code, field), lock=lock)
    check_active(code, found.active)
    return found


def _locked(uow: UnitOfWork, code: str) -> TraineeRef:
    """An active trainee, read again once their row is locked: a concurrent exit or change
    of post has committed by then."""
    found = active_trainee(uow, code, field="code")
    uow.people.lock_trainee(found.id)
    return active_trainee(uow, code, field="code")


def _contract(contract: Contract) -> dict[str, object]:
    """A contract as the audit log keeps it."""
    return {m.key: getattr(contract, m.attribute) for m in shape_of(Contract)}


def add_post(uow: UnitOfWork, actor: Actor, code: str, label: str, now: dt.datetime) -> str:
    """Declare one of the workshop's funded posts (e.g. ``P1``, "Couvrage 1")."""
    code, clean = post_rules.check_new_post(code, label)
    post_rules.check_post_free(code, uow.people.post_exists(code))
    uow.people.add_post(code, clean)
    uow.audit.record(actor, "post.add", "post", code, None, {"label": clean}, now)
    return code


def add_trainee(uow: UnitOfWork, actor: Actor, now: dt.datetime, *, contract: str,
                weekly_hours: float, start: dt.date, end: dt.date | None = None,
                post: str | None = None, code: str | None = None) -> str:
    """Register a trainee under a pseudonymous code (``T-0001``…) with their first
    contract, optionally on a post from the contract's start.

    No name is stored here: personal data lives apart (:func:`set_personal`).
    """
    if code is not None:
        new_trainee_code(code, ())  # its form, before anything is read
    terms = check_contract(contract, weekly_hours, start, end)
    new_code = new_trainee_code(code, uow.people.codes())
    trainee_id = uow.people.add_trainee(new_code, now)
    uow.people.add_contract(trainee_id, terms, now)
    if post is not None:
        post_id, holding = uow.people.holding(post_rules.check_post_code(post), trainee_id)
        post_rules.check_assignment(post, new_code, start, holding)
        uow.people.assign_post(post_id, trainee_id, start)
    # The post given, and from when, are in the registration's own record: one use
    # case, one record (post_history shows the holding too).
    uow.audit.record(actor, "trainee.add", "trainee", new_code, None,
                     {"post": post, "post_start": start.isoformat() if post else None,
                      "contract": _contract(terms)}, now)
    return new_code


def renew_contract(uow: UnitOfWork, actor: Actor, now: dt.datetime, code: str, *,
                   contract: str, weekly_hours: float, start: dt.date,
                   end: dt.date | None = None) -> Contract:
    """A new contract for an active trainee (renewal, or a change of kind).

    It may not start before the current one; a CDDI may not take the CDDI pathway
    past 24 months from its first CDDI start.
    """
    found = _locked(uow, code)
    history = uow.people.contracts(found.id)
    current = history[-1] if history else None
    bounds.day(start, "start")
    check_renewal(contract, start, current)
    terms = check_contract(contract, weekly_hours, start, end,
                           pathway_start=cddi_pathway_start(contract, history))
    uow.people.add_contract(found.id, terms, now)
    uow.audit.record(actor, "trainee.contract", "trainee", code,
                     _contract(current) if current else None, _contract(terms), now)
    return terms


def trainee(uow: UnitOfWork, code: str) -> TraineeView:
    """One trainee, active or not."""
    found = uow.people.trainee(check_trainee_code(code))  # NotFound when unknown
    return uow.people.trainee_views(code=found.code)[0]


def contracts_ending(uow: UnitOfWork, within_days: int, today: dt.date) -> list[TraineeView]:
    """Active trainees whose current contract's planned end is at most ``within_days``
    away (overdue ones included: they need a renewal or an exit), soonest first."""
    limit = notice_limit(within_days, today)
    ending = [v for v in uow.people.trainee_views(include_exited=False)
              if v.contract is not None and v.contract.planned_end is not None
              and v.contract.planned_end <= limit]
    return sorted(ending, key=lambda v: (v.contract.planned_end if v.contract else limit, v.code))


def assign_post(uow: UnitOfWork, actor: Actor, now: dt.datetime, post: str, code: str,
                on: dt.date) -> None:
    """Give a vacant post to an active trainee who holds none."""
    post_rules.check_post_code(post)
    found = _locked(uow, code)
    post_id, holding = uow.people.holding(post, found.id)
    post_rules.check_assignment(post, code, on, holding)
    uow.people.assign_post(post_id, found.id, on)
    uow.audit.record(actor, "post.assign", "post", post, None,
                     {"trainee": code, "on": on.isoformat()}, now)


def release_post(uow: UnitOfWork, actor: Actor, now: dt.datetime, post: str,
                 on: dt.date) -> str:
    """Free a post; returns the code of the trainee who held it."""
    post_id, holding = uow.people.holding(post_rules.check_post_code(post))
    holder = post_rules.check_release(post, on, holding)
    uow.people.release_post(post_id, on)
    uow.audit.record(actor, "post.release", "post", post, {"trainee": holder},
                     {"trainee": None, "on": on.isoformat()}, now)
    return holder


def post_history(uow: UnitOfWork, post: str | None = None) -> list[PostAssignment]:
    """Who held each post (or ``post``) and when, by post then start."""
    if post is not None:
        post_rules.check_post_code(post)
    return uow.people.post_history(post)


def record_exit(uow: UnitOfWork, actor: Actor, now: dt.datetime, code: str, on: dt.date,
                outcome: str) -> None:
    """End a trainee's pathway: the post is released on that day, work is refused after.

    The exit day may not come before the start, nor before a day with hours already
    recorded (present attendance, time entries, work): those hours would fall after
    the pathway's end.
    """
    result = check_exit_outcome(outcome)
    found = _locked(uow, code)
    check_exit(code, on, uow.people.contracts(found.id), uow.people.last_day_worked(found.id))
    if found.post is not None:
        post_id, holding = uow.people.holding(found.post)
        post_rules.check_release(found.post, on, holding)
        uow.people.release_post(post_id, on)
    uow.people.set_exit(found.id, on, result)
    uow.audit.record(actor, "trainee.exit", "trainee", code,
                     {"active": True, "post": found.post},
                     {"active": False, "exit_on": on.isoformat(), "outcome": result}, now)


def set_personal(uow: UnitOfWork, actor: Actor, now: dt.datetime, code: str,
                 values: dict[str, str | None]) -> list[str]:
    """Write the given personal fields (an empty text clears one); returns the fields
    changed. The audit record names those fields, never their values."""
    cleaned = check_personal(values)
    found = uow.people.trainee(check_trainee_code(code))
    uow.people.lock_trainee(found.id)
    check_not_anonymised(code, uow.people.trainee(code).anonymised)
    before = uow.people.personal(found.id, code)
    changed = sorted(k for k, v in cleaned.items() if getattr(before, k) != v)
    if changed:
        uow.people.set_personal(found.id, cleaned, now)
        uow.audit.record(actor, "trainee.personal", "trainee", code, None,
                         {"fields": changed}, now)
    return changed


def personal(uow: UnitOfWork, code: str) -> PersonalData:
    """The personal record of a trainee (empty fields if none was written)."""
    return uow.people.personal(uow.people.trainee(check_trainee_code(code)).id, code)
