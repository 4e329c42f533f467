"""What :func:`~atelier.demo.build_demo` returns: the summary of the demo workshop."""

from __future__ import annotations

from collections.abc import Mapping

import attrs


@attrs.frozen
class DemoSummary:
    """What :func:`~atelier.demo.build_demo` created, read back from the workshop at the end.

    ``orders`` maps every status of :data:`atelier.domain.order.STATUSES` to the
    references of the orders in that status (oldest first).
    """

    #: Status -> order references, for every status (all present, none empty).
    orders: Mapping[str, tuple[str, ...]] = attrs.field(hash=False)
    #: Names of the collectivities, by name.
    collectivities: tuple[str, ...]
    #: Post codes (``P1``…``P8``).
    posts: tuple[str, ...]
    #: Codes of the trainees holding the posts (``T-0001``…).
    trainees: tuple[str, ...]
    #: Items of all orders (listed, placeholders, whatever their custody).
    items: int
    #: Delivery note numbers, in the order they were issued.
    deliveries: tuple[str, ...]

    def count(self, status: str) -> int:
        """How many orders are in ``status``."""
        return len(self.orders.get(status, ()))

    @property
    def order_count(self) -> int:
        """How many orders the demo holds, all statuses together."""
        return sum(len(refs) for refs in self.orders.values())
