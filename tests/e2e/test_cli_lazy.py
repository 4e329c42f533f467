"""The cold start: ``atelier`` imports a command's module only when that command runs.

Each check runs in a fresh interpreter and reads its ``sys.modules``: what the test
process itself imported says nothing about a cold call.
"""

from __future__ import annotations

import gc
import importlib
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console

from atelier import Workshop
from atelier.cli import tables
from atelier.cli.lazy import LazyCommands
from atelier.cli.main import LAZY_COMMANDS, main
from atelier.cli.screen import _NARROW, Screen

#: The modules behind the lazy commands, and what a cold ``status`` never needs.
COMMAND_MODULES = sorted(set(LAZY_COMMANDS.values()))
NEVER = ("atelier.cli.attendance", "atelier.cli.people_records", "atelier.cli.records",
         "alembic", "psycopg", "fastapi", "uvicorn", "starlette")
#: The library's other areas: their use cases, repositories and file readers are imported
#: by the first call that needs them, not by the front door.
OTHER_AREAS = ("atelier.services.people", "atelier.services.people_records",
               "atelier.services.hours", "atelier.services.skills", "atelier.services.tokens",
               "atelier.services.items", "atelier.services.work", "atelier.store.people",
               "atelier.store.hours", "atelier.store.skills", "atelier.store.tokens",
               "atelier.store.production", "atelier.store.tracking",
               "atelier.services.tracking", "atelier.domain.tracking", "atelier.domain.tokens",
               "atelier.domain.skills", "atelier.exporting.hours_csv",
               "atelier.importing.item_file", "stdnum", "atelier.store.tables_more")

#: What a cold ``status`` shows needs none of these either (the hours of trainees: the
#: status shows a duration, nothing more).
NOT_FOR_STATUS = ("atelier.domain.hours", "atelier.domain.people",
                  "atelier.domain.attendance")

#: Runs the CLI in-process with the arguments after the first, then writes the names of
#: the imported modules to the file named first (stdout belongs to the command).
PROBE = """
import json, sys
from atelier.cli.main import main
out, args = sys.argv[1], sys.argv[2:]
try:
    main(args, prog_name="atelier")
except SystemExit as exit:
    code = exit.code
with open(out, "w", encoding="utf-8") as f:
    json.dump({"code": code, "modules": sorted(sys.modules)}, f)
"""


def _cold(tmp_path: Path, *args: str, **env: str) -> tuple[int, set[str]]:
    """The exit status of ``atelier ARGS`` in a fresh interpreter and the modules it loaded."""
    out = tmp_path / "modules.json"
    proc = subprocess.run([sys.executable, "-c", PROBE, str(out), *args], capture_output=True,
                          text=True, env={"ATELIER_LANG": "en", "PATH": "", **env})
    assert out.exists(), proc.stderr
    found = json.loads(out.read_text(encoding="utf-8"))
    return found["code"], set(found["modules"])


def _loaded(modules: set[str], prefixes: tuple[str, ...] | list[str]) -> list[str]:
    return sorted(m for m in modules for p in prefixes if m == p or m.startswith(f"{p}."))


def test_importing_the_cli_imports_no_command_module() -> None:
    proc = subprocess.run([sys.executable, "-c", "import json, sys, atelier.cli.main; "
                           "print(json.dumps(sorted(sys.modules)))"],
                          capture_output=True, text=True, check=True)
    modules = set(json.loads(proc.stdout))
    assert _loaded(modules, [*COMMAND_MODULES, *NEVER, "rich", "atelier.app"]) == []


@pytest.mark.parametrize("module", COMMAND_MODULES)
def test_the_lazy_table_is_what_each_module_registers(module: str) -> None:
    group = click.Group("probe")
    importlib.import_module(module).register(group)  # type: ignore[attr-defined]
    assert set(group.commands) == {n for n, m in LAZY_COMMANDS.items() if m == module}


def test_the_whole_tree_is_seen_by_whoever_reads_the_commands() -> None:
    commands = main.commands
    assert isinstance(commands, LazyCommands)
    assert set(LAZY_COMMANDS) <= set(commands)
    assert sorted(commands) == main.list_commands(click.Context(main))
    # Loaded later, still in French.
    assert all(c.context_class is main.context_class for c in commands.values())


@pytest.fixture
def order(workshop: Workshop) -> str:
    client = workshop.add_collectivity("Médiathèque de Brest", kind="mediatheque")
    return workshop.create_order(client, ["couvrage:standard=3"], accepted=True)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_cold_status_imports_only_what_it_shows(order: str, workshop: Workshop,
                                                 tmp_path: Path) -> None:
    code, modules = _cold(tmp_path, "status", order, "--db", workshop.location, "--json")
    assert code == 0
    # --json names no service: the catalogue is not even parsed.
    assert _loaded(modules, [*COMMAND_MODULES, *NEVER, *OTHER_AREAS, "rich",
                             "atelier.importing"]) == []
    code, modules = _cold(tmp_path, "status", order, "--db", workshop.location)
    assert code == 0
    assert _loaded(modules, [*COMMAND_MODULES, *NEVER, *OTHER_AREAS, *NOT_FOR_STATUS]) == []
    # Its output is not a terminal: the table is drawn without rich, as rich draws it.
    assert _loaded(modules, ["rich"]) == []
    # Where rich may style it, rich draws it.
    code, modules = _cold(tmp_path, "status", order, "--db", workshop.location,
                          FORCE_COLOR="1")
    assert code == 0
    assert "rich.table" in modules


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_command_loads_its_own_module_only(workshop: Workshop, tmp_path: Path) -> None:
    code, modules = _cold(tmp_path, "client", "list", "--db", workshop.location, "--json")
    assert code == 0
    assert _loaded(modules, COMMAND_MODULES) == ["atelier.cli.clients"]


# -- the status screen drawn without rich ---------------------------------------------------


def _with_rich(screen: Screen, width: int) -> str:
    """What rich draws of ``screen`` on ``width`` columns, written to a file (no styles)."""
    out = io.StringIO()
    con = Console(highlight=False, emoji=False, width=width, file=out)
    for kind, item in screen._items:
        if kind == "line":
            con.print(tables.line(*item))
        elif kind == "text":
            con.print(item)
        else:
            made = tables.table(item.columns, item.lang, item.title)
            for row in item.rows:
                made.add_row(*row)
            con.print(made)
    return out.getvalue()


#: Text as stored or typed: the narrow characters, and what must send a screen to rich
#: (wide, combining and zero-width characters, controls, markup, line breaks).
_TEXT = st.lists(st.one_of(st.sampled_from("abc XYZ 019-/%·—éèàçÉ€«»’'\xa0\u202f…"),
                           st.sampled_from(["中", "\u0301", "😀", "\u200b", "\xad", "\t",
                                            "\n", "\x1b", "[", "]", "[b]", "\u2028"]),
                           st.characters(codec="utf-8")), max_size=14).map("".join)
_OPTIONS = st.sampled_from([None, {"justify": "right", "no_wrap": True}, {"justify": "right"},
                            {"no_wrap": True}, {"justify": "left"}, {"justify": "center"}])
_COLUMN = st.tuples(_TEXT, _TEXT, _OPTIONS).map(
    lambda c: c[:2] if c[2] is None else c)  # type: ignore[return-value]
_ITEM = st.one_of(
    st.tuples(st.just("line"), st.lists(st.one_of(_TEXT, st.none(),
                                                   st.tuples(_TEXT, st.just("bold"))),
                                         max_size=6)),
    st.tuples(st.just("text"), _TEXT.map(lambda t: t * 5)),
    st.tuples(st.just("table"), st.lists(_COLUMN, min_size=1, max_size=7),
              st.sampled_from(["fr", "en"]), st.one_of(st.none(), _TEXT),
              st.lists(st.lists(st.one_of(st.none(), _TEXT, st.integers(0, 10**7).map(str)),
                                max_size=8), max_size=5)))


@settings(max_examples=400, deadline=None)
@given(st.lists(_ITEM, max_size=5), st.integers(10, 140))
def test_a_screen_drawn_without_rich_is_what_rich_draws(items: list[Any], width: int) -> None:
    screen = Screen()
    for item in items:
        if item[0] == "line":
            screen.line(*item[1])
        elif item[0] == "text":
            screen.text(item[1])
        else:
            made = screen.table(item[1], item[2], item[3])
            for row in item[4]:
                made.add_row(*row[:len(item[1]) + 1])
    drawn = screen.plain(width)
    if drawn is not None:
        assert drawn == _with_rich(screen, width)


def test_every_narrow_character_is_one_column_for_rich() -> None:
    narrow = [chr(c) for c in range(0x110000) if _NARROW.fullmatch(chr(c))]
    assert len(narrow) > 1000
    assert all(cell_len(c) == 1 for c in narrow)


def test_a_status_screen_is_drawn_without_rich() -> None:
    screen = Screen()
    screen.line(("CMD-2026-0001", "bold"), " — ", "Médiathèque de Brest", " — ",
                ("livrée en partie", "bold"))
    screen.line("Échéance ", "—", " · bon de commande ", None, " · total ", "328,75\u202f€ HT")
    right = {"justify": "right", "no_wrap": True}
    made = screen.table((("Prestation", "Service"), ("Format", "Format"), ("Qté", "Qty", right),
                         ("Reste", "Left", right)), "fr", "Avancement")
    made.add_row("Couvrage avec film adhésif", "Grand format", "25", "1 h 50")
    made.add_row("Pose d'étiquette de cote", "Standard", "3", "0 h 08")
    screen.text("Livraison BL-2026-0001 du 02/03/2026 : 11 documents.")
    drawn = screen.plain(100)
    assert drawn is not None
    assert drawn == _with_rich(screen, 100)
    assert screen.plain(40) is None  # the first line would fold: rich draws it


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_status_turns_the_collector_back_on(order: str, workshop: Workshop) -> None:
    from click.testing import CliRunner

    assert gc.isenabled()
    for args in (["status", order], ["status", order, "--json"], ["status", "CMD-1999-9999"]):
        CliRunner().invoke(main, [*args, "--db", workshop.location])
        assert gc.isenabled()
