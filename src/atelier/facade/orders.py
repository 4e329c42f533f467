"""Use cases of the ``Workshop`` for clients and their orders."""

from __future__ import annotations

from typing import TYPE_CHECKING

from atelier.domain import roles
from atelier.facade.base import UseCaseHost, requires

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Sequence

    from atelier.domain.collectivity import Collectivity, Contact
    from atelier.domain.order import LineRequest
    from atelier.domain.views import ItemView, OrderStatus, OrderSummary


class OrdersUseCases(UseCaseHost):
    """Collectivities, quotes and orders, where they stand, and their items."""

    @requires(roles.CLIENTS)
    def add_collectivity(self, name: str, *, kind: str, siret: str | None = None,
                         chorus_service_code: str | None = None,
                         engagement_ref: str | None = None,
                         contacts: Sequence[Contact] = ()) -> int:
        """Register a client collectivity; returns its id."""
        from atelier.services import orders
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
        from atelier.services import orders
        return self._read(lambda uow: orders.collectivity(uow, collectivity_id))

    @requires(roles.CLIENTS)
    def create_order(self, collectivity_id: int, lines: Iterable[str | LineRequest], *,
                     due_date: dt.date | None = None, purchase_order: str | None = None,
                     reserved_contract: bool = False, accepted: bool = False) -> str:
        """Create an order (a quote unless ``accepted``); lines as ``SERVICE[:FORMAT]=QTY``.

        Returns the order reference.
        """
        from atelier.domain.order import LineRequest, parse_line_request
        from atelier.services import orders
        requests = [ln if isinstance(ln, LineRequest) else parse_line_request(ln)
                    for ln in lines]
        return self._write(lambda uow: orders.create_order(
            uow, self.actor, collectivity_id=collectivity_id, lines=requests, due_date=due_date,
            purchase_order=purchase_order, reserved_contract=reserved_contract,
            accepted=accepted, now=self.clock()))

    @requires(roles.CLIENTS)
    def accept(self, ref: str, *, expected_version: int | None = None) -> None:
        """The client accepted the quote."""
        from atelier.services import orders
        self._write(lambda uow: orders.accept_order(uow, self.actor, ref, self.clock(),
                                                    expected_version))

    @requires(roles.CLIENTS)
    def cancel(self, ref: str, reason: str, *, expected_version: int | None = None) -> None:
        """Cancel an order the workshop holds no books of."""
        from atelier.services import orders
        self._write(lambda uow: orders.cancel_order(uow, self.actor, ref, reason, self.clock(),
                                                    expected_version))

    @requires(roles.READ)
    def orders(self, collectivity_id: int | None = None, *, limit: int | None = None,
               offset: int = 0) -> list[OrderSummary]:
        """Every order (or one collectivity's), newest first.

        With ``limit``, one page: at most ``limit`` orders, skipping the ``offset``
        newest; the page is cut in SQL and read from the counters, so it costs its own
        orders whatever the size of the workshop."""
        from atelier.services import orders
        return self._read(lambda uow: orders.list_orders(uow, collectivity_id, limit=limit,
                                                         offset=offset))

    @requires(roles.READ)
    def order_count(self, collectivity_id: int | None = None) -> int:
        """How many orders there are (or one collectivity has): the total a page of
        :meth:`orders` belongs to."""
        from atelier.services import orders
        return self._read(lambda uow: orders.count_orders(uow, collectivity_id))

    @requires(roles.READ)
    def status(self, ref: str) -> OrderStatus:
        """Where an order stands."""
        from atelier.services import orders
        return self._read(lambda uow: orders.order_status(uow, ref))

    @requires(roles.READ)
    def items(self, ref: str, custody: str | None = None, *, after: str | None = None,
              limit: int | None = None) -> list[ItemView]:
        """The items of an order (optionally only those in one custody state), by barcode.

        With ``limit``, one page: at most ``limit`` items whose barcode comes after
        ``after``. Asking again with the last barcode of each page walks an order of any
        size in flat memory, each page its own short read."""
        from atelier.services import orders
        return self._read(lambda uow: orders.order_items(uow, ref, custody, after=after,
                                                         limit=limit))
