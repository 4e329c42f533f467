"""Fake of the collectivity's read model (its orders, the workshop's queue and weekly
time), as ``atelier.store.tracking`` reads it: every read bounded by the collectivity
and the order a link is limited to."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from atelier.domain.estimate import OPEN_STATUSES, minutes_ahead
from atelier.domain.tracking import (
    QueuedOrder,
    TrackedLine,
    TrackedOrder,
    WorkAhead,
    WorkshopQueue,
)
from tests.fakes.orders import Repository, custody_counts, delivery_summaries, order_lines
from tests.fakes.tables import Row


def _line(row: Row) -> TrackedLine:
    return TrackedLine(line_no=row["line_no"], service=row["service"], format=row["format"],
                       quantity=row["quantity"], items=row["items_total"],
                       items_done=row["items_done"], tasks_total=row["tasks_total"],
                       tasks_done=row["tasks_done"], remaining_seconds=row["remaining_seconds"])


class FakeTracking(Repository):
    """What a collectivity's link shows."""

    def collectivity_name(self, collectivity_id: int) -> str | None:
        found = self.tx.get("collectivities", collectivity_id)
        return None if found is None else str(found["name"])

    def _scoped(self, collectivity_id: int, order_ref: str | None) -> list[Row]:
        """The collectivity's orders (only ``order_ref`` for a limited link), by id."""
        return [o for o in self.tx.rows("orders")
                if o["collectivity_id"] == collectivity_id
                and (order_ref is None or o["ref"] == order_ref)]

    def client_orders(self, collectivity_id: int, order_ref: str | None, *, limit: int,
                      offset: int) -> tuple[int, list[TrackedOrder], WorkshopQueue]:
        scoped = self._scoped(collectivity_id, order_ref)
        page = list(reversed(scoped))[offset:offset + limit]
        orders, queue = self._with_queue(page)
        return len(scoped), orders, queue

    def client_order(self, collectivity_id: int, order_ref: str | None,
                     public_id: str) -> tuple[TrackedOrder | None, WorkshopQueue]:
        rows = [o for o in self._scoped(collectivity_id, order_ref)
                if o["public_id"] == public_id]
        orders, queue = self._with_queue(rows)
        return (orders[0] if orders else None), queue

    def delivery_barcodes(self, collectivity_id: int, order_ref: str | None,
                          number: str) -> tuple[str, ...] | None:
        delivery = self.tx.by("deliveries", number=number)
        order = None if delivery is None else self.tx.get("orders", delivery["order_id"])
        if (delivery is None or order is None or order["collectivity_id"] != collectivity_id
                or (order_ref is not None and order["ref"] != order_ref)):
            return None
        return tuple(sorted(i["barcode"] for i in self.tx.rows("items")
                            if i["delivery_id"] == delivery["id"]))

    def _candidates(self) -> list[Row]:
        """Accepted orders with standard time left on their tasks, or no item listed yet
        (by id, as the SQL GROUP BY returns them)."""
        found = []
        for o in self.tx.rows("orders"):
            lines = self.tx.where("order_lines", order_id=o["id"])
            if o["state"] == "accepted" and lines and (
                    sum(ln["remaining_seconds"] for ln in lines) > 0
                    or sum(ln["items_total"] for ln in lines) == 0):
                found.append(o)
        return found

    def _with_queue(self, rows: Sequence[Row]) -> tuple[list[TrackedOrder], WorkshopQueue]:
        ids = [int(r["id"]) for r in rows]
        if not ids:
            return [], WorkshopQueue()
        counts, shipped = custody_counts(self.tx, ids), delivery_summaries(self.tx, ids)
        lines = {i: tuple(_line(ln) for ln in order_lines(self.tx, i)) for i in ids}
        orders = []
        for r in rows:
            client = self.tx.get("collectivities", r["collectivity_id"])
            assert client is not None
            orders.append(TrackedOrder(
                id=int(r["id"]), public_id=r["public_id"], ref=r["ref"],
                collectivity=client["name"], state=r["state"], created_on=r["created_on"],
                due_date=r["due_date"], purchase_order=r["purchase_order"],
                catalogue_id=int(r["catalogue_id"]), items=counts[r["id"]], lines=lines[r["id"]],
                deliveries=tuple(shipped[r["id"]])))
        waiting = [o for o in orders if o.status in OPEN_STATUSES]
        if not waiting:
            return orders, WorkshopQueue()
        queued = self._queued()
        listed = [q for q in queued if any(ln.items for ln in q.lines) and q.items.total]
        minutes = [(q.id, q.due_date, math.ceil(sum(ln.remaining_seconds for ln in q.lines)
                                                / 60))
                   for q in listed if q.status in OPEN_STATUSES]
        documents = [(q.id, q.due_date, q.items.expected + q.items.received
                      + q.items.in_workshop) for q in listed if q.status in OPEN_STATUSES]
        ahead = {o.id: WorkAhead(minutes=minutes_ahead(o.id, o.due_date, minutes),
                                 documents=minutes_ahead(o.id, o.due_date, documents))
                 for o in waiting}
        return orders, WorkshopQueue(ahead=ahead, unlisted=tuple(
            q for q in queued if q not in listed))

    def _queued(self) -> list[QueuedOrder]:
        candidates = self._candidates()
        ids = [int(r["id"]) for r in candidates]
        counts, shipped = custody_counts(self.tx, ids), delivery_summaries(self.tx, ids)
        return [QueuedOrder(id=int(r["id"]), due_date=r["due_date"], state=r["state"],
                            catalogue_id=int(r["catalogue_id"]), items=counts[r["id"]],
                            deliveries=len(shipped[r["id"]]),
                            lines=tuple(_line(ln) for ln in order_lines(self.tx, r["id"])))
                for r in candidates]

    def weekly_minutes(self, today: dt.date) -> int:
        current: dict[int, tuple[dt.date, int, int]] = {}
        for c in self.tx.rows("contracts"):
            trainee = self.tx.get("trainees", c["trainee_id"])
            if (trainee is None or not trainee["active"] or c["start_on"] > today
                    or (c["planned_end"] is not None and c["planned_end"] < today)
                    or (trainee["exit_on"] is not None and trainee["exit_on"] < today)):
                continue
            seen = current.get(int(c["trainee_id"]))
            if seen is None or (c["start_on"], c["id"]) > seen[:2]:
                current[int(c["trainee_id"])] = (c["start_on"], int(c["id"]),
                                                 int(c["weekly_minutes"]))
        return sum(minutes for _start, _id, minutes in current.values())
