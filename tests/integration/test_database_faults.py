"""A database that cannot be used says why, in one French sentence, never with a traceback;
odd paths and URLs (accents, ``%``, ``:memory:``) just work; a writer that finds the file
held by another waits, says so, and gives up after a bounded time."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from atelier import DatabaseBusy, DatabaseUnusable, Workshop
from atelier.cli.main import main
from atelier.store import database
from tests.conftest import PG_URL, engine_of


def atelier(*args: str, code: int, lang: str = "fr") -> str:
    """Run the CLI in-process; a traceback fails the test (``catch_exceptions=False``)."""
    result = CliRunner().invoke(main, list(args), env={"ATELIER_LANG": lang,
                                                       "ATELIER_DATABASE_URL": None},
                                catch_exceptions=False)
    assert result.exit_code == code, (args, result.output)
    assert "Traceback" not in result.output
    return result.output


def refused(url: str, *, init: bool = False) -> DatabaseUnusable:
    with Workshop.open(url) as ws, pytest.raises(DatabaseUnusable) as err:
        ws.init() if init else ws.orders()
    return err.value


# --- odd paths and URLs ---------------------------------------------------------------------

def test_a_folder_with_accents_and_percent_signs(tmp_path: Path) -> None:
    folder = tmp_path / "Prélude 100%"
    folder.mkdir()
    path = folder / "x%25y é.db"
    out = atelier("--db", str(path), "init", code=0)
    assert f"Base prête ({path})" in out  # the path as typed, not percent-encoded
    atelier("--db", str(path), "client", "add", "Médiathèque", "--kind", "mediatheque", code=0)
    assert "Médiathèque" in atelier("--db", str(path), "client", "list", code=0)
    demo = folder / "démo 50%.db"
    out = atelier("demo", "--db", str(demo), code=0)
    assert demo.exists()
    assert f"'{demo}'" in out  # the hint quotes a path with spaces


def test_an_in_memory_database_can_be_initialised() -> None:
    out = atelier("--db", "sqlite:///:memory:", "init", code=0)
    assert "Base prête (:memory:)" in out


@pytest.mark.skipif(PG_URL is None, reason="PostgreSQL runs when ATELIER_TEST_POSTGRES_URL is set")
def test_a_percent_encoded_postgresql_password(pg_database: str) -> None:
    url = sa.engine.make_url(pg_database).set(password="p@ss%")  # the server trusts anyway
    text = url.render_as_string(hide_password=False)
    assert "p%40ss%25" in text
    out = atelier("--db", text, "init", code=0)
    assert "***" in out and "p%40ss" not in out


# --- databases that cannot be used ----------------------------------------------------------

def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("des notes, pas une base\n", encoding="utf-8")
    assert refused(str(path)).code == "database_not_sqlite"
    assert refused(str(path), init=True).code == "database_not_sqlite"
    out = atelier("--db", str(path), "init", code=4)
    assert "n'est pas une base atelier" in out
    assert path.read_text(encoding="utf-8") == "des notes, pas une base\n"


def test_a_folder_in_place_of_the_file(tmp_path: Path) -> None:
    assert refused(str(tmp_path), init=True).code == "database_is_folder"
    assert "est un dossier, pas une base" in atelier("--db", str(tmp_path), "status", "X",
                                                     code=4)


def test_a_missing_folder(tmp_path: Path) -> None:
    path = tmp_path / "absent" / "atelier.db"
    assert refused(str(path), init=True).code == "database_folder_missing"
    out = atelier("--db", str(path), "init", code=4, lang="en")
    assert "The folder of the database" in out
    assert not path.parent.exists()


def test_a_read_only_database_refuses_writes_and_serves_reads(tmp_path: Path) -> None:
    path = tmp_path / "atelier.db"
    with Workshop.open(str(path)) as ws:
        ws.init()
        ws.add_collectivity("Médiathèque", kind="mediatheque")
        engine_of(ws).dispose()
    # The tests may run as root, whom file permissions do not stop: SQLite's own
    # read-only mode is the same refusal from the driver.
    url = f"sqlite:///file:{path}?mode=ro&uri=true"
    with Workshop.open(url) as ws:
        assert [c.name for c in ws.collectivities()] == ["Médiathèque"]
        with pytest.raises(DatabaseUnusable) as err:
            ws.add_collectivity("Autre", kind="other")
    assert err.value.code == "database_read_only"
    out = atelier("--db", url, "client", "add", "Autre", "--kind", "other", code=4)
    assert "en lecture seule" in out


@pytest.mark.parametrize("url, code", [
    ("mysql://user@localhost/atelier", "database_scheme"),
    ("sqlite+aiosqlite:///x.db", "database_scheme"),
    ("foo://a@b/c", "database_scheme"),
    ("://", "database_url"),
])
def test_unsupported_urls(url: str, code: str) -> None:
    with pytest.raises(DatabaseUnusable) as err:
        Workshop.open(url)
    assert err.value.code == code
    out = atelier("--db", url, "client", "list", code=4)
    assert out.startswith("Erreur : ") and out.count("\n") == 1


def test_an_unreachable_postgresql_server() -> None:
    url = "postgresql://postgres@127.0.0.1:1/atelier"
    err = refused(url)
    assert err.code == "database_unreachable"
    assert "Connexion impossible à la base postgresql+psycopg://postgres@127.0.0.1:1/atelier" in \
        atelier("--db", url, "init", code=4)


@pytest.mark.skipif(PG_URL is None, reason="PostgreSQL runs when ATELIER_TEST_POSTGRES_URL is set")
def test_an_absent_postgresql_database() -> None:
    assert PG_URL is not None
    url = sa.engine.make_url(database.resolve_url(PG_URL)).set(database="atelier_nowhere_0")
    text = url.render_as_string(hide_password=False)
    err = refused(text, init=True)
    assert err.code == "database_unreachable"
    assert "atelier_nowhere_0" in err.params["reason"]


def test_a_newer_or_unknown_schema_is_refused_by_init_too(db_url: str) -> None:
    with Workshop.open(db_url) as ws:
        ws.init()
        engine = engine_of(ws)
    for stored, code in (("9999", "database_newer"), ("zzz", "database_unknown"),
                         (None, "database_unknown")):
        with engine.begin() as conn:
            conn.execute(sa.text("DELETE FROM alembic_version"))
            if stored is not None:
                conn.execute(sa.text("INSERT INTO alembic_version VALUES (:v)"), {"v": stored})
        assert refused(db_url).code == code
        assert refused(db_url, init=True).code == code  # not Alembic's "Can't locate revision"
        out = atelier("--db", db_url, "init", code=4)
        assert out == atelier("--db", db_url, "client", "list", code=4)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO alembic_version VALUES (:v)"),
                     {"v": database.SCHEMA_HEAD})
        conn.execute(sa.text("DELETE FROM alembic_version WHERE version_num <> :v"),
                     {"v": database.SCHEMA_HEAD})
    engine.dispose()


# --- a writer waiting for another -----------------------------------------------------------

def _hold_the_file(path: Path, seconds: float, held: threading.Event) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    held.set()
    time.sleep(seconds)
    conn.execute("ROLLBACK")
    conn.close()


def test_a_writer_waits_says_so_then_gives_up(tmp_path: Path) -> None:
    path = tmp_path / "atelier.db"
    with Workshop.open(str(path)) as ws:
        ws.init()
    held = threading.Event()
    holder = threading.Thread(target=_hold_the_file, args=(path, 1.5, held))
    holder.start()
    held.wait()
    waits: list[float] = []
    try:
        with Workshop.open(str(path), wait=0.5, on_wait=waits.append) as ws, \
                pytest.raises(DatabaseBusy) as err:
            ws.add_collectivity("Médiathèque", kind="mediatheque")
        assert waits == [0.5]
        assert err.value.params["url"] == str(path)
        # Readers are not stopped by a writer (WAL).
        with Workshop.open(str(path), wait=0.5) as ws:
            assert ws.collectivities() == []
    finally:
        holder.join()
    # Once the other writer has finished, the same act goes through.
    with Workshop.open(str(path), wait=5, on_wait=waits.append) as ws:
        ws.add_collectivity("Médiathèque", kind="mediatheque")
        assert [c.name for c in ws.collectivities()] == ["Médiathèque"]
    assert waits == [0.5]


def test_the_cli_says_it_waits_in_french(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "atelier.db"
    atelier("--db", str(path), "init", code=0)
    held = threading.Event()
    holder = threading.Thread(target=_hold_the_file, args=(path, 1.5, held))
    holder.start()
    held.wait()
    monkeypatch.setenv("ATELIER_LOCK_TIMEOUT", "0.5")
    try:
        out = atelier("--db", str(path), "client", "add", "M", "--kind", "other", code=5)
    finally:
        holder.join()
    assert "La base est occupée par une autre commande : attente (au plus 0.5 s)…" in out
    assert "rien n'a été enregistré" in out
    assert "Traceback" not in out and "locked" not in out


def test_a_long_act_shows_it_is_working_on_a_terminal(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from atelier.cli import context

    path = tmp_path / "atelier.db"
    atelier("--db", str(path), "init", code=0)
    atelier("--db", str(path), "client", "add", "M", "--kind", "other", code=0)
    atelier("--db", str(path), "order", "create", "--client", "1", "--line", "cote=5",
            "--accepted", code=0)
    monkeypatch.setattr(context, "on_terminal", lambda: True)
    out = atelier("--db", str(path), "items", "placeholders", f"CMD-{dt.date.today().year}-0001",
                  "--count", "5", code=0)
    assert "Création des documents numérotés…" in out
    monkeypatch.setattr(context, "on_terminal", lambda: False)
    out = atelier("--db", str(path), "items", "placeholders", f"CMD-{dt.date.today().year}-0001",
                  "--count", "5", code=0)
    assert "Création" not in out
