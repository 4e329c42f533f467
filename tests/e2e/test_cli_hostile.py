"""Every command of the click tree, driven with generated hostile arguments, answers with
an exit status from the documented table and, when it refuses, one French message — no
traceback, no English fallback — and leaves the database as it was.

Arguments are drawn from each parameter's click type: integers past 2^31 and 2^63,
floats such as ``1e308`` or ``nan``, impossible or far dates, words outside a choice,
text with markup, control characters and lone surrogates, and the keys of the demo
workshop (orders, trainees, posts, skills…) so that calls reach past the first lookup.
Each example runs on a fresh copy of a demo database (SQLite in the quick run; SQLite
with more examples and PostgreSQL in the slow run).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click
import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atelier import Workshop, build_demo
from atelier.cli import context as cli_context
from atelier.cli import i18n, text_usage
from atelier.cli.main import main
from atelier.store import database
from tests.conftest import PG_URL, dump

#: Commands left out: ``serve`` runs a server until stopped; ``demo`` builds a whole
#: workshop (its paths are tested in tests/integration/test_database_faults.py).
LEFT_OUT = {"serve", "demo"}
#: Options every example sets itself.
FIXED = {"db", "lang", "help"}
#: The exit statuses of docs/cli.md: 0 done, 1 invalid, 2 usage, 3 not found, 4 rule,
#: 5 conflict, 6 forbidden.
EXIT_STATUSES = {0, 1, 2, 3, 4, 5, 6}


def commands() -> list[tuple[str, ...]]:
    """The path of every command of the tree (``("order", "create")``…)."""
    found: list[tuple[str, ...]] = []

    def walk(cmd: click.Command, path: tuple[str, ...]) -> None:
        if isinstance(cmd, click.Group):
            for name, sub in sorted(cmd.commands.items()):
                walk(sub, (*path, name))
        elif path[0] not in LEFT_OUT:
            found.append(path)

    walk(main, ())
    return found


def command_at(path: tuple[str, ...]) -> click.Command:
    cmd: click.Command = main
    for name in path:
        assert isinstance(cmd, click.Group)
        cmd = cmd.commands[name]
    return cmd


# --- the demo workshop, once per backend ----------------------------------------------------

class Demo:
    """A demo workshop to copy for each example, and the keys it holds."""

    def __init__(self, template: str, keys: list[str], copy: Callable[[], str],
                 drop: Callable[[str], None]) -> None:
        self.template = template
        self.keys = keys
        self.copy = copy
        self.drop = drop
        self.digest = digest(template)


def _keys(ws: Workshop) -> list[str]:
    keys: list[str] = []
    orders = ws.orders()
    keys += [o.ref for o in orders[:6]] + [o.ref.lower() for o in orders[:2]]
    keys += [p.code for p in ws.posts()] + [p.trainee for p in ws.posts() if p.trainee]
    cat = ws.catalogue()
    keys += [s.code for s in cat.skills][:6]
    keys += sorted({o.code for s in cat.services for o in s.operations})[:6]
    keys += [f.code for f in cat.formats][:3] + [f"{s.code}:{f.code}=2" for s in cat.services[:2]
                                                  for f in cat.formats[:1]]
    keys += ["2026-11", "2026-11-16", "am", "pm", "1", "2", "120", "present", "visit",
             "LIV-2026-0001", "D-2026-0001", "order", "collectivity"]
    return keys


def digest(url: str) -> str:
    """A digest of every row of every table: what "the database is unchanged" means."""
    engine = database.create_engine(url)
    try:
        rows = dump(engine)
    finally:
        engine.dispose()
    return hashlib.sha256(repr(rows).encode("utf-8", "surrogatepass")).hexdigest()


def _build(url: str) -> list[str]:
    with Workshop.open(url, actor="démo") as ws:
        ws.init()
        build_demo(ws)
        return _keys(ws)


@pytest.fixture(scope="module")
def sqlite_demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    folder = tmp_path_factory.mktemp("hostile")
    template = folder / "demo.db"
    keys = _build(f"sqlite:///{template}")
    engine = database.create_engine(f"sqlite:///{template}")
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    counter = iter(range(10**9))

    def copy() -> str:
        target = folder / f"run{next(counter)}.db"
        shutil.copy(template, target)
        return f"sqlite:///{target}"

    def drop(url: str) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)

    return Demo(f"sqlite:///{template}", keys, copy, drop)


@pytest.fixture(scope="module")
def postgres_demo(pg_database: str) -> Iterator[Demo]:
    admin = sa.create_engine(database.resolve_url(pg_database), isolation_level="AUTOCOMMIT")
    base = sa.engine.make_url(pg_database)
    template = base.set(database=f"{base.database}_hostile")

    def create(name: str, source: str | None = None) -> str:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"'
                                 + (f' TEMPLATE "{source}"' if source else ""))
        return base.set(database=name).render_as_string(hide_password=False)

    def drop(url: str) -> None:
        name = sa.engine.make_url(url).database
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    template_url = create(str(template.database))
    keys = _build(template_url)
    counter = iter(range(10**9))

    def copy() -> str:
        return create(f"{template.database}_{next(counter)}", str(template.database))

    yield Demo(template_url, keys, copy, drop)
    drop(template_url)
    admin.dispose()


# --- what is typed ---------------------------------------------------------------------------

HOSTILE = st.sampled_from([
    "", " ", "[/bold]", "[red]rouge[/red]", "[link=http://x]y[/link]", "<script>x</script>",
    "x" * 600, "\x1b[31m", "a\x00b", "\ud800", "é" * 3, "-", "--", "../../etc/passwd",
    "9223372036854775808", "-1", "0", "1e308", "nan", "2026-02-30", "9999-12", "0000-00-00",
    "%s%n", "{0}", "{url}", "'; DROP TABLE orders; --", "T-0001\n", "CMD-2026-0001 ",
])


def text_for(demo: Demo) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(demo.keys), HOSTILE, st.text(max_size=40))


INTEGERS = st.one_of(
    st.integers(min_value=-3, max_value=400),
    st.sampled_from([2**31 - 1, 2**31, 2**63 - 1, 2**63, -2**63 - 1, 10**30]),
    st.integers(),
).map(str)
FLOATS = st.one_of(st.floats(allow_nan=True, allow_infinity=True).map(repr),
                   st.sampled_from(["1e308", "-0", "24", "24.5", "nan", "inf", "1,5"]))
DATES = st.one_of(
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(str),
    st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2027, 12, 31)).map(str),
    st.sampled_from(["2026-02-30", "2026-13-01", "99999-01-01", "2026-2-3", "03/12/2026",
                     "2026-02-29", "2028-02-29", "0001-01-01"]),
)


def value_for(param: click.Parameter, demo: Demo, folder: Path) -> st.SearchStrategy[str]:
    """What a person might type for ``param``."""
    kind = param.type
    if isinstance(kind, click.Choice):
        return st.one_of(st.sampled_from([str(c) for c in kind.choices]), text_for(demo))
    if isinstance(kind, click.types.IntParamType):
        return st.one_of(INTEGERS, text_for(demo))
    if isinstance(kind, click.types.FloatParamType):
        return st.one_of(FLOATS, text_for(demo))
    if isinstance(kind, click.DateTime):
        return st.one_of(DATES, text_for(demo))
    if isinstance(kind, click.Path):
        return st.one_of(st.sampled_from([str(folder / "liste.csv"), str(folder / "out.csv"),
                                          str(folder), str(folder / "absent" / "x.csv"),
                                          "relative.html"]),
                         st.text(min_size=1, max_size=20).filter(_a_safe_name)
                         .map(lambda n: str(folder / n)))
    if param.name in ("day", "on", "month"):
        return st.one_of(DATES, DATES.map(lambda d: d[:7]), text_for(demo))
    return text_for(demo)


def _a_safe_name(name: str) -> bool:
    # Written files stay in the example's folder: no separator, no "..", no NUL.
    return "/" not in name and "\x00" not in name and name not in (".", "..")


@st.composite
def invocation(draw: st.DrawFn, path: tuple[str, ...], demo: Demo, folder: Path
               ) -> tuple[list[str], str | None]:
    """The arguments of one call of the command at ``path`` (and its standard input)."""
    cmd = command_at(path)
    args: list[str] = list(path)
    positional: list[str] = []
    for param in cmd.params:
        if param.name in FIXED or param.name is None:
            continue
        if isinstance(param, click.Option):
            if param.is_flag:
                if draw(st.booleans()):
                    args.append(param.opts[0])
                continue
            if not param.required and not draw(st.booleans()):
                continue
            times = draw(st.integers(1, 3)) if param.multiple else 1
            for _ in range(times):
                args += [param.opts[0], draw(value_for(param, demo, folder))]
        else:
            times = draw(st.integers(1, 3)) if param.nargs == -1 else 1
            positional += [draw(value_for(param, demo, folder)) for _ in range(times)]
    # "--" keeps a value that starts with "-" a value, as a careful user types it.
    args += ["--", *positional] if positional else []
    stdin = draw(st.one_of(st.none(), st.lists(text_for(demo), max_size=4).map("\n".join)))
    return args, stdin


# --- the property ----------------------------------------------------------------------------

#: Click's own English phrasing, which ``usage_text`` must have translated.
CLICK_ENGLISH = re.compile(r"\b(Missing|Invalid value|No such|Got unexpected|requires an|"
                           r"is not|does not|Error)\b")


class Spy:
    """Records every error the CLI phrased without a French text."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.untranslated: list[str] = []
        real_error, real_usage = i18n.error_text, text_usage.usage_text

        def error_text(error: Any, lang: str) -> str:
            if lang == "fr" and error.code not in i18n.ERRORS:
                self.untranslated.append(f"{error.code}: {error}")
            return real_error(error, lang)

        def usage_text(message: str, lang: str) -> str:
            text = real_usage(message, lang)
            if lang == "fr" and text == message and CLICK_ENGLISH.search(message):
                self.untranslated.append(f"usage: {message}")
            return text

        monkeypatch.setattr(cli_context, "error_text", error_text)
        monkeypatch.setattr(text_usage, "usage_text", usage_text)


def check(demo: Demo, args: list[str], stdin: str | None, folder: Path, spy: Spy) -> None:
    url = demo.copy()
    (folder / "liste.csv").write_text("Code-barres;Titre;Format\n2901900000001;Nadja;standard\n",
                                      encoding="utf-8")
    env = {"ATELIER_LANG": "fr", "ATELIER_DATABASE_URL": url, "ATELIER_USER": "hostile",
           "ATELIER_ROLE": None, "ATELIER_LOCK_TIMEOUT": "2", "COLUMNS": "100"}
    try:
        # Standard input is bytes: what a scanner or a file sends, valid UTF-8 or not.
        raw = None if stdin is None else stdin.encode("utf-8", "surrogatepass")
        result = CliRunner().invoke(main, ["--db", url, *args], input=raw, env=env,
                                    catch_exceptions=False)
        out = result.output
        assert "Traceback" not in out, (args, out)
        assert result.exit_code in EXIT_STATUSES, (args, result.exit_code, out)
        assert not spy.untranslated, (args, spy.untranslated, out)
        if result.exit_code != 0:
            errors = [line for line in result.stderr.splitlines() if line.startswith("Erreur")]
            assert errors, (args, result.stderr)
            assert errors[0].startswith("Erreur : "), (args, result.stderr)
            assert digest(url) == demo.digest, ("a refused command wrote", args, out)
    finally:
        demo.drop(url)


QUICK = settings(max_examples=3, deadline=None, derandomize=True, database=None,
                 suppress_health_check=list(HealthCheck))
SLOW = settings(max_examples=int(os.environ.get("ATELIER_HOSTILE_EXAMPLES", "25")),
                deadline=None, suppress_health_check=list(HealthCheck))


#: Where the property runs: the demo's fixture, and how many examples per command.
RUNS = [
    pytest.param("sqlite_demo", QUICK, id="sqlite"),
    pytest.param("sqlite_demo", SLOW, id="sqlite-many", marks=pytest.mark.slow),
    pytest.param("postgres_demo", settings(QUICK, max_examples=4), id="postgresql",
                 marks=[pytest.mark.slow, pytest.mark.skipif(
                     PG_URL is None, reason="PostgreSQL runs when ATELIER_TEST_POSTGRES_URL "
                                            "is set")]),
]


@pytest.mark.parametrize("demo_fixture, budget", RUNS)
@pytest.mark.parametrize("path", commands(), ids=" ".join)
def test_every_command_with_hostile_arguments(
        path: tuple[str, ...], demo_fixture: str, budget: settings, tmp_path: Path,
        request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    demo: Demo = request.getfixturevalue(demo_fixture)
    spy = Spy(monkeypatch)
    monkeypatch.chdir(tmp_path)

    @budget
    @given(call=invocation(path, demo, tmp_path))
    def run(call: tuple[list[str], str | None]) -> None:
        spy.untranslated.clear()
        check(demo, *call, tmp_path, spy)

    run()
