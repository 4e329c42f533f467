"""Use cases of the ``Workshop`` for deliveries: finished books handed back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from atelier.domain import roles
from atelier.facade.base import UseCaseHost, requires

if TYPE_CHECKING:
    from collections.abc import Iterable

    from atelier.domain.delivery import Delivery
    from atelier.domain.results import DeliveryResult


class DeliveriesUseCases(UseCaseHost):
    """Numbered delivery notes, gapless per year."""

    @requires(roles.PRODUCTION)
    def deliver(self, ref: str, barcodes: Iterable[str] | None = None) -> DeliveryResult:
        """Deliver finished items (None: every ready one) under a numbered note."""
        from atelier.services import deliveries
        codes = None if barcodes is None else list(barcodes)
        return self._write(lambda uow: deliveries.deliver(uow, self.actor, ref, codes,
                                                          self.clock()))

    @requires(roles.READ)
    def delivery(self, number: str) -> Delivery:
        """A delivery note with its returned barcodes."""
        from atelier.services import deliveries
        return self._read(lambda uow: deliveries.delivery(uow, number))
