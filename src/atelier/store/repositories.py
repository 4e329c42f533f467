"""Repositories of the reference data: catalogues, collectivities, counters, orders, audit."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa

from atelier.domain.actor import Actor
from atelier.domain.catalogue import Catalogue
from atelier.domain.collectivity import Collectivity, Contact
from atelier.domain.errors import NotFound
from atelier.domain.order import Order, OrderLine, OrderState, derive_status
from atelier.domain.views import AuditRecord, OrderSummary
from atelier.store import tables as t
from atelier.store.acts import fetch, insert_of, write
from atelier.store.base import chunks, utc, versioned_update
from atelier.store.queries import custody_counts


class CatalogueCache:
    """Parsed catalogues by digest (a stored catalogue version never changes), parsed on
    first use by the reader the composition root gives."""

    def __init__(self, parse: Callable[[str, str], Catalogue]) -> None:
        self._parse = parse
        self._parsed: dict[str, Catalogue] = {}

    def known(self, digest: str) -> Catalogue | None:
        """The catalogue of ``digest`` if it was parsed already."""
        return self._parsed.get(digest)

    def keep(self, digest: str, catalogue: Catalogue) -> None:
        """Remember a catalogue just installed."""
        self._parsed[digest] = catalogue

    def parsed(self, digest: str, text: str, source_name: str) -> Catalogue:
        """The catalogue stored as ``text`` (parsed once per digest)."""
        found = self._parsed.get(digest)
        if found is None:
            found = self._parsed[digest] = self._parse(text, source_name)
        return found


class SqlCatalogues:
    """Catalogue versions, stored whole (the text) so old orders keep their prices."""

    def __init__(self, conn: sa.Connection, digests: dict[int, str],
                 cache: CatalogueCache) -> None:
        self.conn = conn
        #: Catalogue id -> digest already read in this transaction (by an order's row).
        self.digests = digests
        self.cache = cache

    def install(self, catalogue: Catalogue, source_name: str, text: str, digest: str,
                now: dt.datetime) -> tuple[int, bool]:
        found = self.conn.execute(
            sa.select(t.catalogues.c.id).where(t.catalogues.c.digest == digest)).scalar()
        self.conn.execute(sa.update(t.catalogues).values(active=False))
        if found is not None:
            self.conn.execute(sa.update(t.catalogues).where(t.catalogues.c.id == found)
                              .values(active=True))
            return int(found), False
        new_id = self.conn.execute(sa.insert(t.catalogues).values(
            code=catalogue.code, version=catalogue.version, digest=digest,
            source_name=source_name, source_text=text, loaded_at=now, active=True,
        ).returning(t.catalogues.c.id)).scalar_one()
        self.cache.keep(digest, catalogue)
        return int(new_id), True

    def active(self) -> tuple[int, Catalogue] | None:
        row = self.conn.execute(sa.select(t.catalogues.c.id).where(t.catalogues.c.active)).first()
        if row is None:
            return None
        return int(row.id), self.get(int(row.id))

    def get(self, catalogue_id: int) -> Catalogue:
        digest = self.digests.get(catalogue_id)
        known = None if digest is None else self.cache.known(digest)
        if known is not None:
            return known
        row = self.conn.execute(
            sa.select(t.catalogues.c.digest, t.catalogues.c.source_name,
                      t.catalogues.c.source_text)
            .where(t.catalogues.c.id == catalogue_id)).first()
        if row is None:
            raise NotFound("catalogue", catalogue_id)
        self.digests[catalogue_id] = row.digest
        return self.cache.parsed(row.digest, row.source_text, row.source_name)


class SqlCollectivities:
    """Client collectivities and their contacts."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def add(self, collectivity: Collectivity, public_id: str, now: dt.datetime) -> int:
        c = collectivity
        new_id = int(self.conn.execute(sa.insert(t.collectivities).values(
            public_id=public_id, name=c.name, kind=c.kind, siret=c.siret,
            chorus_service_code=c.chorus_service_code, engagement_ref=c.engagement_ref,
            created_at=now).returning(t.collectivities.c.id)).scalar_one())
        if c.contacts:
            self.conn.execute(sa.insert(t.contacts), [
                {"collectivity_id": new_id, "name": p.name, "role": p.role, "email": p.email,
                 "phone": p.phone} for p in c.contacts])
        return new_id

    def get(self, collectivity_id: int) -> Collectivity:
        found = self._load(t.collectivities.c.id == collectivity_id)
        if not found:
            raise NotFound("collectivity", collectivity_id)
        return found[0]

    def all(self) -> list[Collectivity]:
        return self._load(sa.true())

    def _load(self, where: sa.ColumnElement[bool]) -> list[Collectivity]:
        c = t.collectivities
        rows = self.conn.execute(sa.select(c).where(where).order_by(c.c.name)).all()
        contacts: dict[int, list[Contact]] = {}
        ids = [r.id for r in rows]
        if ids:
            for ct in self.conn.execute(sa.select(t.contacts)
                                        .where(t.contacts.c.collectivity_id.in_(ids))
                                        .order_by(t.contacts.c.id)):
                contacts.setdefault(ct.collectivity_id, []).append(
                    Contact(name=ct.name, role=ct.role, email=ct.email, phone=ct.phone))
        return [Collectivity(id=r.id, name=r.name, kind=r.kind, siret=r.siret,
                             chorus_service_code=r.chorus_service_code,
                             engagement_ref=r.engagement_ref,
                             contacts=tuple(contacts.get(r.id, ()))) for r in rows]


class SqlCounters:
    """Gapless numbering: one row per (name, year), incremented inside the use case's
    transaction, so a rolled-back act gives its number back and two writers queue
    on the row lock instead of sharing a number."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def next(self, name: str, year: int) -> int:
        # Imported here: the PostgreSQL dialect costs a cold CLI call ~0.1 s.
        if self.conn.dialect.name == "postgresql":
            from sqlalchemy.dialects import postgresql as dialect
        else:
            from sqlalchemy.dialects import sqlite as dialect  # type: ignore[no-redef]
        ins = dialect.insert(t.counters).values(name=name, year=year, value=1)
        stmt = ins.on_conflict_do_update(
            index_elements=[t.counters.c.name, t.counters.c.year],
            set_={"value": t.counters.c.value + 1},
        ).returning(t.counters.c.value)
        return int(self.conn.execute(stmt).scalar_one())


def _order_by_ref(lock: str | None) -> sa.Select[Any]:
    """An order with its catalogue digest and its lines, one row per line."""
    o, ln = t.orders, t.order_lines
    q = (sa.select(o, t.catalogues.c.digest,
                   *(c.label(f"line_{c.name}") for c in (ln.c.id, ln.c.line_no, ln.c.service,
                                                         ln.c.format, ln.c.quantity,
                                                         ln.c.unit_cents)))
         .join(t.catalogues, t.catalogues.c.id == o.c.catalogue_id)
         .join(ln, ln.c.order_id == o.c.id)
         .where(o.c.ref == sa.bindparam("ref")).order_by(ln.c.line_no))
    if lock is not None:
        # A row lock on PostgreSQL (SQLite's write transactions are serial already): an
        # act that depends on the order's state ("share": receive, import) and the act
        # that changes it ("update": cancel) queue instead of each deciding from a state
        # the other is changing.
        q = q.with_for_update(read=lock == "share", of=o)
    return q


# Built once: the hot paths pay neither statement construction nor cache-key generation.
_ORDER_BY_REF = {lock: _order_by_ref(lock) for lock in (None, "share", "update")}


class SqlOrders:
    """Orders and their lines."""

    def __init__(self, conn: sa.Connection, digests: dict[int, str]) -> None:
        self.conn = conn
        #: Catalogue id -> digest seen with the orders, shared with SqlCatalogues.
        self.digests = digests

    def add(self, order: Order, public_id: str) -> int:
        o = t.orders
        new_id = int(self.conn.execute(sa.insert(o).values(
            ref=order.ref, public_id=public_id, collectivity_id=order.collectivity_id,
            catalogue_id=order.catalogue_id, state=order.state, created_on=order.created_on,
            due_date=order.due_date, purchase_order=order.purchase_order,
            reserved_contract=order.reserved_contract).returning(o.c.id)).scalar_one())
        self.conn.execute(sa.insert(t.order_lines), [
            {"order_id": new_id, "line_no": ln.line_no, "service": ln.service,
             "format": ln.format, "quantity": ln.quantity, "unit_cents": ln.unit_cents}
            for ln in order.lines])
        return new_id

    def get(self, ref: str, *, lock: str | None = None) -> Order:
        rows = fetch(self.conn, _ORDER_BY_REF[lock], {"ref": ref})
        if not rows:
            raise NotFound("order", ref)
        self.digests[rows[0].catalogue_id] = rows[0].digest
        return order_from_row(rows[0], [
            OrderLine(line_no=r.line_line_no, service=r.line_service, format=r.line_format,
                      quantity=r.line_quantity, unit_cents=r.line_unit_cents, id=r.line_id)
            for r in rows])

    def set_state(self, order: Order, state: OrderState, reason: str | None) -> None:
        versioned_update(self.conn, t.orders, [(order.id, order.version)],
                         {"state": state, "cancel_reason": reason}, "order")

    def summaries(self, collectivity_id: int | None, *, limit: int | None = None,
                  offset: int = 0) -> list[OrderSummary]:
        """Every order (or one collectivity's), newest first; with ``limit``, one page of
        them from ``offset``. Computed from the counters: the page's orders with their
        amounts and deliveries in one statement, their custody counters in another;
        never an item row."""
        params = {"cid": collectivity_id, "limit": limit, "offset": offset}
        orders = self.conn.execute(_SUMMARIES[collectivity_id is not None, limit is not None],
                                   params).all()
        counts: dict[int, list[tuple[str, int, int]]] = {}
        ids = [int(r.id) for r in orders]
        for part in chunks(ids):
            for order_id, state, n, received in self.conn.execute(
                    _SUMMARY_CUSTODY, {"ids": list(part)}):
                counts.setdefault(int(order_id), []).append((state, int(n), int(received)))
        out = []
        for r in orders:
            cc = custody_counts(counts.get(int(r.id), []))
            out.append(OrderSummary(ref=r.ref, collectivity=r.client,
                                    status=derive_status(r.state, cc, int(r.shipped)),
                                    due_date=r.due_date, items=cc.total,
                                    total_cents=int(r.money or 0)))
        return out

    def count(self, collectivity_id: int | None) -> int:
        """How many orders there are (or one collectivity has)."""
        return int(self.conn.execute(_COUNT[collectivity_id is not None],
                                     {"cid": collectivity_id}).scalar_one())


def _count() -> dict[bool, sa.Select[Any]]:
    """How many orders, by ``one collectivity's``: an index-only count."""
    every = sa.select(sa.func.count()).select_from(t.orders)
    return {False: every, True: every.where(t.orders.c.collectivity_id == sa.bindparam("cid"))}


_COUNT = _count()


def _summaries() -> dict[tuple[bool, bool], sa.Select[Any]]:
    """The order list, newest first, with each order's amount and number of deliveries:
    by ``(one collectivity's, one page)``."""
    o, ln, d = t.orders, t.order_lines, t.deliveries
    # In 64 bits: a line of a million items at a high price passes 2^31 cents.
    money = (sa.select(sa.func.sum(sa.cast(ln.c.quantity, sa.BigInteger) * ln.c.unit_cents))
             .where(ln.c.order_id == o.c.id).scalar_subquery())
    shipped = (sa.select(sa.func.count()).select_from(d).where(d.c.order_id == o.c.id)
               .scalar_subquery())
    q = (sa.select(o.c.id, o.c.ref, o.c.state, o.c.due_date,
                   t.collectivities.c.name.label("client"), money.label("money"),
                   shipped.label("shipped"))
         .join(t.collectivities, t.collectivities.c.id == o.c.collectivity_id))
    out = {}
    for by_client in (False, True):
        listed = (q.where(o.c.collectivity_id == sa.bindparam("cid")) if by_client else q
                  ).order_by(o.c.id.desc())
        out[by_client, False] = listed
        out[by_client, True] = (listed.limit(sa.bindparam("limit"))
                                .offset(sa.bindparam("offset")))
    return out


_SUMMARIES = _summaries()
_SUMMARY_CUSTODY = (sa.select(t.order_custody.c.order_id, t.order_custody.c.custody,
                              t.order_custody.c["items"], t.order_custody.c.received)
                    .where(t.order_custody.c.order_id.in_(sa.bindparam("ids", expanding=True))))


def order_from_row(row: sa.Row[Any], lines: Sequence[OrderLine]) -> Order:
    """Named constructor of an Order from its stored row and its lines."""
    return Order(
        id=row.id, ref=row.ref, collectivity_id=row.collectivity_id, state=row.state,
        lines=tuple(lines),
        created_on=row.created_on, due_date=row.due_date, purchase_order=row.purchase_order,
        reserved_contract=bool(row.reserved_contract), catalogue_id=row.catalogue_id,
        version=row.version)


_AUDIT_INSERT = insert_of(t.audit_log, "at", "actor", "door", "action", "entity", "entity_key",
                          "before", "after")


class SqlAudit:
    """The append-only audit log: one record per mutation."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def record(self, actor: Actor, action: str, entity: str, key: str,
               before: Any, after: Any, now: dt.datetime) -> None:
        write(self.conn, _AUDIT_INSERT, {
            "at": now, "actor": actor.name, "door": actor.door, "action": action,
            "entity": entity, "entity_key": key, "before": _dump(before), "after": _dump(after)})

    def latest(self, entity: str | None = None, key: str | None = None,
               limit: int = 100) -> list[AuditRecord]:
        a = t.audit_log
        q = sa.select(a).order_by(a.c.id.desc()).limit(limit)
        if entity is not None:
            q = q.where(a.c.entity == entity)
        if key is not None:
            q = q.where(a.c.entity_key == key)
        return [AuditRecord(id=r.id, at=utc(r.at), actor=r.actor, door=r.door, action=r.action,
                            entity=r.entity, entity_key=r.entity_key,
                            before=json.loads(r.before) if r.before else None,
                            after=json.loads(r.after) if r.after else None)
                for r in self.conn.execute(q)]


def _dump(value: Any) -> str | None:
    return None if value is None else json.dumps(value, sort_keys=True, ensure_ascii=False,
                                                 default=str)
