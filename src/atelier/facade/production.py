"""Use cases of the ``Workshop`` for production: the item list, reception, work, checks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from atelier.domain import roles
from atelier.domain.item_list import OVERFLOW_LIMIT
from atelier.facade.base import UseCaseHost, requires

if TYPE_CHECKING:
    import datetime as dt
    import os
    from collections.abc import Iterable

    from atelier.domain.results import (
        CheckResult,
        CustodyResult,
        ImportResult,
        ReceiveResult,
        WorkResult,
    )


class ProductionUseCases(UseCaseHost):
    """The books of an order, from their list to the work done on them."""

    @requires(roles.PRODUCTION)
    def import_items(self, ref: str, path: str | os.PathLike[str], *,
                     allow_shared: bool = False,
                     overflow_limit: float = OVERFLOW_LIMIT) -> ImportResult:
        """Import the collectivity's item list (CSV): all rows or none.

        A barcode already in another open order of the same collectivity refuses
        the file unless ``allow_shared``. A line taken past its ordered quantity
        is named in ``over_quantity``; past ``overflow_limit`` times it, the file
        is refused (``items_over_quantity``).
        """
        from atelier.services import items
        return self._write(lambda uow: items.import_items(
            uow, self.actor, ref, path, self.clock(), allow_shared=allow_shared,
            overflow_limit=overflow_limit))

    @requires(roles.PRODUCTION)
    def add_placeholders(self, ref: str, count: int | None = None,
                         fmt: str | None = None) -> ImportResult:
        """Numbered placeholder items for an order without a list."""
        from atelier.services import items
        return self._write(lambda uow: items.add_placeholder_items(uow, self.actor, ref,
                                                                   self.clock(), count, fmt))

    @requires(roles.PRODUCTION)
    def receive(self, ref: str, barcodes: Iterable[str]) -> ReceiveResult:
        """Books scanned in at reception."""
        from atelier.services import items
        codes = list(barcodes)
        return self._write(lambda uow: items.receive(uow, self.actor, ref, codes, self.clock()))

    @requires(roles.PRODUCTION)
    def mark_missing(self, ref: str, barcodes: Iterable[str], reason: str) -> CustodyResult:
        """Items that cannot be found (never arrived, or lost), with the reason."""
        from atelier.domain.item import MISSING
        from atelier.services import items
        codes = list(barcodes)
        return self._write(lambda uow: items.set_final_custody(
            uow, self.actor, ref, codes, MISSING, reason, self.clock()))

    @requires(roles.PRODUCTION)
    def refuse(self, ref: str, barcodes: Iterable[str], reason: str) -> CustodyResult:
        """Items unfit for the work, handed back as they are, with the reason."""
        from atelier.domain.item import REFUSED
        from atelier.services import items
        codes = list(barcodes)
        return self._write(lambda uow: items.set_final_custody(
            uow, self.actor, ref, codes, REFUSED, reason, self.clock()))

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
        from atelier.services import work
        codes = None if barcodes is None else list(barcodes)
        return self._write(lambda uow: work.record_work(
            uow, self.actor, ref, operation, trainee, codes, self.clock(), minutes, supervisor,
            service, day))

    @requires(roles.PRODUCTION)
    def check(self, ref: str, operation: str, barcodes: Iterable[str] | None = None, *,
              passed: bool = True, defect: str | None = None, checker: str | None = None,
              service: str | None = None) -> CheckResult:
        """A quality check at a checkpoint: pass, or fail with a defect code (rework)."""
        from atelier.services import work
        codes = None if barcodes is None else list(barcodes)
        return self._write(lambda uow: work.check_quality(
            uow, self.actor, ref, operation, codes, passed, self.clock(), defect, checker,
            service))
