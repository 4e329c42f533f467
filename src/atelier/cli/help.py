"""Every ``--help`` in the staff's language: French by default, English with ``--lang en``.

The commands keep their English help in the code (docstrings and ``help=``); the
French lives in :mod:`atelier.cli.text_help`, looked up by the command's path as
typed ("atelier order create") and the option's name ("--client"). :func:`localize`
gives every command of the tree :class:`HelpContext`, whose help page and usage line
are written in French — click's own words (Usage, Options, Commands, default,
required, Show this message and exit…) included — unless English was asked for.

``--help`` is eager and may be processed before the ``--lang`` that follows it, so the
root group (:class:`HelpGroup`) reads the language from the raw arguments first.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Sequence

import click

from atelier.cli.context import Settings
from atelier.cli.i18n import resolve_lang
from atelier.cli.lazy import LazyCommands
from atelier.cli.text_help import command_help, french_extras, french_spec, option_help

#: Where the root group leaves the language read from the raw arguments (``ctx.meta`` is
#: shared by every context of one invocation).
LANG_META = "atelier.help_lang"

#: click's usage pieces of a group, in French.
_USAGE_PIECES = {"COMMAND [ARGS]...": "COMMANDE [ARGUMENTS]...",
                 "COMMAND1 [ARGS]... [COMMAND2 [ARGS]...]...":
                 "COMMANDE1 [ARGUMENTS]... [COMMANDE2 [ARGUMENTS]...]..."}

#: French puts a space before ``: ; ! ?`` and inside « »: a no-break one, so that click's
#: wrapping never starts a line with a colon.
_BEFORE = re.compile(r" ([:;!?»])")
_NBSP = "\u00a0"


def french_spaces(text: str) -> str:
    """``text`` with no-break spaces where French typography puts a space before a sign."""
    return _BEFORE.sub(_NBSP + r"\1", text).replace("« ", "«" + _NBSP)


def _heading(name: str) -> str:
    """A section heading: click adds the colon, French wants a space before it (a plain
    one: a heading is never wrapped)."""
    return f"{name} "


def sniff_lang(argv: Sequence[str]) -> str | None:
    """The language asked for by ``--lang`` in the raw arguments, or None.

    The last one wins, as when click parses a repeated option, and a command's own
    ``--lang`` comes after the group's.
    """
    asked = None
    for n, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and n + 1 < len(argv):
            asked = argv[n + 1]
        elif arg.startswith("--lang="):
            asked = arg.split("=", 1)[1]
    return None if asked is None else resolve_lang(asked)


def help_lang(ctx: click.Context) -> str:
    """The language of ``ctx``'s help: ``--lang`` on the command line, else a ``--lang``
    already processed, else ``ATELIER_LANG``, else French."""
    asked = ctx.meta.get(LANG_META)
    if isinstance(asked, str):
        return asked
    found = ctx.find_object(Settings)
    if found is not None and found.lang_set:
        return found.lang
    return resolve_lang(None)


def command_key(ctx: click.Context) -> str:
    """The command's path as the staff types it, whatever the program was called."""
    names: list[str] = []
    current: click.Context | None = ctx
    while current is not None and current.parent is not None:
        names.append(current.info_name or current.command.name or "")
        current = current.parent
    return " ".join(["atelier", *reversed(names)])


def option_key(param: click.Parameter) -> str:
    """How the catalogue names a parameter: its long option (``--help`` for ``-h,
    --help``), or an argument's name as the usage line shows it."""
    if isinstance(param, click.Option):
        return next((o for o in param.opts if o.startswith("--")), param.opts[0])
    return (param.name or "").upper()


class HelpContext(click.Context):
    """A context whose help page and usage line speak the language asked for."""

    def get_usage(self) -> str:
        """The usage line (``Utilisation : …`` in French)."""
        if help_lang(self) != "fr":
            return super().get_usage()
        formatter = self.make_formatter()
        _write_usage(self, formatter)
        return formatter.getvalue().rstrip("\n")

    def get_help(self) -> str:
        """The help page, in French unless English was asked for."""
        if help_lang(self) != "fr":
            return super().get_help()
        formatter = self.make_formatter()
        write_french_help(self, formatter)
        return formatter.getvalue().rstrip("\n")


class HelpGroup(click.Group):
    """The root group: help contexts, and the language read from the raw arguments
    before any option is processed."""

    context_class = HelpContext

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Note the ``--lang`` of the whole command line, then parse as click does."""
        if ctx.parent is None:
            asked = sniff_lang(args)
            if asked is not None:
                ctx.meta[LANG_META] = asked
        return super().parse_args(ctx, args)


def localize(command: click.Command) -> None:
    """Give ``command`` and every command under it the help contexts.

    The subgroups of the other modules are plain ``click.group()``s added to the
    root, so ``command_class``/``group_class`` would not reach them; walking the
    tree does. The root's lazy commands (:mod:`atelier.cli.lazy`) are walked when
    their module is loaded.
    """
    command.context_class = HelpContext
    if isinstance(command, click.Group):
        # A lazy group's commands not imported yet are localized when they are loaded.
        subs = command.commands
        for sub in (subs.loaded() if isinstance(subs, LazyCommands) else subs).values():
            localize(sub)


def _write_usage(ctx: click.Context, formatter: click.HelpFormatter) -> None:
    pieces = [_USAGE_PIECES.get(p, p) for p in ctx.command.collect_usage_pieces(ctx)]
    formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="Utilisation : ")


def write_french_help(ctx: click.Context, formatter: click.HelpFormatter) -> None:
    """The help page in French: what :meth:`click.Command.format_help` writes, with the
    French of the catalogue (the English stays where the catalogue has none)."""
    command = ctx.command
    key = command_key(ctx)
    _write_usage(ctx, formatter)
    text = command_help(key) or inspect.cleandoc(command.help or "")
    text = text.partition("\f")[0]
    if command.deprecated:
        why = command.deprecated if isinstance(command.deprecated, str) else ""
        text = f"{text} (OBSOLÈTE{f' : {why}' if why else ''})".strip()
    if text:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(french_spaces(text))
    params = command.get_params(ctx)
    arguments = [p for p in params if isinstance(p, click.Argument)]
    if any(getattr(p, "help", None) for p in arguments):
        rows = [_row(ctx, key, p) for p in arguments]
        with formatter.section(_heading("Arguments")):
            formatter.write_dl([r for r in rows if r is not None])
    options = [r for r in (_row(ctx, key, p) for p in params
                           if not isinstance(p, click.Argument)) if r is not None]
    if options:
        with formatter.section(_heading("Options")):
            formatter.write_dl(options)
    if isinstance(command, click.Group):
        _write_commands(ctx, command, key, formatter)
    if command.epilog:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(inspect.cleandoc(command.epilog))


def _row(ctx: click.Context, key: str, param: click.Parameter) -> tuple[str, str] | None:
    """One parameter's line: click's own, with the French help and click's words in
    French (``[par défaut : 8000 ; obligatoire]``)."""
    record = param.get_help_record(ctx)
    if record is None:
        return None
    spec, text = record
    english = getattr(param, "help", None) or ""
    extras = text[len(english):].strip() if english and text.startswith(english) else (
        "" if english else text)
    french = option_help(key, option_key(param), english) or english
    extras = french_extras(extras)
    text = f"{french}  {extras}" if french and extras else french or extras
    return french_spec(spec), french_spaces(text)


def _write_commands(ctx: click.Context, group: click.Group, key: str,
                    formatter: click.HelpFormatter) -> None:
    entries = []
    for name in group.list_commands(ctx):
        sub = group.get_command(ctx, name)
        if sub is not None and not sub.hidden:
            entries.append((name, sub))
    if not entries:
        return
    limit = formatter.width - 6 - max(len(name) for name, _ in entries)
    rows = [(name, french_spaces(short_help(command_help(f"{key} {name}"), sub, limit)))
            for name, sub in entries]
    with formatter.section(_heading("Commandes")):
        formatter.write_dl(rows)


def short_help(french: str | None, command: click.Command, limit: int) -> str:
    """A command's line in its group's list: the first sentence of its French help, cut at
    a word to fit ``limit`` (click's own rule), else the English short help."""
    if french is None:
        return command.get_short_help_str(limit)
    first = inspect.cleandoc(french).split("\n\n", 1)[0].replace("\n", " ")
    sentence_end = first.find(". ")
    if sentence_end != -1:
        first = first[:sentence_end + 1]
    if len(first) <= limit:
        return first
    cut = first[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return f"{cut}…"
