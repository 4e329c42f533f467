"""The composition root and the library's front door: ``Workshop``.

``Workshop.open(url)`` assembles a workshop on a database: the engine, the
units of work, who acts and the clock. Its methods are the use cases, by area
in :mod:`atelier.facade`, each run in its own transaction, with plain values in
and typed plain values out::

    from atelier import Workshop

    ws = Workshop.open("sqlite:///atelier.db")
    ws.init()
    client = ws.add_collectivity("Médiathèque de Brest", kind="mediatheque")
    ref = ws.create_order(client, ["couvrage:standard=120"], accepted=True)
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from typing import TYPE_CHECKING

import attrs

from atelier.domain import bounds, roles
from atelier.domain.actor import Actor
from atelier.facade.audit import AuditUseCases
from atelier.facade.catalogue import CatalogueUseCases
from atelier.facade.deliveries import DeliveriesUseCases
from atelier.facade.hours import HoursUseCases
from atelier.facade.orders import OrdersUseCases
from atelier.facade.people import PeopleUseCases
from atelier.facade.production import ProductionUseCases
from atelier.facade.skills import SkillsUseCases
from atelier.facade.tokens import TokensUseCases
from atelier.facade.tracking import TrackingUseCases

if TYPE_CHECKING:
    from collections.abc import Callable

    from atelier.domain.catalogue import Catalogue
    from atelier.services.ports import UnitOfWorkFactory


def _default_actor_name() -> str:
    try:
        return os.environ.get("ATELIER_USER") or getpass.getuser()
    except (KeyError, OSError):
        return "atelier"


def _parse_catalogue(text: str, source_name: str) -> Catalogue:
    # The reader (TOML and its checks) is imported when a catalogue is first parsed,
    # not by every command: reading an order's status needs no catalogue.
    from atelier.importing.catalogue import parse_catalogue

    return parse_catalogue(text, source_name)


def _now() -> dt.datetime:
    return dt.datetime.now()


def _actor(name: str, door: str, role: str) -> Actor:
    # The Actor checks the door and the role (InvalidInput naming them).
    return Actor(bounds.name(name, "actor"), door, role)  # type: ignore[arg-type]


@attrs.define
class Workshop(CatalogueUseCases, OrdersUseCases, ProductionUseCases, DeliveriesUseCases,
               PeopleUseCases, HoursUseCases, SkillsUseCases, TokensUseCases,
               TrackingUseCases, AuditUseCases):
    """A workshop's data and the use cases on it.

    Create one with :meth:`open`. ``units`` gives the units of work (one
    transaction each) on the workshop's storage; ``actor`` is who acts (written
    in every audit record), with their role and the door they use; every use
    case checks that the role allows it (:mod:`atelier.domain.roles`).
    ``clock`` gives the current local time (replace it in tests or to replay
    history).
    """

    units: UnitOfWorkFactory
    actor: Actor
    clock: Callable[[], dt.datetime] = _now

    @classmethod
    def open(cls, url: str | None = None, *, actor: str | None = None, door: str = "library",
             role: str = roles.ADMIN,
             clock: Callable[[], dt.datetime] | None = None, wait: float | None = None,
             on_wait: Callable[[float], None] | None = None) -> Workshop:
        """Open the database at ``url`` (default ``ATELIER_DATABASE_URL`` or ``./atelier.db``).

        ``role`` is the acting staff member's role (admin, supervisor, counsellor,
        viewer). The schema is not touched: call :meth:`init` to create or upgrade it.
        A writer that finds the SQLite file held by another waits up to ``wait``
        seconds (default ``ATELIER_LOCK_TIMEOUT`` or 30), calling ``on_wait(seconds)``
        when it starts to wait, then fails with :class:`DatabaseBusy`. A URL that is
        neither SQLite nor PostgreSQL is refused with :class:`DatabaseUnusable`.
        """
        from atelier.store import database
        from atelier.store.uow import SqlUnitOfWorkFactory

        who = _actor(actor or _default_actor_name(), door, role)
        engine = database.create_engine(url, wait=wait, on_wait=on_wait)
        units = SqlUnitOfWorkFactory(engine, _parse_catalogue)
        return cls(units=units, actor=who, clock=clock or _now)

    def acting_as(self, name: str, door: str | None = None,
                  role: str | None = None) -> Workshop:
        """The same workshop with another person (and door, and role) acting."""
        return attrs.evolve(self, actor=_actor(name, door or self.actor.door,
                                               role or self.actor.role))

    @property
    def location(self) -> str:
        """Where the workshop's data is, as shown to people (a URL without its password)."""
        return self.units.location

    def close(self) -> None:
        """Release the database connections."""
        self.units.close()

    def __enter__(self) -> Workshop:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
