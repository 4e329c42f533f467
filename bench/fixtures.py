"""Fixtures of the benchmarks: item lists, prepared databases, a large database built raw.

Nothing here is measured. Prepared databases are built once through the
``Workshop`` (so they hold exactly what the product writes), checkpointed,
and copied for each run; the bulk of a large database is written with raw
``executemany`` (or PostgreSQL ``COPY``) of realistic rows, which is only a
fast way to get there.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import secrets
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

from atelier import Workshop
from atelier.importing.catalogue import default_catalogue
from bench.common import checkpoint, copy_db, engine_of, fixed_clock, sqlite_url

# -- item lists (Koha-like CSV) ---------------------------------------------------------------

HEADER = ["Code-barres", "Titre", "Auteur", "ISBN", "Cote", "Type de document", "Format"]
_WORDS = ("Lettre", "Cœur", "Ville", "École", "Dragon", "Loup", "Jardin", "Rivière", "Nuit",
          "Château", "Maison", "Île", "Feu", "Lumière", "Enfant", "Étoile", "Pierre", "Mer",
          "Hiver", "Secret", "Forêt", "Chemin", "Printemps", "Silence", "Voyage", "Souvenirs",
          "Vent", "Histoire", "Ombre", "Chat")
_ARTICLES = ("Le", "La", "Les", "L'", "")
_AUTHORS = ("Nguyen, Thi", "Benali, Karim", "Martin, Zoé", "Quéré, Loïc", "Guéguen, René",
            "Morvan, Yann", "Dupont, Élise", "Le Gall, Anne", "Kerbrat, Soazig")
_SHELVES = ("R", "J", "A", "BD", "840")
_DOC_TYPES = ("Roman adulte", "Album jeunesse", "Bande dessinée", "Documentaire", "Périodique")
#: Format values as library systems write them (codes, names, usual words).
_FORMATS = ("poche", "standard", "grand", "hors-format", "Grand format", "Standard", "Poche")

#: Order lines covering every format; standard items also get a call-number label.
def order_lines(items: int) -> list[str]:
    q = max(1, items // 4)
    return [f"couvrage:poche={q}", f"couvrage:standard={q}", f"couvrage:grand={q}",
            f"couvrage:hors_format={q}", f"cote:standard={q}"]


def _isbn13(rng: random.Random) -> str:
    body = "9782" + "".join(rng.choice("0123456789") for _ in range(8))
    total = sum((3 if i % 2 else 1) * int(d) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _isbn10(rng: random.Random) -> str:
    body = "2" + "".join(rng.choice("0123456789") for _ in range(8))
    check = (11 - sum((10 - i) * int(d) for i, d in enumerate(body)) % 11) % 11
    return body + ("X" if check == 10 else str(check))


def barcode(prefix: str, n: int) -> str:
    return f"{prefix}{n:08d}"


def item_record(rng: random.Random, prefix: str, n: int) -> list[str]:
    """One row of an item list: barcode;title;author;ISBN;call number;doc type;format."""
    words = rng.sample(_WORDS, rng.randint(1, 3))
    title = " ".join(w for w in (rng.choice(_ARTICLES), *words) if w)
    if rng.random() < 0.1:
        title += " : roman"
    author = rng.choice(_AUTHORS)
    roll = rng.random()
    isbn = "" if roll < 0.15 else _isbn10(rng) if roll < 0.2 else _isbn13(rng)
    call = f"{rng.choice(_SHELVES)} {author[:3].upper()}"
    return [barcode(prefix, n), title, author, isbn, call, rng.choice(_DOC_TYPES),
            rng.choice(_FORMATS)]


def write_item_csv(path: Path, items: int, *, prefix: str = "29019", seed: int = 42) -> Path:
    """A Koha-like export: ``;``-separated, UTF-8 with BOM, CRLF, valid ISBN check digits."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        for n in range(1, items + 1):
            writer.writerow(item_record(rng, prefix, n))
    return path


def csv_barcodes(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = csv.reader(fh, delimiter=";")
        next(rows)
        return [r[0] for r in rows]


# -- prepared SQLite databases ------------------------------------------------------------------


def open_workshop(url: str) -> Workshop:
    return Workshop.open(url, actor="Claire (encadrante)", door="library", clock=fixed_clock)


def initialised_template(workdir: Path) -> Path:
    """A SQLite file at schema head with the default catalogue (cached in ``workdir``)."""
    path = workdir / "template-initialised.db"
    if not path.exists():
        tmp = workdir / "template-building.db"
        with open_workshop(sqlite_url(tmp)) as ws:
            ws.init()
        checkpoint(tmp)
        tmp.rename(path)
    return path


def qualified_trainee(ws: Workshop, post: str | None = None) -> str:
    """A trainee on a 24-hour CEP, assessed at level 4 in every skill: the skill gate lets
    them do any operation, so the benchmarks measure the work, not refusals."""
    code = ws.add_trainee(contract="cep", weekly_hours=24, start=dt.date(2026, 1, 5), post=post)
    for skill in ws.catalogue().skills:
        ws.assess(code, skill.code, 4)
    return code


def add_client(ws: Workshop) -> int:
    return ws.add_collectivity("Médiathèque de Brest", kind="mediatheque")


def order_db(workdir: Path, name: str, items: int) -> tuple[Path, str]:
    """An initialised database with one accepted order whose lines cover the formats."""
    path = copy_db(initialised_template(workdir), workdir / f"{name}.db")
    with open_workshop(sqlite_url(path)) as ws:
        ref = ws.create_order(add_client(ws), order_lines(items), accepted=True)
    checkpoint(path)
    return path, ref


#: Items per work record when advancing the status order (a crate).
CRATE = 200


def work_in_progress(ws: Workshop, ref: str, barcodes: Sequence[str]) -> None:
    """Move an imported order into a realistic mix of custody and task states.

    80 % received, 2 % of the rest missing, 1 % refused; the couvrage routing
    advanced on shrinking shares of the items (70 % cleaned … 30 % checked),
    the call-number routing on standard items, one failed check (rework), and
    half of the finished items delivered.
    """
    n = len(barcodes)
    received = list(barcodes[: n * 8 // 10])
    if received:
        ws.receive(ref, received)
    never = barcodes[len(received):]
    if never[: max(1, n // 50)]:
        ws.mark_missing(ref, never[: max(1, n // 50)], "jamais arrivé")
    refused = received[-max(1, n // 100):]
    ws.refuse(ref, refused, "reliure cassée")
    workable = received[: len(received) - len(refused)]
    m = len(workable)

    def share(p: float) -> list[str]:
        return workable[: int(m * p)]

    trainee = qualified_trainee(ws)

    def record(op: str, codes: Sequence[str]) -> None:
        for k in range(0, len(codes), CRATE):  # a record holds at most two days of work
            ws.record_work(ref, op, trainee, codes[k:k + CRATE])

    for op, p in (("clean", 0.7), ("cut_film", 0.55), ("apply_film", 0.45),
                  ("turn_in", 0.35)):
        record(op, share(p))
    if share(0.35)[int(m * 0.30):][:3]:
        ws.check(ref, "check", share(0.35)[int(m * 0.30):][:3], passed=False, defect="bubble")
    standard = set(_barcodes(ws, ref, "format = 'standard'"))
    for op in ("match_label", "apply_label", "protect_label"):
        record(op, [b for b in workable if b in standard])
    if share(0.30):
        ws.check(ref, "check", share(0.30))
    ready = _barcodes(ws, ref, "custody = 'ready'")
    if len(ready) >= 2:
        ws.deliver(ref, ready[: len(ready) // 2])


def _barcodes(ws: Workshop, ref: str, where: str) -> list[str]:
    import sqlalchemy as sa

    with engine_of(ws).connect() as conn:
        return list(conn.execute(sa.text(
            "SELECT i.barcode FROM items i JOIN orders o ON o.id = i.order_id "
            f"WHERE o.ref = :ref AND i.{where} ORDER BY i.id"), {"ref": ref}).scalars())


def status_order(ws: Workshop, csv_path: Path, items: int) -> str:
    """Create, import and advance the benchmark's status order; returns its ref."""
    ref = ws.create_order(1, order_lines(items), accepted=True)
    ws.import_items(ref, csv_path)
    work_in_progress(ws, ref, csv_barcodes(csv_path))
    return ref


# -- the bulk of a large database, written raw ----------------------------------------------------

_CUSTODY_WEIGHTS = (("returned", 50), ("ready", 8), ("in_workshop", 15), ("received", 10),
                    ("expected", 12), ("missing", 3), ("refused", 2))


def _dt(day: int, minute: int = 0) -> str:
    # SQLAlchemy's storage format for DateTime on SQLite.
    return (f"2025-{1 + day % 12:02d}-{1 + day % 28:02d} "
            f"{9 + minute // 60 % 8:02d}:{minute % 60:02d}:00.000000")


class Filler:
    """Realistic rows of past orders (items, tasks, deliveries) written around the benchmark's.

    Ids are explicit, following the largest already stored, so that tasks and
    items reference each other without a round trip. Rows are plain tuples in
    the column order of :data:`COLUMNS`, usable by ``executemany`` and ``COPY``.
    """

    COLUMNS: ClassVar[dict[str, tuple[str, ...]]] = {
        "collectivities": ("id", "public_id", "name", "kind", "siret", "chorus_service_code",
                           "engagement_ref", "created_at", "version"),
        "orders": ("id", "ref", "public_id", "collectivity_id", "catalogue_id", "state",
                   "created_on", "due_date", "purchase_order", "reserved_contract",
                   "cancel_reason", "version"),
        "order_lines": ("id", "order_id", "line_no", "service", "format", "quantity",
                        "unit_cents", "items_total", "items_done", "tasks_total", "tasks_done",
                        "remaining_seconds"),
        "item_imports": ("id", "order_id", "digest", "source_name", "rows", "imported_at"),
        "deliveries": ("id", "order_id", "number", "year", "seq", "delivered_on", "created_at"),
        "items": ("id", "order_id", "barcode", "title", "author", "isbn", "call_number",
                  "doc_type", "format", "placeholder", "custody", "reason", "received_at",
                  "delivery_id", "import_id", "source_line", "version"),
        "tasks": ("id", "order_id", "item_id", "line_id", "seq", "operation", "skill",
                  "min_level", "standard_seconds", "checkpoint", "status", "rework_count",
                  "version", "last_step"),
    }
    #: Columns that older schemas lack (they are then left out of the rows written).
    OPTIONAL: ClassVar[frozenset[str]] = frozenset({
        "items_total", "items_done", "tasks_total", "tasks_done", "remaining_seconds",
        "last_step"})

    def __init__(self, next_ids: dict[str, int], catalogue_id: int, seed: int = 7) -> None:
        self.next = dict(next_ids)
        self.catalogue_id = catalogue_id
        self.rng = random.Random(seed)
        cat = default_catalogue()
        self.routing = {s: [(op.code, op.skill, op.min_level, round(op.standard_minutes * 60),
                             int(op.checkpoint)) for op in cat.service(s).operations]
                        for s in ("couvrage", "cote")}
        self.order_seq = 0
        self.clients: list[int] = []
        states, weights = zip(*_CUSTODY_WEIGHTS, strict=True)
        self._states, self._weights = states, weights

    def _id(self, table: str) -> int:
        value = self.next[table]
        self.next[table] = value + 1
        return value

    def collectivities(self, count: int) -> dict[str, list[tuple[Any, ...]]]:
        rows = []
        for k in range(count):
            cid = self._id("collectivities")
            self.clients.append(cid)
            rows.append((cid, secrets.token_hex(16), f"Médiathèque n° {k + 1}", "mediatheque",
                         None, None, None, _dt(k), 1))
        return {"collectivities": rows}

    def order(self, items: int) -> dict[str, list[tuple[Any, ...]]]:
        """One past order of ``items`` items with its lines, import, delivery and tasks."""
        rng = self.rng
        self.order_seq += 1
        seq = self.order_seq
        oid = self._id("orders")
        out: dict[str, list[tuple[Any, ...]]] = {k: [] for k in self.COLUMNS}
        out["orders"].append((oid, f"CMD-2025-{seq:04d}", secrets.token_hex(16),
                              rng.choice(self.clients), self.catalogue_id, "accepted",
                              f"2025-{1 + seq % 12:02d}-{1 + seq % 28:02d}", None, None, 0,
                              None, 1))
        lines = {}
        specs = (("couvrage", "poche", 120), ("couvrage", "standard", 180),
                 ("couvrage", "grand", 290), ("couvrage", "hors_format", 500),
                 ("cote", "standard", 40))
        for service, fmt, _ in specs:
            lines[(service, fmt)] = self._id("order_lines")
        # items_total, items_done, tasks_total, tasks_done, remaining_seconds per line
        counts = {lid: [0, 0, 0, 0, 0] for lid in lines.values()}
        imp = self._id("item_imports")
        out["item_imports"].append((imp, oid, secrets.token_hex(32), "export-koha.csv", items,
                                    _dt(seq)))
        dlv = self._id("deliveries")
        out["deliveries"].append((dlv, oid, f"BL-2025-{seq:04d}", 2025, seq,
                                  f"2025-{1 + seq % 12:02d}-28", _dt(seq, 30)))
        custodies = rng.choices(self._states, self._weights, k=items)
        for n in range(items):
            iid = self._id("items")
            rec = item_record(rng, f"9{seq:04d}", n + 1)
            fmt = {"hors-format": "hors_format", "grand format": "grand"}.get(
                rec[6].lower(), rec[6].lower())
            custody = custodies[n]
            received = custody not in ("expected",) and not (custody == "missing"
                                                              and n % 2)
            out["items"].append((
                iid, oid, rec[0], rec[1], rec[2], rec[3] or None, rec[4], rec[5], fmt, 0,
                custody, "jamais arrivé" if custody == "missing" else
                "reliure cassée" if custody == "refused" else None,
                _dt(seq, n % 480) if received else None,
                dlv if custody == "returned" else None, imp, n + 2, 1 + (custody != "expected")))
            services = ["couvrage", "cote"] if fmt == "standard" else ["couvrage"]
            for service in services:
                ops = self.routing[service]
                line_counts = counts[lines[(service, fmt)]]
                line_counts[0] += 1
                if custody in ("ready", "returned"):
                    done = len(ops)
                elif custody == "in_workshop":
                    done = rng.randint(1, len(ops) - 1)
                else:
                    done = 0
                for s, (code, skill, level, secs, check) in enumerate(ops, start=1):
                    if custody in ("missing", "refused"):
                        status = "cancelled"
                    elif s <= done:
                        status = "done"
                    elif s == done + 1 and custody != "expected":
                        status = "ready"
                    else:
                        status = "pending"
                    last = int(s == len(ops))
                    line_counts[1] += last and status == "done"
                    line_counts[2] += 1
                    line_counts[3] += status == "done"
                    line_counts[4] += secs if status not in ("done", "cancelled") else 0
                    out["tasks"].append((self._id("tasks"), oid, iid, lines[(service, fmt)], s,
                                         code, skill, level, secs, check, status, 0,
                                         1 + (status != "pending"), last))
        for no, (service, fmt, cents) in enumerate(specs, start=1):
            lid = lines[(service, fmt)]
            out["order_lines"].append((lid, oid, no, service, fmt, max(1, items // 4), cents,
                                       *counts[lid]))
        return out

    @classmethod
    def projection(cls, table: str, present: set[str]
                   ) -> tuple[tuple[str, ...], Callable[[tuple[Any, ...]], tuple[Any, ...]]]:
        """The columns of ``table`` that exist in the schema, and how to cut rows to them."""
        cols = cls.COLUMNS[table]
        missing = {c for c in cols if c not in present}
        if missing - cls.OPTIONAL:
            raise RuntimeError(f"the schema lacks {sorted(missing)} in {table}")
        keep = [i for i, c in enumerate(cols) if c in present]
        if len(keep) == len(cols):
            return cols, lambda row: row
        return tuple(cols[i] for i in keep), lambda row: tuple(row[i] for i in keep)


def next_ids_sqlite(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: int(conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {t}").fetchone()[0])
            for t in Filler.COLUMNS}


def fill_sqlite(path: Path, filler: Filler, orders: int, items: int,
                clients: int = 0) -> int:
    """Append ``orders`` past orders of ``items`` items to the SQLite file; returns rows written.

    Written in one transaction with the journal off (a fixture, not a
    measure); the file is left in WAL mode, as atelier keeps it.
    """
    conn = sqlite3.connect(str(path), isolation_level=None)
    written = 0
    try:
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA cache_size=-262144")
        conn.execute("BEGIN")
        shapes = {}
        for table in Filler.COLUMNS:
            present = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
            cols, cut = Filler.projection(table, present)
            marks = ", ".join("?" * len(cols))
            shapes[table] = (f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})", cut)
        batches: Iterator[dict[str, list[tuple[Any, ...]]]] = iter(
            [filler.collectivities(clients)] if clients else [])
        for batch in (*batches, *(filler.order(items) for _ in range(orders))):
            for table, (sql, cut) in shapes.items():
                rows = batch.get(table)
                if rows:
                    conn.executemany(sql, map(cut, rows))
                    written += len(rows)
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode=WAL")
    finally:
        conn.close()
    return written


def _status_db(workdir: Path, name: str, csv_path: Path, items: int, before: int,
               after: int) -> tuple[Path, str]:
    """The status order, worked through the product, between past orders written raw."""
    path = copy_db(initialised_template(workdir), workdir / f"{name}.db")
    with open_workshop(sqlite_url(path)) as ws:
        add_client(ws)
    conn = sqlite3.connect(str(path))
    try:
        filler = Filler(next_ids_sqlite(conn), catalogue_id=1)
    finally:
        conn.close()
    fill_sqlite(path, filler, before, items, clients=20)
    with open_workshop(sqlite_url(path)) as ws:
        ref = status_order(ws, csv_path, items)
    if after:
        conn = sqlite3.connect(str(path))
        try:
            filler.next = next_ids_sqlite(conn)
        finally:
            conn.close()
        fill_sqlite(path, filler, after, items)
    checkpoint(path)
    return path, ref


def status_dbs(workdir: Path, items: int, factor: int) -> tuple[Path, Path | None, str]:
    """Two databases holding the same advanced order of ``items`` items.

    The small one holds it after one past order of the same size (2 × ``items``
    items); the large one, ``factor`` times larger, holds it in the middle of
    2 × ``factor`` orders (at full size: 5,000 × 2 × 100 = 10⁶ items). No
    large database when ``factor`` < 2. Returns ``(small, large, ref)``; the
    order's status is the same in both.
    """
    csv_path = write_item_csv(workdir / "status-order.csv", items, prefix="35000")
    small, ref = _status_db(workdir, "status-small", csv_path, items, 1, 0)
    if factor < 2:
        return small, None, ref
    large, ref_large = _status_db(workdir, "status-large", csv_path, items, factor - 1, factor)
    if ref_large != ref:
        raise RuntimeError(f"the status order is {ref_large} in the large database, not {ref}")
    return small, large, ref


def received_order(ws: Workshop, acts: int) -> tuple[str, str, list[str]]:
    """B2's starting point: an accepted order of ``acts`` items, all received, and a
    trainee qualified for them on a post. Returns ``(ref, trainee, barcodes)``."""
    ref = ws.create_order(add_client(ws), [f"couvrage:standard={acts}"], accepted=True)
    ws.add_placeholders(ref, acts, "standard")
    barcodes = [f"{ref}-{n:05d}" for n in range(1, acts + 1)]
    ws.receive(ref, barcodes)
    ws.add_post("P1", "Couvrage 1")
    return ref, qualified_trainee(ws, post="P1"), barcodes
