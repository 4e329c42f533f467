"""Use cases of the ``Workshop`` for a collectivity following its orders (DOMAIN rule 6).

These are not staff use cases: they take the :class:`Principal` of a
collectivity link (from :meth:`Workshop.authenticate`) and read only what that
link may see. Another client's order or delivery, or an order outside a link
limited to one order, is :class:`NotFound`, never ``Forbidden``: a link learns
nothing of what it cannot see.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from atelier.domain.errors import NotAuthenticated
from atelier.facade.base import UseCaseHost

if TYPE_CHECKING:
    from atelier.domain.tokens import Principal
    from atelier.domain.tracking import ClientOrder, ClientOverview


def _scope(principal: Principal) -> tuple[int, str | None]:
    """``(collectivity id, order ref or None)`` a collectivity link may see."""
    from atelier.domain.tokens import COLLECTIVITY
    if principal.kind != COLLECTIVITY or principal.collectivity_id is None:
        raise NotAuthenticated("this takes a collectivity link", code="token_invalid")
    return principal.collectivity_id, principal.order_ref


class TrackingUseCases(UseCaseHost):
    """What a collectivity's link shows: its orders, their progress, deliveries and
    expected dates; never who worked on its books."""

    def client_orders(self, principal: Principal, *, limit: int = 100,
                      offset: int = 0) -> ClientOverview:
        """The link's collectivity and its orders, newest first (one page of them)."""
        from atelier.services import tracking
        collectivity_id, order_ref = _scope(principal)
        today = self.clock().date()
        return self._read(lambda uow: tracking.client_orders(
            uow, collectivity_id, order_ref, today, limit=limit, offset=offset))

    def client_order(self, principal: Principal, public_id: str) -> ClientOrder:
        """One order of the link's collectivity by its public id (``NotFound`` otherwise)."""
        from atelier.services import tracking
        collectivity_id, order_ref = _scope(principal)
        today = self.clock().date()
        return self._read(lambda uow: tracking.client_order(
            uow, collectivity_id, order_ref, public_id, today))

    def client_delivery_barcodes(self, principal: Principal, number: str) -> tuple[str, ...]:
        """The barcodes returned under one of the link's delivery notes (``NotFound``
        otherwise), sorted."""
        from atelier.services import tracking
        collectivity_id, order_ref = _scope(principal)
        return self._read(lambda uow: tracking.client_delivery_barcodes(
            uow, collectivity_id, order_ref, number))
