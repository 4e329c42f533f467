"""What the collectivity's read model needs from storage."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import datetime as dt

    from atelier.domain.tracking import TrackedOrder, WorkshopQueue


class TrackingQueries(Protocol):
    def collectivity_name(self, collectivity_id: int) -> str | None:
        """The collectivity's name, or None if there is no such collectivity."""
        ...

    def client_orders(self, collectivity_id: int, order_ref: str | None, *, limit: int,
                      offset: int) -> tuple[int, list[TrackedOrder], WorkshopQueue]:
        """``(total, one page of orders newest first, what their expected dates need of the
        workshop's queue)``, limited to ``order_ref`` if given; the queue is empty when no
        order of the page is open."""
        ...

    def client_order(self, collectivity_id: int, order_ref: str | None,
                     public_id: str) -> tuple[TrackedOrder | None, WorkshopQueue]:
        """The collectivity's order of ``public_id`` (within ``order_ref``) or None, and
        what its expected date needs of the workshop's queue if the order is open."""
        ...

    def delivery_barcodes(self, collectivity_id: int, order_ref: str | None,
                          number: str) -> tuple[str, ...] | None:
        """The barcodes of the collectivity's delivery ``number``, or None."""
        ...

    def weekly_minutes(self, today: dt.date) -> int:
        """The weekly time of the contracts in force on ``today``, summed."""
        ...
