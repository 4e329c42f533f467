"""The cold start: ``atelier`` imports a command's module only when that command runs.

Each check runs in a fresh interpreter and reads its ``sys.modules``: what the test
process itself imported says nothing about a cold call.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import click
import pytest

from atelier import Workshop
from atelier.cli.lazy import LazyCommands
from atelier.cli.main import LAZY_COMMANDS, main

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
               "atelier.importing.item_file", "stdnum")

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


def _cold(tmp_path: Path, *args: str) -> tuple[int, set[str]]:
    """The exit status of ``atelier ARGS`` in a fresh interpreter and the modules it loaded."""
    out = tmp_path / "modules.json"
    proc = subprocess.run([sys.executable, "-c", PROBE, str(out), *args], capture_output=True,
                          text=True, env={"ATELIER_LANG": "en", "PATH": ""})
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
    assert _loaded(modules, [*COMMAND_MODULES, *NEVER]) == []
    assert "rich.table" in modules  # it draws a table


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_command_loads_its_own_module_only(workshop: Workshop, tmp_path: Path) -> None:
    code, modules = _cold(tmp_path, "client", "list", "--db", workshop.location, "--json")
    assert code == 0
    assert _loaded(modules, COMMAND_MODULES) == ["atelier.cli.clients"]
