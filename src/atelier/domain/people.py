"""People: trainees, their contracts and the end of their pathway.

A trainee is known by a pseudonymous code; their contract drives the legal checks
(DOMAIN.md): a *contrat d'emploi pénitentiaire* (``cep``) inside a prison, a CDDI
(``cddi``) outside. Nothing here holds offences, sentences, a prison register number
or a release date (DOMAIN rule 7). Posts are in :mod:`atelier.domain.posts`, the
personal data and the certificate in :mod:`atelier.domain.personal`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Collection
from typing import Any, ClassVar, Final, Literal, get_args

import attrs

from atelier.domain import bounds
from atelier.domain.errors import InvalidInput, RuleViolation

#: A trainee's pseudonymous code (``T-0042``): the only name a trainee has in daily use.
TRAINEE_CODE = re.compile(r"T-\d{4,6}")

#: The contract kinds a trainee may hold.
ContractKind = Literal["cep", "cddi"]
CEP: Final = "cep"
CDDI: Final = "cddi"
CONTRACT_KINDS: tuple[ContractKind, ...] = get_args(ContractKind)

#: How a pathway ends (the basis of the insertion indicators).
ExitOutcome = Literal["durable_employment", "transitional_employment", "positive_exit",
                      "no_solution", "other"]
EXIT_OUTCOMES: tuple[ExitOutcome, ...] = get_args(ExitOutcome)

#: Contract rules, in minutes a week and months (DOMAIN.md, "Trainee"). A CEP is full
#: time at 35 h a week, part time at 10 h or more; the 48 h a week of DOMAIN.md bound
#: the hours actually worked (the attendance checks), not a contract's hours.
CEP_MIN_WEEKLY = 10 * 60
CEP_MAX_WEEKLY = 35 * 60
CDDI_MIN_WEEKLY = 20 * 60
CDDI_MAX_WEEKLY = 35 * 60
CDDI_MIN_MONTHS = 4
CDDI_MAX_MONTHS = 24
#: No weekly time may exceed the hours of a week.
HOURS_IN_A_WEEK = 168


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months (the day clamped to the month's end)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def weekly_minutes(weekly_hours: float) -> int:
    """Weekly hours as given by people (``17.5``) turned into whole minutes (``1050``)."""
    if isinstance(weekly_hours, bool) or not isinstance(weekly_hours, int | float) \
            or not math.isfinite(weekly_hours) or not 0 < weekly_hours <= HOURS_IN_A_WEEK:
        raise InvalidInput("weekly_hours", "a positive number of hours",
                           value=weekly_hours if isinstance(weekly_hours, int | float)
                           else repr(weekly_hours)[:40], code="weekly_hours_invalid")
    return round(weekly_hours * 60)


def _refuse(rule: str, kind: str, value: Any, message: str) -> RuleViolation:
    return RuleViolation(f"{kind} contract: {message}", code="contract_rule", rule=rule,
                         contract=kind, value=value)


@attrs.frozen
class Contract:
    """One contract of a trainee: kind, start, planned end (last day) and weekly time."""

    DERIVED: ClassVar[tuple[str, ...]] = ("weekly_hours",)

    kind: ContractKind = attrs.field(validator=bounds.one_of(CONTRACT_KINDS,
                                                             code="contract_kind_invalid"))
    start: dt.date = attrs.field(validator=bounds.day_of())
    planned_end: dt.date | None = attrs.field(validator=bounds.day_of(optional=True))
    weekly_minutes: int = attrs.field(validator=bounds.range_of(1, HOURS_IN_A_WEEK * 60))

    @property
    def weekly_hours(self) -> float:
        """The weekly time in hours (``17.5``)."""
        return self.weekly_minutes / 60


def check_contract(kind: str, weekly_hours: float, start: dt.date, end: dt.date | None = None,
                   *, pathway_start: dt.date | None = None) -> Contract:
    """The contract if it keeps the rules, else ``RuleViolation`` code ``contract_rule``.

    The error's ``rule`` names the rule broken: ``end_before_start``,
    ``cep_min_weekly``, ``cep_max_weekly``, ``cddi_weekly_range``, ``cddi_duration``
    (a planned end is required, 4 to 24 months, the end day counted) or
    ``cddi_total_duration`` (a renewal may not take the CDDI pathway, begun on
    ``pathway_start``, past 24 months).
    """
    contract_kind = bounds.choice(kind, CONTRACT_KINDS, "contract", code="contract_kind_invalid")
    bounds.day(start, "start")
    bounds.optional_day(end, "end")
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
    return Contract(contract_kind, start, end, minutes)


def check_renewal(contract: str, start: dt.date, current: Contract | None) -> None:
    """A new contract may not start before the current one."""
    if current is not None and start < current.start:
        raise RuleViolation(f"the new contract starts before the current one ({current.start})",
                            code="contract_rule", rule="renewal_start", contract=contract,
                            value=start.isoformat(), current=current.start.isoformat())


def cddi_pathway_start(contract: str, history: Collection[Contract]) -> dt.date | None:
    """When the trainee's CDDI pathway began, if ``contract`` continues one (a CDDI may
    not take it past 24 months)."""
    starts = [c.start for c in history if c.kind == CDDI]
    return min(starts) if contract == CDDI and starts else None


def check_exit_outcome(outcome: str) -> ExitOutcome:
    """``outcome`` if it is one of :data:`EXIT_OUTCOMES`, else ``InvalidInput``."""
    return bounds.choice(outcome, EXIT_OUTCOMES, "outcome", code="exit_outcome_invalid")


def check_exit(code: str, on: dt.date, history: Collection[Contract],
               last_day_worked: dt.date | None) -> None:
    """A pathway ends on a day after its start, and not before a day with hours recorded
    (present attendance, time entries, work): those hours would fall after its end."""
    bounds.day(on, "on")
    first = min((c.start for c in history), default=None)
    if first is not None and on < first:
        raise RuleViolation(f"{code} started on {first}, after {on}",
                            code="exit_before_start", trainee=code, on=on.isoformat(),
                            start=first.isoformat())
    if last_day_worked is not None and on < last_day_worked:
        raise RuleViolation(f"{code} has hours recorded on {last_day_worked}, after {on}",
                            code="exit_before_recorded_hours", trainee=code,
                            on=on.isoformat(), last=last_day_worked.isoformat())


def check_trainee_code(code: str, field: str = "code") -> str:
    """A trainee's code as typed to look them up: text of at most 16 characters."""
    return bounds.key(code, field, bounds.TRAINEE_CODE)


def new_trainee_code(wanted: str | None, taken: Collection[str]) -> str:
    """The code of a trainee being registered: ``wanted`` if it has the form ``T-0042``
    and is free, else the first free ``T-NNNN``."""
    if wanted is None:
        return next(f"T-{n:04d}" for n in range(1, len(taken) + 2)
                    if f"T-{n:04d}" not in taken)
    if not isinstance(wanted, str) or not TRAINEE_CODE.fullmatch(wanted):
        raise InvalidInput("code", "a trainee code looks like T-0042",
                           value=wanted if isinstance(wanted, str) else repr(wanted)[:40],
                           code="trainee_code_invalid")
    if wanted in taken:
        raise InvalidInput("code", "this trainee code is taken", value=wanted,
                           code="trainee_exists")
    return wanted


def check_active(trainee: str, active: bool) -> None:
    """Refuse an act about a trainee no longer active (after their exit)."""
    if not active:
        raise RuleViolation(f"trainee {trainee} is no longer active", code="trainee_inactive",
                            trainee=trainee)


def check_not_anonymised(trainee: str, anonymised: bool) -> None:
    """Nothing personal may be stored about a trainee once anonymised."""
    if anonymised:
        raise RuleViolation(f"{trainee} was anonymised: no personal data may be stored",
                            code="trainee_anonymised", trainee=trainee)


@attrs.frozen
class TraineeView:
    """A trainee as daily work sees them: code, post, current contract, exit; no name."""

    code: str
    active: bool
    post: str | None
    contract: Contract | None
    exit_on: dt.date | None
    exit_outcome: ExitOutcome | None
    anonymised: bool


#: How far ahead contracts ending may be looked for: a thousand years (the calendar's end
#: is never reached from a day the library accepts).
MAX_NOTICE_DAYS = 365_000


def notice_limit(within_days: int, today: dt.date) -> dt.date:
    """The last planned end of the contracts "ending within ``within_days``" of ``today``."""
    bounds.integer(within_days, "within_days", 0, MAX_NOTICE_DAYS, code="within_days_invalid")
    return bounds.day(today, "today") + dt.timedelta(days=within_days)
