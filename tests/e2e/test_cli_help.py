"""Every ``--help`` is French by default, click's own words included, and English with
``--lang en`` or ``ATELIER_LANG=en``; no command or option lacks its French."""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner, Result

from atelier.cli.help import HelpContext, option_key
from atelier.cli.main import main
from atelier.cli.text_help import COMMANDS, command_help, option_help
from atelier.cli.text_help_options import OPTIONS

#: What click writes in English on a help page: none of it may show in French.
ENGLISH = ("Usage:", "Options:", "Commands:", "Arguments:", "Show this message",
           "Show the version", "[default:", "[required]", "env var:", "[ARGS]", "INTEGER",
           " TEXT ")


def _tree(command: click.Command = main, parent: click.Context | None = None,
          path: str = "atelier") -> Iterator[tuple[str, click.Command, click.Context]]:
    ctx = click.Context(command, info_name=path.rsplit(" ", 1)[-1], parent=parent,
                        **command.context_settings)
    yield path, command, ctx
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            yield from _tree(command.commands[name], ctx, f"{path} {name}")


TREE = [(path, command) for path, command, _ in _tree()]
PATHS = [path for path, _ in TREE]


def _help(*args: str, lang: str | None = None) -> Result:
    result = CliRunner().invoke(main, list(args), env={"ATELIER_LANG": lang},
                                catch_exceptions=False)
    assert result.exit_code == 0, (args, result.output, result.stderr)
    return result


def _squeezed(text: str) -> str:
    """``text`` without any space: the help is rewrapped (and French spaces made
    no-break), the words stay."""
    return re.sub(r"\s", "", text)


def _english(command: click.Command) -> str:
    return inspect.cleandoc(command.help or "").partition("\f")[0]


def test_every_command_and_option_has_its_french() -> None:
    """A command or an option added without its French fails here, named."""
    missing = []
    for path, command, ctx in _tree():
        if command.help and command_help(path) is None:
            missing.append(path)
        for param in command.get_params(ctx):
            english = getattr(param, "help", None)
            if english and option_help(path, option_key(param), english) is None:
                missing.append(f"{path} {option_key(param)}")
    assert not missing, "no French help in atelier/cli/text_help*.py for: " + ", ".join(
        missing)


def test_the_french_names_only_what_exists() -> None:
    """French left behind by a renamed command or option is caught too."""
    params = {path: {option_key(p) for p in command.get_params(ctx)}
              for path, command, ctx in _tree()}
    assert set(COMMANDS) - set(params) == set()
    stale = [f"{path} {option}" for path, options in OPTIONS.items()
             for option in options if option not in params.get(path, set())]
    assert stale == []


def test_every_command_of_the_tree_writes_its_help_in_the_staff_language() -> None:
    assert {path for path, command in TREE if command.context_class is not HelpContext} == set()


@pytest.mark.parametrize("path", PATHS)
def test_help_is_french_by_default_and_english_on_demand(path: str) -> None:
    args = [*path.split()[1:], "--help"]
    command = dict(TREE)[path]
    french = _help(*args).stdout
    assert french.startswith(f"Utilisation : main{path[len('atelier'):]} ")
    assert _squeezed(command_help(path) or "") in _squeezed(french)
    assert "Afficher cette aide et quitter." in french
    assert [word for word in ENGLISH if word in french] == []
    english = _help("--lang", "en", *args).stdout  # a group has no --lang of its own
    assert english.startswith("Usage: ")
    assert _squeezed(_english(command)) in _squeezed(english)
    assert "Show this message and exit." in english
    assert "Utilisation" not in english and "Afficher" not in english


def test_click_words_inside_an_option_line_are_french() -> None:
    french = _help("serve", "--help").stdout
    assert "Port d'écoute.  [par défaut\u00a0: 8000\u00a0; 1<=x<=65535]" in french
    assert "--port ENTIER" in french and "--host TEXTE" in french
    created = _help("order", "create", "--help").stdout
    assert "Numéro de la collectivité.  [obligatoire]" in created
    assert "--due AAAA-MM-JJ" in created and "--client ENTIER" in created
    english = _help("serve", "--help", lang="en").stdout
    assert "Port to listen on.  [default: 8000; 1<=x<=65535]" in english


@pytest.mark.parametrize(("args", "lang", "expected"), [
    (["order", "create", "--help", "--lang", "en"], None, "Usage:"),  # --help before --lang
    (["--lang", "en", "order", "create", "--help"], None, "Usage:"),  # the group's --lang
    (["order", "create", "--lang=en", "--help"], None, "Usage:"),
    (["order", "create", "--help"], "en", "Usage:"),  # ATELIER_LANG
    (["--lang", "fr", "order", "create", "--help"], "en", "Utilisation"),  # option wins
    (["order", "create", "-h"], "fr", "Utilisation"),
])
def test_the_language_is_known_before_the_help_is_shown(args: list[str], lang: str | None,
                                                        expected: str) -> None:
    assert _help(*args, lang=lang).stdout.startswith(expected)


def test_a_group_alone_shows_its_help_in_french_not_an_error() -> None:
    result = CliRunner().invoke(main, ["order"], env={"ATELIER_LANG": None})
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Utilisation : main order [OPTIONS] COMMANDE ")
    assert "Erreur" not in result.stderr and "Usage" not in result.stderr
    assert "Annuler une commande" in result.stderr


def test_a_usage_error_shows_the_usage_line_in_french() -> None:
    result = CliRunner().invoke(main, ["order", "create"], env={"ATELIER_LANG": None})
    assert result.exit_code == 2
    assert result.stderr.startswith("Utilisation : main order create [OPTIONS]")
    assert "Usage" not in result.stderr


def _run(*args: str, lang: str = "fr", columns: int = 80) -> str:
    """The real entry point, as the staff runs it (``python -m atelier``), in a terminal
    ``columns`` wide (click's test runner always writes 80 columns)."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "PYTHONPATH", "HOME")}
    shown = subprocess.run([sys.executable, "-m", "atelier", *args], capture_output=True,
                           text=True, encoding="utf-8", timeout=120,
                           env={**env, "ATELIER_LANG": lang, "COLUMNS": str(columns),
                                "PYTHONIOENCODING": "utf-8"})
    assert shown.returncode == 0, shown.stderr
    return shown.stdout


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_main_help_fits_100_columns(lang: str) -> None:
    """A wide terminal gets 100 columns (room for the longer French), a narrow one its
    own width; every command is listed on one line of its own."""
    wide = _run("--help", lang=lang, columns=200).splitlines()
    assert 80 < max(len(line) for line in wide) <= 100
    narrow = _help("--help", lang=lang).stdout.splitlines()
    assert max(len(line) for line in narrow) <= 80
    for shown in (wide, narrow):
        heading = next(n for n, line in enumerate(shown)
                       if line.startswith(("Commandes :", "Commands:")))
        assert [line.split()[0] for line in shown[heading + 1:]] == sorted(main.commands)


def test_the_installed_command_speaks_french() -> None:
    shown = _run("hours", "month", "--help")
    assert shown.startswith("Utilisation : atelier hours month [OPTIONS] MONTH")
    assert _squeezed("Écrire aussi le mois en CSV (pour un tableur).") in _squeezed(shown)
