"""RELIABILITY 10: migrations have one head, build exactly the schema the code expects,
keep the data when run again, and survive a downgrade/upgrade round trip.

Each test starts from a database with nothing in it: a new SQLite file, or on
PostgreSQL a database created for the test on the server and dropped after.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from atelier import Workshop
from atelier.store import database
from atelier.store.tables import metadata
from tests.conftest import (
    DATA,
    DATABASES,
    PG_URL,
    Clock,
    dump,
    make_siret,
    qualified_trainee,
)

KOHA = DATA / "koha-items-sample.csv"


@pytest.fixture(params=DATABASES)
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no schema at all, on each backend under test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    assert PG_URL is not None
    admin = sa.create_engine(database.resolve_url(PG_URL), isolation_level="AUTOCOMMIT")
    name = f"atelier_mig_{os.getpid()}_{secrets.token_hex(3)}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture
def engine_on(empty_url: str) -> Iterator[sa.Engine]:
    engine = database.create_engine(empty_url)
    yield engine
    engine.dispose()


def script(engine: sa.Engine) -> ScriptDirectory:
    return ScriptDirectory.from_config(database.alembic_config(engine))


def user_tables(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}


def schema_differences(engine: sa.Engine) -> list[Any]:
    with engine.connect() as conn:
        # Server defaults are compared on PostgreSQL only: Alembic reports SQLite's
        # reflected '' defaults as different from the same '' in the metadata.
        ctx = MigrationContext.configure(conn, opts={
            "compare_type": True,
            "compare_server_default": engine.dialect.name != "sqlite"})
        return list(compare_metadata(ctx, metadata))


def schema_snapshot(engine: sa.Engine) -> dict[str, Any]:
    """Tables, columns, keys, indexes and constraints as the database reports them."""
    insp = sa.inspect(engine)
    out: dict[str, Any] = {}
    for name in sorted(insp.get_table_names()):
        out[name] = {
            "columns": [(c["name"], str(c["type"]), c["nullable"], str(c.get("default")))
                        for c in insp.get_columns(name)],
            "pk": insp.get_pk_constraint(name)["constrained_columns"],
            "fks": sorted((tuple(f["constrained_columns"]), f["referred_table"],
                           tuple(f["referred_columns"])) for f in insp.get_foreign_keys(name)),
            "indexes": sorted((i["name"], tuple(i["column_names"]), bool(i["unique"]))
                              for i in insp.get_indexes(name)),
            "uniques": sorted((u["name"], tuple(u["column_names"]))
                              for u in insp.get_unique_constraints(name)),
            "checks": sorted((c["name"], c["sqltext"]) for c in insp.get_check_constraints(name)),
        }
    return out


def dump_columns(engine: sa.Engine, columns: dict[str, list[str]]) -> dict[str, list[Any]]:
    """Rows of the tables named, with only the columns named (those of an older revision)."""
    with engine.connect() as conn:
        return {name: [tuple(r) for r in conn.execute(
            sa.select(*(metadata.tables[name].c[c] for c in cols))
            .order_by(*metadata.tables[name].primary_key.columns))]
            for name, cols in columns.items()}


def project(rows: dict[str, list[tuple[Any, ...]]],
            columns: dict[str, list[str]]) -> dict[str, list[Any]]:
    """``rows`` (a full dump) cut down to the columns named."""
    out: dict[str, list[Any]] = {}
    for name, cols in columns.items():
        names = [c.name for c in metadata.tables[name].columns]
        keep = [names.index(c) for c in cols]
        out[name] = [tuple(row[i] for i in keep) for row in rows[name]]
    return out


def fill(url: str, tmp_path: Path) -> str:
    """A whole order flow through the library: every table gets rows."""
    clock = Clock(dt.datetime(2026, 3, 2, 9))
    ws = Workshop.open(url, actor="Claire (encadrante)", clock=clock)
    try:
        ws.init()
        client = ws.add_collectivity("Médiathèque de Brest", kind="mediatheque",
                                     siret=make_siret())
        ref = ws.create_order(client, ["couvrage:poche=15", "couvrage:standard=21",
                                       "couvrage:grand=16", "couvrage:hors_format=8"],
                              accepted=True)
        assert ws.import_items(ref, KOHA).items == 60
        barcodes = [ln.split(";")[0] for ln in
                    KOHA.read_text(encoding="utf-8-sig").splitlines()[1:] if ln.strip()]
        ws.receive(ref, barcodes)
        ws.add_post("P1", "Couvrage 1")
        trainee = qualified_trainee(ws, post="P1")
        ws.refuse(ref, barcodes[:1], "reliure cassée")
        ws.mark_missing(ref, barcodes[1:2], "perdu à l'atelier")
        for op in ws.catalogue().service("couvrage").operations:
            if op.checkpoint:
                ws.check(ref, op.code, barcodes[2:4], passed=False, defect="bubble")
                ws.record_work(ref, "turn_in", trainee, barcodes[2:4])
                ws.check(ref, op.code)
            else:
                ws.record_work(ref, op.code, trainee)
        ws.deliver(ref, barcodes[2:30])
        quote = ws.create_order(client, ["reliure:standard=2"])
        ws.add_placeholders(quote)
        ws.cancel(quote, "budget épuisé")
        assert ws.status(ref).status == "partially_delivered"
        # The people side: attendance, time, a validated month and its correction,
        # personal data, a learning goal, and a pathway that ended.
        day = dt.date(2026, 3, 2)
        ws.record_attendance(trainee, day, "am", minutes=180)
        ws.record_attendance(trainee, day, "pm", minutes=180)
        ws.record_attendance(trainee, day + dt.timedelta(days=1), "am", present=False,
                             reason="visit")
        ws.add_time(trainee, day, "training", 30, note="sécurité")
        clock.advance(days=30)  # March is over: the counsellor validates it
        ws.validate_month("2026-03")
        ws.correct_hours("2026-03", trainee, 15, "pointage oublié")
        ws.set_personal(trainee, full_name="Yann K.")
        ws.set_target(trainee, "sewing", 2)
        leaver = ws.add_trainee(contract="cddi", weekly_hours=26, start=dt.date(2025, 9, 1),
                                end=dt.date(2026, 2, 28))
        ws.record_exit(leaver, on=dt.date(2026, 2, 27), outcome="positive_exit")
        return ref
    finally:
        ws.close()


def test_one_head_and_one_line_of_revisions(tmp_path: Path) -> None:
    engine = database.create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    scripts = script(engine)
    heads = scripts.get_heads()
    assert len(heads) == 1, heads
    assert heads[0] == database.head_revision(engine) == database.SCHEMA_HEAD
    chain = list(scripts.walk_revisions("base", "heads"))  # newest first
    assert chain[-1].down_revision is None
    for newer, older in itertools.pairwise(chain):
        assert newer.down_revision == older.revision, "the revisions must form one line"
    assert all(not rev.is_merge_point and not rev.is_branch_point for rev in chain)


def test_upgrade_builds_exactly_the_schema_of_the_code(engine_on: sa.Engine) -> None:
    assert database.current_revision(engine_on) is None
    database.upgrade(engine_on)
    assert database.current_revision(engine_on) == database.head_revision(engine_on)
    assert user_tables(engine_on) == set(metadata.tables)
    assert schema_differences(engine_on) == []


def test_upgrading_again_over_data_keeps_every_row(empty_url: str, engine_on: sa.Engine,
                                                   tmp_path: Path) -> None:
    # revision by revision from the first one (data can only be written at head,
    # through the library, so it is filled once there)
    revisions = [rev.revision for rev in reversed(list(script(engine_on).walk_revisions()))]
    for rev in revisions:
        database.upgrade(engine_on, rev)
        assert database.current_revision(engine_on) == rev
    ref = fill(empty_url, tmp_path)
    before = dump(engine_on)
    assert all(before[name] for name in ("catalogues", "collectivities", "orders", "items",
                                         "tasks", "deliveries", "work_records",
                                         "quality_checks", "audit_log", "counters",
                                         "contracts", "post_assignments", "trainee_personal",
                                         "attendance", "time_entries", "month_locks",
                                         "hour_corrections", "assessments", "skill_targets"))
    counts = {name: len(rows) for name, rows in before.items()}

    database.upgrade(engine_on)  # already at head: nothing to do, nothing lost
    database.upgrade(engine_on, "head")
    assert dump(engine_on) == before
    assert schema_differences(engine_on) == []

    with Workshop.open(empty_url, actor="Claire (encadrante)") as ws:
        assert ws.init()[1] is False  # the same catalogue: re-activated, not duplicated
        after = {name: len(rows) for name, rows in dump(engine_on).items()}
        assert after == counts | {"audit_log": counts["audit_log"] + 1}
        status = ws.status(ref)
        assert (status.items.total, status.items.returned) == (60, 28)
        assert status.items.balanced()


def test_upgrading_from_each_older_revision_over_data_keeps_it(empty_url: str,
                                                              engine_on: sa.Engine,
                                                              tmp_path: Path) -> None:
    """A database full of data taken back to each older revision, then brought to head:
    every row of the tables that revision has, as it was, including what the
    migrations compute from the data (the figures a newer revision keeps up to
    date are recomputed to the same values). Tables a newer revision created
    are dropped by the downgrade, so their rows are not expected back."""
    database.upgrade(engine_on)
    ref = fill(empty_url, tmp_path)
    before = dump(engine_on)
    head = database.head_revision(engine_on)
    older = [rev.revision for rev in script(engine_on).walk_revisions() if rev.revision != head]
    for rev in older:
        database.downgrade(engine_on, rev)
        engine_on.dispose()
        assert database.current_revision(engine_on) == rev
        kept = user_tables(engine_on)
        inspector = sa.inspect(engine_on)
        columns = {n: [c["name"] for c in inspector.get_columns(n)] for n in kept}
        with engine_on.connect() as conn:  # the rows are still there at the old revision
            for name in kept:
                n = conn.execute(sa.text(f'SELECT count(*) FROM "{name}"')).scalar_one()
                assert n == len(before[name]), (rev, name)
        database.upgrade(engine_on)
        engine_on.dispose()
        assert dump_columns(engine_on, columns) == project(before, columns), rev
    with Workshop.open(empty_url, actor="Claire (encadrante)") as ws:
        assert ws.status(ref).status == "partially_delivered"


def test_downgrade_and_upgrade_again_leaves_the_same_schema(empty_url: str,
                                                            engine_on: sa.Engine,
                                                            tmp_path: Path) -> None:
    database.upgrade(engine_on)
    fill(empty_url, tmp_path)
    schema = schema_snapshot(engine_on)

    database.downgrade(engine_on, "base")
    engine_on.dispose()
    assert database.current_revision(engine_on) is None
    assert user_tables(engine_on) == set()

    database.upgrade(engine_on)
    engine_on.dispose()
    assert schema_snapshot(engine_on) == schema
    assert schema_differences(engine_on) == []
    assert all(rows == [] for rows in dump(engine_on).values())
    # and the library works on it as on a new database
    ref = fill(empty_url, tmp_path)
    assert ref.endswith("-0001")
