"""When an order will be back: the expected completion date and how it is reached.

Until planning exists, one stated rule (:func:`estimate`): the standard minutes of
work left on the order and on every open order the workshop takes before it (it
works by due date, then in order of arrival), divided by the minutes the workshop
has per working day (the weekly time of the trainees' contracts in force, ÷ 5).

What a collectivity reads of it speaks in documents and working days: the
workshop's capacity in minutes, and the minutes of other clients' orders, stay
inside the library (RELIABILITY: a client learns nothing of the workshop's people).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
from collections.abc import Iterable
from typing import Final, Literal, get_args

import attrs

from atelier.domain.item import CustodyCounts
from atelier.domain.order import Status
from atelier.domain.shape import internal

#: Statuses whose work is still to do: they take the workshop's time.
OPEN_STATUSES = frozenset({"accepted", "in_progress", "partially_delivered"})

#: Why an order has (or has no) expected date.
Basis = Literal["estimated", "no_capacity", "work_done", "delivered", "closed", "cancelled",
                "quote"]
ESTIMATED: Final = "estimated"
NO_CAPACITY: Final = "no_capacity"
WORK_DONE: Final = "work_done"
DELIVERED: Final = "delivered"
CLOSED: Final = "closed"
CANCELLED: Final = "cancelled"
QUOTE: Final = "quote"
BASES: tuple[Basis, ...] = get_args(Basis)

#: Working days in a week (Monday to Friday).
WORKING_DAYS_PER_WEEK = 5


def number_fr(value: int) -> str:
    """``12 345`` (thin no-break space between thousands, as French typography wants)."""
    return f"{value:,}".replace(",", "\u202f")



@attrs.frozen
class Estimate:
    """The expected completion date of an order and how it was reached.

    ``basis`` says whether there is a date (``estimated``) or why not
    (``no_capacity``, ``work_done``, ``delivered``, ``closed``, ``cancelled``,
    ``quote``); ``method_fr`` and ``method_en`` state the method and its figures, in
    documents and working days. The minutes behind them are the library's own: they
    are not part of what a collectivity reads.
    """

    basis: Basis
    expected_on: dt.date | None
    method_fr: str
    method_en: str
    #: Documents still to work on in this order.
    order_items: int = 0
    #: Documents still to work on in the open orders taken before it.
    ahead_items: int = 0
    #: Working days the work ahead and of this order takes.
    working_days: int | None = None
    #: Standard minutes of work left on this order.
    order_minutes: int = attrs.field(default=0, metadata=internal())
    #: Standard minutes left on the open orders taken before it.
    ahead_minutes: int = attrs.field(default=0, metadata=internal())
    #: The workshop's minutes per working day (None: none available).
    minutes_per_day: int | None = attrs.field(default=None, metadata=internal())


# -- the estimate ----------------------------------------------------------------------


def daily_minutes(weekly_minutes: int) -> int:
    """The workshop's minutes per working day: the contracts' weekly time ÷ 5."""
    return weekly_minutes // WORKING_DAYS_PER_WEEK


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date ``days`` working days (Monday–Friday) after ``start``.

    In constant time, not a step per day: a queue of years of work is a date as
    cheap as tomorrow. From a working day, five working days later is the same
    weekday a week later (any seven days in a row hold five working days); so the
    first working day is stepped to, then whole weeks added, then the rest stepped.
    """
    if days <= 0:
        return start
    day = next_working_day(start)
    weeks, left = divmod(days - 1, WORKING_DAYS_PER_WEEK)
    day += dt.timedelta(weeks=weeks)
    while left > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < WORKING_DAYS_PER_WEEK:
            left -= 1
    return day


def next_working_day(day: dt.date) -> dt.date:
    """The first working day (Monday–Friday) after ``day``."""
    following = day + dt.timedelta(days=1)
    while following.weekday() >= WORKING_DAYS_PER_WEEK:
        following += dt.timedelta(days=1)
    return following


def queue_key(order_id: int, due_date: dt.date | None) -> tuple[bool, dt.date, int]:
    """Where an order stands in the workshop's queue: by due date (orders without one
    last), then in order of arrival."""
    return (due_date is None, due_date or dt.date.max, order_id)


def minutes_ahead(order_id: int, due_date: dt.date | None,
                  queue: Iterable[tuple[int, dt.date | None, int]]) -> int:
    """The sum of what the open orders ``(id, due date, amount)`` taken before this one have
    left (standard minutes, or documents)."""
    mine = queue_key(order_id, due_date)
    return sum(minutes for other, due, minutes in queue
               if other != order_id and queue_key(other, due) < mine)


@attrs.frozen
class RankedWork:
    """What the open orders of the workshop have left, in queue order (:func:`queue_key`),
    with running sums: the work ahead of any order is one bisection, however many orders
    are open. ``minutes[k]`` and ``documents[k]`` are the sums over the first ``k``."""

    keys: tuple[tuple[bool, dt.date, int], ...] = ()
    minutes: tuple[int, ...] = (0,)
    documents: tuple[int, ...] = (0,)

    @classmethod
    def of(cls, work: Iterable[tuple[int, dt.date | None, int, int]]) -> RankedWork:
        """From ``(order id, due date, minutes left, documents left)``, in any order."""
        ranked = sorted((queue_key(order_id, due), minutes, documents)
                        for order_id, due, minutes, documents in work)
        return cls(keys=tuple(k for k, _m, _d in ranked),
                   minutes=tuple(itertools.accumulate((m for _k, m, _d in ranked),
                                                      initial=0)),
                   documents=tuple(itertools.accumulate((d for _k, _m, d in ranked),
                                                        initial=0)))

    def ahead(self, order_id: int, due_date: dt.date | None) -> tuple[int, int]:
        """``(minutes, documents)`` left on the orders taken before this one (itself
        excluded, whether it is in the queue or not)."""
        k = bisect.bisect_left(self.keys, queue_key(order_id, due_date))
        return self.minutes[k], self.documents[k]


def documents_left(items: CustodyCounts, ordered: Iterable[tuple[str, int]]) -> int:
    """Documents the workshop still has to work on in an order: those listed and not
    finished (expected, received, in the workshop); with none listed yet, what was
    ordered, ``(format, quantity)`` by line: the largest line of each format, as a
    document falls under every line of its format."""
    if items.total:
        return items.expected + items.received + items.in_workshop
    largest: dict[str, int] = {}
    for fmt, quantity in ordered:
        largest[fmt] = max(largest.get(fmt, 0), quantity)
    return sum(largest.values())


def documents(count: int, lang: str) -> str:
    """``1 document``, ``12 documents`` (``item``/``items`` in English)."""
    if lang == "fr":
        return f"{number_fr(count)} document{'s' if count > 1 else ''}"
    return f"{count:,} item{'s' if count != 1 else ''}"


def _no_date(basis: Basis, fr: str, en: str, order_minutes: int = 0,
             order_items: int = 0) -> Estimate:
    return Estimate(basis=basis, expected_on=None, method_fr=fr, method_en=en,
                    order_minutes=order_minutes, order_items=order_items)


def estimate(status: Status, order_minutes: int, ahead_minutes: int, weekly_minutes: int,
             today: dt.date, *, order_items: int = 0, ahead_items: int = 0) -> Estimate:
    """The expected completion date of an order in ``status``.

    Open orders: ``days = ceil((order_minutes + ahead_minutes) / (weekly_minutes / 5))``
    working days from ``today``, and the date is the next working day after that.
    Finished, delivered, closed, cancelled orders and quotes have no date; nor has any
    order when no contract is in force (no time to divide by). The method is stated
    with ``order_items`` and ``ahead_items``, the documents left on this order and on
    those taken before it: never in minutes of the workshop's capacity.
    """
    if status == "quote":
        return _no_date(QUOTE, "Devis pas encore accepté : le travail n'est pas encore prévu, "
                               "il n'y a donc pas de date estimée.",
                        "Quote not accepted yet: the work is not scheduled, so there is "
                        "no expected date.")
    if status == "cancelled":
        return _no_date(CANCELLED, "Commande annulée : pas de date estimée.",
                        "Cancelled order: no expected date.")
    if status == "closed":
        return _no_date(CLOSED, "Commande soldée : tous les documents sont rendus ou "
                                "comptés, pas de date estimée.",
                        "Closed order: every item is returned or accounted for, no "
                        "expected date.")
    if status == "delivered":
        return _no_date(DELIVERED, "Commande livrée : l'atelier a rendu tous les documents "
                                   "qu'il a reçus, il n'y a plus de date à estimer.",
                        "Delivered order: the workshop has returned every item it "
                        "received, there is no date left to estimate.")
    if status not in OPEN_STATUSES:
        return _no_date(WORK_DONE, "Le travail de l'atelier sur cette commande est terminé : "
                                   "pas de date estimée.",
                        "The workshop's work on this order is done: no expected date.")
    per_day = daily_minutes(weekly_minutes)
    if per_day <= 0:
        return _no_date(
            NO_CAPACITY,
            f"Pas de date estimée : aucun contrat en cours dans l'atelier, donc aucun temps "
            f"de travail sur lequel la calculer ({documents(order_items, 'fr')} à traiter "
            f"sur cette commande).",
            f"No expected date: no contract is in force in the workshop, so there is no "
            f"working time to compute it from ({documents(order_items, 'en')} to work on in "
            f"this order).",
            order_minutes, order_items)
    total = order_minutes + ahead_minutes
    days = math.ceil(total / per_day)
    expected = next_working_day(add_working_days(today, days))
    fr = (f"Date estimée selon le travail restant : {documents(order_items, 'fr')} à "
          f"traiter sur cette commande, et {documents(ahead_items, 'fr')} sur les commandes "
          f"que l'atelier traite avant elle (il travaille par date d'échéance, puis par "
          f"ordre d'arrivée). Avec le temps de travail dont l'atelier dispose en ce moment, "
          f"cela représente {days} jour{'s' if days > 1 else ''} ouvré{'s' if days > 1 else ''}"
          f" à compter du {today.strftime('%d/%m/%Y')} ; la date est le jour ouvré suivant "
          f"(du lundi au vendredi, jours fériés non déduits).")
    en = (f"Expected date from the work left: {documents(order_items, 'en')} to work on in "
          f"this order, and {documents(ahead_items, 'en')} in the orders the workshop takes "
          f"before it (it works by due date, then in order of arrival). With the working "
          f"time the workshop has at present, that is {days} working "
          f"day{'s' if days != 1 else ''} from {today.isoformat()}; the date is the next "
          f"working day (Monday to Friday, public holidays not deducted).")
    return Estimate(basis=ESTIMATED, expected_on=expected, method_fr=fr, method_en=en,
                    order_items=order_items, ahead_items=ahead_items, working_days=days,
                    order_minutes=order_minutes, ahead_minutes=ahead_minutes,
                    minutes_per_day=per_day)
