"""What the collectivity's read model needs from storage."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from atelier.domain.tracking import QueuedOrder, TrackedOrder


class TrackingQueries(Protocol):
    def collectivity_name(self, collectivity_id: int) -> str | None:
        """The collectivity's name, or None if there is no such collectivity."""
        ...

    def client_orders(self, collectivity_id: int, order_ref: str | None, *, limit: int,
                      offset: int) -> tuple[int, list[TrackedOrder], list[QueuedOrder]]:
        """``(total, one page of orders newest first, the workshop's queue)``, limited to
        ``order_ref`` if given; the queue is empty when no order of the page is accepted."""
        ...

    def client_order(self, collectivity_id: int, order_ref: str | None,
                     public_id: str) -> tuple[TrackedOrder | None, list[QueuedOrder]]:
        """The collectivity's order of ``public_id`` (within ``order_ref``) or None, and
        the workshop's queue if the order is accepted."""
        ...

    def delivery_barcodes(self, collectivity_id: int, order_ref: str | None,
                          number: str) -> tuple[str, ...] | None:
        """The barcodes of the collectivity's delivery ``number``, or None."""
        ...

    def weekly_minutes(self, today: dt.date) -> int:
        """The weekly time of the contracts in force on ``today``, summed."""
        ...
