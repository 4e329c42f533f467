"""Fake repositories of the reference data (catalogues, collectivities, counters, orders,
audit) and the order status read model, as ``atelier.store.repositories`` and
``atelier.store.queries`` do them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

from atelier.domain.actor import Actor
from atelier.domain.catalogue import Catalogue
from atelier.domain.collectivity import Collectivity, Contact
from atelier.domain.errors import NotFound
from atelier.domain.item import Custody, CustodyCounts
from atelier.domain.order import Order, OrderLine, OrderState, derive_status
from atelier.domain.views import (
    AuditRecord,
    DeliverySummary,
    ItemView,
    OrderStatus,
    OrderSummary,
    ServiceProgress,
)
from tests.fakes.tables import Row, Tx, versioned_update


class Repository:
    """A fake repository: works inside one transaction's view."""

    def __init__(self, tx: Tx) -> None:
        self.tx = tx


# -- read helpers shared with tracking ------------------------------------------------

def custody_counts(tx: Tx, order_ids: Iterable[int]) -> dict[int, CustodyCounts]:
    """Each order's custody counts, from a GROUP BY custody of its items."""
    wanted = set(order_ids)
    groups: dict[int, dict[str, list[int]]] = {i: {} for i in wanted}
    for item in tx.rows("items"):
        if item["order_id"] in wanted:
            n = groups[item["order_id"]].setdefault(item["custody"], [0, 0])
            n[0] += 1
            n[1] += item["received_at"] is not None
    return {i: CustodyCounts.from_rows([(s, n, r) for s, (n, r) in g.items()])
            for i, g in groups.items()}


def delivery_summaries(tx: Tx, order_ids: Iterable[int]) -> dict[int, list[DeliverySummary]]:
    """Each order's deliveries by sequence, with the items each handed back."""
    wanted = set(order_ids)
    handed: dict[int, int] = {}
    for item in tx.rows("items"):
        if item["delivery_id"] is not None:
            handed[item["delivery_id"]] = handed.get(item["delivery_id"], 0) + 1
    out: dict[int, list[DeliverySummary]] = {i: [] for i in wanted}
    for d in sorted((d for d in tx.rows("deliveries") if d["order_id"] in wanted),
                    key=lambda d: d["seq"]):
        out[d["order_id"]].append(DeliverySummary(number=d["number"],
                                                  delivered_on=d["delivered_on"],
                                                  items=handed.get(d["id"], 0)))
    return out


def order_lines(tx: Tx, order_id: int) -> list[Row]:
    """The order's lines by line number."""
    return sorted(tx.where("order_lines", order_id=order_id), key=lambda ln: ln["line_no"])


def _order_row(tx: Tx, ref: str) -> Row:
    found = tx.by("orders", ref=ref)
    if found is None:
        raise NotFound("order", ref)
    return found


# -- repositories ---------------------------------------------------------------------

class FakeCatalogues(Repository):
    """Catalogue versions: the row as stored, the parsed catalogue kept by digest."""

    def install(self, catalogue: Catalogue, source_name: str, text: str, digest: str,
                now: dt.datetime) -> tuple[int, bool]:
        found = self.tx.by("catalogues", digest=digest)
        self.tx.update_where("catalogues", lambda r: bool(r["active"]), active=False)
        self.tx.db.catalogues.setdefault(digest, catalogue)
        if found is not None:
            self.tx.update("catalogues", found["id"], active=True)
            return int(found["id"]), False
        new_id = self.tx.insert("catalogues", code=catalogue.code, version=catalogue.version,
                                digest=digest, source_name=source_name, source_text=text,
                                loaded_at=now, active=True)
        return int(new_id), True

    def active(self) -> tuple[int, Catalogue] | None:
        for row in self.tx.rows("catalogues"):
            if row["active"]:
                return int(row["id"]), self.get(int(row["id"]))
        return None

    def get(self, catalogue_id: int) -> Catalogue:
        row = self.tx.get("catalogues", catalogue_id)
        if row is None:
            raise NotFound("catalogue", catalogue_id)
        known = self.tx.db.catalogues.get(row["digest"])
        if known is None:
            from atelier.importing.catalogue import parse_catalogue

            known = self.tx.db.catalogues[row["digest"]] = parse_catalogue(
                row["source_text"], row["source_name"])
        return known


class FakeCollectivities(Repository):
    """Client collectivities and their contacts."""

    def add(self, collectivity: Collectivity, public_id: str, now: dt.datetime) -> int:
        c = collectivity
        new_id = int(self.tx.insert(
            "collectivities", public_id=public_id, name=c.name, kind=c.kind, siret=c.siret,
            chorus_service_code=c.chorus_service_code, engagement_ref=c.engagement_ref,
            created_at=now))
        for p in c.contacts:
            self.tx.insert("contacts", collectivity_id=new_id, name=p.name, role=p.role,
                           email=p.email, phone=p.phone)
        return new_id

    def get(self, collectivity_id: int) -> Collectivity:
        found = self._load([self.tx.get("collectivities", collectivity_id)])
        if not found:
            raise NotFound("collectivity", collectivity_id)
        return found[0]

    def all(self) -> list[Collectivity]:
        return self._load(self.tx.rows("collectivities"))

    def _load(self, rows: Sequence[Row | None]) -> list[Collectivity]:
        chosen = sorted((r for r in rows if r is not None), key=lambda r: r["name"])
        ids = {r["id"] for r in chosen}
        contacts: dict[int, list[Contact]] = {}
        for ct in self.tx.rows("contacts"):
            if ct["collectivity_id"] in ids:
                contacts.setdefault(ct["collectivity_id"], []).append(
                    Contact(name=ct["name"], role=ct["role"], email=ct["email"],
                            phone=ct["phone"]))
        return [Collectivity(id=r["id"], name=r["name"], kind=r["kind"], siret=r["siret"],
                             chorus_service_code=r["chorus_service_code"],
                             engagement_ref=r["engagement_ref"],
                             contacts=tuple(contacts.get(r["id"], ()))) for r in chosen]


class FakeCounters(Repository):
    """Gapless numbering: one row per (name, year), rolled back with the transaction."""

    def next(self, name: str, year: int) -> int:
        row = self.tx.get("counters", (name, year))
        if row is None:
            self.tx.insert("counters", name=name, year=year, value=1)
            return 1
        self.tx.update("counters", (name, year), value=row["value"] + 1)
        return int(row["value"]) + 1


class FakeOrders(Repository):
    """Orders and their lines."""

    def add(self, order: Order, public_id: str) -> int:
        new_id = int(self.tx.insert(
            "orders", ref=order.ref, public_id=public_id, collectivity_id=order.collectivity_id,
            catalogue_id=order.catalogue_id, state=order.state, created_on=order.created_on,
            due_date=order.due_date, purchase_order=order.purchase_order,
            reserved_contract=order.reserved_contract))
        for ln in order.lines:
            self.tx.insert("order_lines", order_id=new_id, line_no=ln.line_no,
                           service=ln.service, format=ln.format, quantity=ln.quantity,
                           unit_cents=ln.unit_cents)
        return new_id

    def get(self, ref: str, *, lock: str | None = None) -> Order:
        row = self.tx.by("orders", ref=ref)
        lines = [] if row is None else order_lines(self.tx, row["id"])
        if row is None or not lines:  # the SQL store joins the lines
            raise NotFound("order", ref)
        return Order(
            id=row["id"], ref=row["ref"], collectivity_id=row["collectivity_id"],
            state=row["state"],
            lines=tuple(OrderLine(line_no=r["line_no"], service=r["service"],
                                  format=r["format"], quantity=r["quantity"],
                                  unit_cents=r["unit_cents"], id=r["id"]) for r in lines),
            created_on=row["created_on"], due_date=row["due_date"],
            purchase_order=row["purchase_order"],
            reserved_contract=bool(row["reserved_contract"]), catalogue_id=row["catalogue_id"],
            version=row["version"])

    def set_state(self, order: Order, state: OrderState, reason: str | None) -> None:
        versioned_update(self.tx, "orders", [(order.id, order.version)],
                         {"state": state, "cancel_reason": reason}, "order")

    def count(self, collectivity_id: int | None) -> int:
        return sum(1 for o in self.tx.rows("orders")
                   if collectivity_id is None or o["collectivity_id"] == collectivity_id)

    def summaries(self, collectivity_id: int | None, *, limit: int | None = None,
                  offset: int = 0) -> list[OrderSummary]:
        orders = [o for o in reversed(self.tx.rows("orders"))
                  if collectivity_id is None or o["collectivity_id"] == collectivity_id]
        orders = orders[offset:] if limit is None else orders[offset:offset + limit]
        ids = [o["id"] for o in orders]
        counts = custody_counts(self.tx, ids)
        money: dict[int, int] = {}
        for ln in self.tx.rows("order_lines"):
            money[ln["order_id"]] = money.get(ln["order_id"], 0) + ln["quantity"] * ln[
                "unit_cents"]
        shipped: dict[int, int] = {}
        for d in self.tx.rows("deliveries"):
            shipped[d["order_id"]] = shipped.get(d["order_id"], 0) + 1
        out = []
        for o in orders:
            cc = counts[o["id"]]
            client = self.tx.get("collectivities", o["collectivity_id"])
            assert client is not None
            out.append(OrderSummary(ref=o["ref"], collectivity=client["name"],
                                    status=derive_status(o["state"], cc,
                                                         shipped.get(o["id"], 0)),
                                    due_date=o["due_date"], items=cc.total,
                                    total_cents=money.get(o["id"], 0)))
        return out


def _dump(value: Any) -> str | None:
    return None if value is None else json.dumps(value, sort_keys=True, ensure_ascii=False,
                                                 default=str)


class FakeAudit(Repository):
    """The append-only audit log, its values kept as the JSON text the store keeps."""

    def record(self, actor: Actor, action: str, entity: str, key: str,
               before: Any, after: Any, now: dt.datetime) -> None:
        self.tx.insert("audit_log", at=now, actor=actor.name, door=actor.door, action=action,
                       entity=entity, entity_key=key, before=_dump(before), after=_dump(after))

    def latest(self, entity: str | None = None, key: str | None = None,
               limit: int = 100) -> list[AuditRecord]:
        found = [r for r in reversed(self.tx.rows("audit_log"))
                 if (entity is None or r["entity"] == entity)
                 and (key is None or r["entity_key"] == key)][:limit]
        return [AuditRecord(id=r["id"], at=r["at"], actor=r["actor"], door=r["door"],
                            action=r["action"], entity=r["entity"],
                            entity_key=r["entity_key"],
                            before=json.loads(r["before"]) if r["before"] else None,
                            after=json.loads(r["after"]) if r["after"] else None)
                for r in found]


class FakeQueries(Repository):
    """The order status read model."""

    def order_status(self, ref: str) -> OrderStatus:
        row = _order_row(self.tx, ref)
        client = self.tx.get("collectivities", row["collectivity_id"])
        assert client is not None
        counts = custody_counts(self.tx, [row["id"]])[row["id"]]
        services = []
        total = 0
        for line in order_lines(self.tx, row["id"]):
            total += line["quantity"] * line["unit_cents"]
            services.append(ServiceProgress(
                line_no=line["line_no"], service=line["service"], format=line["format"],
                quantity=line["quantity"], unit_cents=line["unit_cents"],
                items=line["items_total"], items_done=line["items_done"],
                tasks_total=line["tasks_total"], tasks_done=line["tasks_done"],
                remaining_minutes=round(line["remaining_seconds"] / 60, 1)))
        deliveries = tuple(delivery_summaries(self.tx, [row["id"]])[row["id"]])
        return OrderStatus(
            ref=row["ref"], status=derive_status(row["state"], counts, len(deliveries)),
            collectivity=client["name"], state=row["state"], created_on=row["created_on"],
            due_date=row["due_date"], purchase_order=row["purchase_order"],
            reserved_contract=bool(row["reserved_contract"]), total_cents=total, items=counts,
            services=tuple(services), deliveries=deliveries, version=row["version"])

    def order_items(self, ref: str, custody: Custody | None = None, *, after: str | None = None,
                    limit: int | None = None) -> list[ItemView]:
        order_id = _order_row(self.tx, ref)["id"]
        items = sorted((i for i in self.tx.where("items", order_id=order_id)
                        if (custody is None or i["custody"] == custody)
                        and (after is None or i["barcode"] > after)),
                       key=lambda i: i["barcode"])[:limit]
        out = []
        for i in items:
            delivery = (None if i["delivery_id"] is None
                        else self.tx.get("deliveries", i["delivery_id"]))
            out.append(ItemView(barcode=i["barcode"], title=i["title"], author=i["author"],
                                isbn=i["isbn"], call_number=i["call_number"],
                                format=i["format"], placeholder=bool(i["placeholder"]),
                                custody=i["custody"], reason=i["reason"],
                                delivery=None if delivery is None else delivery["number"]))
        return out
