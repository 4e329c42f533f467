"""The composition root and the library's front door: ``Workshop``.

``Workshop.open(url)`` gives a handle whose methods are the use cases, each
run in its own transaction, with plain values in and typed plain values out::

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
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import attrs
from sqlalchemy.engine import Engine

from atelier.domain import roles
from atelier.domain.actor import Actor
from atelier.domain.catalogue import Catalogue
from atelier.domain.collectivity import Collectivity, Contact
from atelier.domain.delivery import Delivery
from atelier.domain.errors import InvalidInput
from atelier.domain.item import CUSTODY_STATES, MISSING, REFUSED
from atelier.domain.order import LineRequest, parse_line_request
from atelier.domain.views import AuditRecord, ItemView, OrderStatus, OrderSummary
from atelier.facade.base import UseCaseHost, requires
from atelier.facade.hours import HoursUseCases
from atelier.facade.people import PeopleUseCases
from atelier.facade.skills import SkillsUseCases
from atelier.facade.tokens import TokensUseCases
from atelier.facade.tracking import TrackingUseCases
from atelier.importing.catalogue import default_catalogue_path
from atelier.services import deliveries, items, orders, work
from atelier.services.results import (
    CheckResult,
    CustodyResult,
    DeliveryResult,
    ImportResult,
    ReceiveResult,
    WorkResult,
)
from atelier.store import database


def _default_actor_name() -> str:
    try:
        return os.environ.get("ATELIER_USER") or getpass.getuser()
    except (KeyError, OSError):
        return "atelier"


def _now() -> dt.datetime:
    return dt.datetime.now()


def _check_role(role: str) -> None:
    if role not in roles.ROLES:
        raise InvalidInput("role", "must be one of " + ", ".join(roles.ROLES), value=role,
                           code="role_invalid")


@attrs.define
class Workshop(PeopleUseCases, HoursUseCases, SkillsUseCases, TokensUseCases,
               TrackingUseCases, UseCaseHost):
    """A workshop database and the use cases on it.

    Create one with :meth:`open`. ``actor`` is who acts (written in every audit
    record), with their role and the door they use; every use case checks that
    the role allows it (:mod:`atelier.domain.roles`). ``clock`` gives the
    current local time (replace it in tests or to replay history).
    """

    engine: Engine
    actor: Actor
    clock: Callable[[], dt.datetime] = _now
    _schema_ok: bool = attrs.field(default=False, init=False, repr=False)

    @classmethod
    def open(cls, url: str | None = None, *, actor: str | None = None, door: str = "library",
             role: str = roles.ADMIN,
             clock: Callable[[], dt.datetime] | None = None) -> Workshop:
        """Open the database at ``url`` (default ``ATELIER_DATABASE_URL`` or ``./atelier.db``).

        ``role`` is the acting staff member's role (admin, supervisor, counsellor,
        viewer). The schema is not touched: call :meth:`init` to create or upgrade it.
        """
        _check_role(role)
        engine = database.create_engine(url)
        return cls(engine=engine, actor=Actor(actor or _default_actor_name(), door, role),
                   clock=clock or _now)

    def acting_as(self, name: str, door: str | None = None,
                  role: str | None = None) -> Workshop:
        """The same workshop with another person (and door, and role) acting."""
        if role is not None:
            _check_role(role)
        return attrs.evolve(self, actor=Actor(name, door or self.actor.door,
                                              role or self.actor.role))

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> Workshop:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema and catalogue -------------------------------------------------

    @requires(roles.SETUP)
    def init(self, catalogue: str | os.PathLike[str] | None = None) -> tuple[int, bool]:
        """Create or upgrade the schema, then install ``catalogue`` (default: bookbinding).

        Returns ``(catalogue_id, created)``. Safe to run again: the data stays.
        """
        database.upgrade(self.engine)
        self._schema_ok = True
        path = Path(catalogue) if catalogue is not None else default_catalogue_path()
        text = path.read_text(encoding="utf-8")
        return self._write(lambda uow: orders.install_catalogue(uow, self.actor, text,
                                                                path.name, self.clock()))

    @requires(roles.READ)
    def schema_revision(self) -> tuple[str | None, str]:
        """``(current, head)`` migration revisions of the database."""
        return database.current_revision(self.engine), database.head_revision(self.engine)

    @requires(roles.READ)
    def catalogue(self) -> Catalogue:
        """The active catalogue."""
        return self._read(lambda uow: uow.catalogues.active()[1])

    # -- collectivities and orders ---------------------------------------------

    @requires(roles.CLIENTS)
    def add_collectivity(self, name: str, *, kind: str, siret: str | None = None,
                         chorus_service_code: str | None = None,
                         engagement_ref: str | None = None,
                         contacts: Sequence[Contact] = ()) -> int:
        """Register a client collectivity; returns its id."""
        return self._write(lambda uow: orders.add_collectivity(
            uow, self.actor, name=name, kind=kind, siret=siret,
            chorus_service_code=chorus_service_code, engagement_ref=engagement_ref,
            contacts=contacts, now=self.clock()))

    @requires(roles.READ)
    def collectivities(self) -> list[Collectivity]:
        """Every collectivity, by name."""
        return self._read(lambda uow: uow.collectivities.all())

    @requires(roles.READ)
    def collectivity(self, collectivity_id: int) -> Collectivity:
        """One collectivity by id."""
        return self._read(lambda uow: uow.collectivities.get(collectivity_id))

    @requires(roles.CLIENTS)
    def create_order(self, collectivity_id: int, lines: Iterable[str | LineRequest], *,
                     due_date: dt.date | None = None, purchase_order: str | None = None,
                     reserved_contract: bool = False, accepted: bool = False) -> str:
        """Create an order (a quote unless ``accepted``); lines as ``SERVICE[:FORMAT]=QTY``.

        Returns the order reference.
        """
        requests = [ln if isinstance(ln, LineRequest) else parse_line_request(ln) for ln in lines]
        return self._write(lambda uow: orders.create_order(
            uow, self.actor, collectivity_id=collectivity_id, lines=requests, due_date=due_date,
            purchase_order=purchase_order, reserved_contract=reserved_contract,
            accepted=accepted, now=self.clock()))

    @requires(roles.CLIENTS)
    def accept(self, ref: str, *, expected_version: int | None = None) -> None:
        """The client accepted the quote."""
        self._write(lambda uow: orders.accept_order(uow, self.actor, ref, self.clock(),
                                                    expected_version))

    @requires(roles.CLIENTS)
    def cancel(self, ref: str, reason: str, *, expected_version: int | None = None) -> None:
        """Cancel an order the workshop holds no books of."""
        self._write(lambda uow: orders.cancel_order(uow, self.actor, ref, reason, self.clock(),
                                                    expected_version))

    @requires(roles.READ)
    def orders(self, collectivity_id: int | None = None) -> list[OrderSummary]:
        """Every order (or one collectivity's), newest first."""
        return self._read(lambda uow: orders.list_orders(uow, collectivity_id))

    @requires(roles.READ)
    def status(self, ref: str) -> OrderStatus:
        """Where an order stands."""
        return self._read(lambda uow: orders.order_status(uow, ref))

    @requires(roles.READ)
    def items(self, ref: str, custody: str | None = None) -> list[ItemView]:
        """The items of an order (optionally only those in one custody state), by barcode."""
        if custody is not None and custody not in CUSTODY_STATES:
            raise InvalidInput("custody", "must be one of " + ", ".join(CUSTODY_STATES),
                               value=custody, code="custody_invalid")
        return self._read(lambda uow: uow.queries.order_items(ref, custody))

    # -- items -----------------------------------------------------------------

    @requires(roles.PRODUCTION)
    def import_items(self, ref: str, path: str | os.PathLike[str]) -> ImportResult:
        """Import the collectivity's item list (CSV): all rows or none."""
        return self._write(lambda uow: items.import_items(uow, self.actor, ref, path,
                                                          self.clock()))

    @requires(roles.PRODUCTION)
    def add_placeholders(self, ref: str, count: int | None = None,
                         fmt: str | None = None) -> ImportResult:
        """Numbered placeholder items for an order without a list."""
        return self._write(lambda uow: items.add_placeholder_items(uow, self.actor, ref,
                                                                   self.clock(), count, fmt))

    @requires(roles.PRODUCTION)
    def receive(self, ref: str, barcodes: Iterable[str]) -> ReceiveResult:
        """Books scanned in at reception."""
        codes = list(barcodes)
        return self._write(lambda uow: items.receive(uow, self.actor, ref, codes, self.clock()))

    @requires(roles.PRODUCTION)
    def mark_missing(self, ref: str, barcodes: Iterable[str], reason: str) -> CustodyResult:
        """Items that cannot be found (never arrived, or lost), with the reason."""
        codes = list(barcodes)
        return self._write(lambda uow: items.set_final_custody(
            uow, self.actor, ref, codes, MISSING, reason, self.clock()))

    @requires(roles.PRODUCTION)
    def refuse(self, ref: str, barcodes: Iterable[str], reason: str) -> CustodyResult:
        """Items unfit for the work, handed back as they are, with the reason."""
        codes = list(barcodes)
        return self._write(lambda uow: items.set_final_custody(
            uow, self.actor, ref, codes, REFUSED, reason, self.clock()))

    # -- production --------------------------------------------------------------

    @requires(roles.PRODUCTION)
    def record_work(self, ref: str, operation: str, trainee: str,
                    barcodes: Iterable[str] | None = None, *, minutes: int | None = None,
                    supervisor: str | None = None, service: str | None = None,
                    day: dt.date | None = None) -> WorkResult:
        """Record ``operation`` done by ``trainee`` on the items (None: every ready one).

        ``service`` limits it to one service when several share the operation code.
        The skill gate applies: the trainee holds each skill at the level the
        operation needs, or one level below with a named ``supervisor``. The
        work counts in the hours of ``day`` (default: today).
        """
        codes = None if barcodes is None else list(barcodes)
        return self._write(lambda uow: work.record_work(
            uow, self.actor, ref, operation, trainee, codes, self.clock(), minutes, supervisor,
            service, day))

    @requires(roles.PRODUCTION)
    def check(self, ref: str, operation: str, barcodes: Iterable[str] | None = None, *,
              passed: bool = True, defect: str | None = None, checker: str | None = None,
              service: str | None = None) -> CheckResult:
        """A quality check at a checkpoint: pass, or fail with a defect code (rework)."""
        codes = None if barcodes is None else list(barcodes)
        return self._write(lambda uow: work.check_quality(
            uow, self.actor, ref, operation, codes, passed, self.clock(), defect, checker,
            service))

    # -- deliveries and history --------------------------------------------------------

    @requires(roles.PRODUCTION)
    def deliver(self, ref: str, barcodes: Iterable[str] | None = None) -> DeliveryResult:
        """Deliver finished items (None: every ready one) under a numbered note."""
        codes = None if barcodes is None else list(barcodes)
        return self._write(lambda uow: deliveries.deliver(uow, self.actor, ref, codes,
                                                          self.clock()))

    @requires(roles.READ)
    def delivery(self, number: str) -> Delivery:
        """A delivery note with its returned barcodes."""
        return self._read(lambda uow: deliveries.delivery(uow, number))

    @requires(roles.READ)
    def audit(self, entity: str | None = None, key: str | None = None,
              limit: int = 100) -> list[AuditRecord]:
        """The newest audit records, optionally for one entity."""
        return self._read(lambda uow: uow.audit.latest(entity, key, limit))
