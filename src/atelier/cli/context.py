"""What every command shares: the database URL, the language, who acts, JSON output.

Library errors are turned into one clear message and a non-zero exit here,
once, for every command.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import io
import json
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import click

from atelier import AtelierError, InvalidInput
from atelier.cli.formats import printable
from atelier.cli.i18n import error_text, resolve_lang, t
from atelier.domain.bounds import LANGS
from atelier.domain.roles import ROLES

if TYPE_CHECKING:
    from rich.console import Console

    from atelier import Workshop

F = TypeVar("F", bound=Callable[..., Any])

#: Exit status by error family: scripts can tell a refusal from a conflict.
EXIT_CODES = {"invalid": 1, "not_found": 3, "rule": 4, "conflict": 5, "forbidden": 6}


@attrs.define
class Settings:
    """Options given on the group, the command, or the environment."""

    db: str | None = None
    lang: str = attrs.field(factory=lambda: resolve_lang(None))
    lang_set: bool = False
    user: str | None = None
    role: str | None = None
    json: bool = False


def settings() -> Settings:
    """The current command's settings."""
    ctx = click.get_current_context()
    found = ctx.find_object(Settings)
    if found is None:
        found = ctx.ensure_object(Settings)
    return found


def _given(ctx: click.Context, param: click.Parameter, value: str | None,
           current: str | None) -> bool:
    """Use ``value`` unless it only comes from the environment and the group set one."""
    if not value:
        return False
    source = ctx.get_parameter_source(param.name or "")
    return not (source is click.core.ParameterSource.ENVIRONMENT and current is not None)


def _set_db(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    s = ctx.ensure_object(Settings)
    if _given(ctx, param, value, s.db):
        s.db = value


def _set_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    s = ctx.ensure_object(Settings)
    if _given(ctx, param, value, s.lang if s.lang_set else None):
        s.lang = resolve_lang(value)
        s.lang_set = True


def _set_user(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    s = ctx.ensure_object(Settings)
    if _given(ctx, param, value, s.user):
        s.user = value


def _set_role(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    s = ctx.ensure_object(Settings)
    if _given(ctx, param, value, s.role):
        s.role = value


def _set_json(ctx: click.Context, _p: click.Parameter, value: bool) -> None:
    if value:
        ctx.ensure_object(Settings).json = True


db_option = click.option("--db", metavar="URL", expose_value=False, callback=_set_db,
                         is_eager=True, envvar="ATELIER_DATABASE_URL",
                         help="Database URL or SQLite file (default ./atelier.db).")
lang_option = click.option("--lang", type=click.Choice(LANGS), expose_value=False,
                           callback=_set_lang, is_eager=True, envvar="ATELIER_LANG",
                           help="Language of messages (default fr).")
user_option = click.option("--user", metavar="NAME", expose_value=False, callback=_set_user,
                           envvar="ATELIER_USER", help="Who acts (written in the audit log).")
role_option = click.option(
    "--role", type=click.Choice(ROLES),
    expose_value=False, callback=_set_role, envvar="ATELIER_ROLE",
    help="The acting staff member's role (default admin: the workshop's own PC).")
json_option = click.option("--json", "as_json", is_flag=True, expose_value=False,
                           callback=_set_json, help="Print the result as JSON.")


def common(func: F, *, role: bool = True) -> F:
    """Give a command the shared options and the one place where errors become messages.

    ``role=False`` leaves out ``--role`` for a command where it means something else (the
    role of a new API key): the acting role then comes from the group's ``--role`` or
    ``ATELIER_ROLE``.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except AtelierError as err:
            fail(err)
        except BrokenPipeError:  # `atelier items list … | head`: the reader has had enough
            _quiet_exit()
        except OSError as err:  # a file that cannot be read or written: no traceback
            fail(InvalidInput("file", err.strerror or str(err), value=err.filename,
                              code="file_unusable"))

    options = (role_option, user_option, lang_option, db_option)
    for option in options if role else options[1:]:
        wrapper = option(wrapper)
    return wrapper  # type: ignore[return-value]


def _quiet_exit() -> None:
    """Leave without a word when standard output was closed by its reader: Python would
    otherwise complain again while flushing it at exit."""
    import contextlib
    import os

    with contextlib.suppress(OSError, ValueError):  # not a real file (a test runner's buffer)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(0)


def fail(err: AtelierError) -> None:
    """Report a library error (JSON on stdout with ``--json``) and exit non-zero."""
    s = settings()
    text = error_text(err, s.lang)
    if s.json:
        emit({"error": {"code": err.code, "message": text, "params": _jsonable(err.params),
                        "problems": list(getattr(err, "problems", []))}})
    text = printable(text)
    click.echo(f"{t('error', s.lang)} : {text}" if s.lang == "fr" else
               f"{t('error', s.lang)}: {text}", err=True)
    sys.exit(EXIT_CODES.get(err.kind, 1))


def _jsonable(params: dict[str, Any]) -> dict[str, Any]:
    return {k: v if isinstance(v, str | int | float | bool | type(None)) else str(v)
            for k, v in params.items()}


def open_workshop() -> Workshop:
    """The workshop named by ``--db``/``ATELIER_DATABASE_URL``, acting as ``--user`` with
    ``--role``, door CLI."""
    from atelier import Workshop

    s = settings()
    return Workshop.open(s.db, actor=s.user, door="cli", role=s.role or "admin",
                         on_wait=lambda seconds: click.echo(
                             t("db.waiting", s.lang, seconds=f"{seconds:g}"), err=True))


def emit(value: Any) -> None:
    """Print a value of the library (or lists and dicts of them) as JSON for scripts: the
    shape of :func:`atelier.jsonable`, UTF-8, keys in a stable order."""
    from atelier import jsonable  # (and fractions): only when JSON is written

    text = json.dumps(jsonable(value), ensure_ascii=False, indent=2)
    # A lone surrogate (bytes that were not UTF-8, kept by Python) cannot be written as
    # UTF-8: JSON's own escape keeps the document valid and the output unbroken.
    click.echo(printable(text))


def console() -> Console:
    """A rich console for people (imported only when something is shown to a person):
    see :func:`atelier.cli.tables.console`."""
    from atelier.cli.tables import console as make

    return make()


@contextlib.contextmanager
def without_collector() -> Iterator[None]:
    """Run a short command without Python's cyclic garbage collector, back on when it ends.

    A cold call spends most of its time creating objects that live until it exits (the
    modules, classes and tables it imports), and each collection walks them all again:
    about a twentieth of a cold ``atelier status``. Only for commands whose work is
    bounded (a status reads a few rows per order line), never for imports or listings."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def on_terminal() -> bool:
    """Whether a person watches the error stream (a terminal, not a pipe or a file)."""
    return sys.stderr.isatty()


@contextlib.contextmanager
def working(key: str, **params: Any) -> Iterator[None]:
    """While a long act runs (thousands of items in one transaction), show a moving bar and
    the time spent on a terminal, so that nobody takes a busy workshop PC for a frozen one.
    Nothing is shown when the output is piped, captured or JSON."""
    s = settings()
    if s.json or not on_terminal():
        yield
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                   TimeElapsedColumn(), console=Console(stderr=True, force_terminal=True),
                   transient=True)
    with bar:
        bar.add_task(printable(t(key, s.lang, **params)), total=None)
        yield


def read_barcodes(lang: str) -> Iterator[str]:
    """Barcodes one per line on standard input, as a USB scanner types them.

    At a terminal, an empty line ends the batch; from a pipe or file, the end
    of input does.
    """
    interactive = sys.stdin.isatty()
    # The terminal, a pipe, or what click's test runner substitutes. Bytes that are not
    # UTF-8 (a scanner set to another code page, a binary file) become U+FFFD: the
    # library then refuses that barcode by name instead of the command breaking.
    stream = sys.stdin
    if isinstance(stream, io.TextIOWrapper):
        stream.reconfigure(encoding="utf-8", errors="replace")
    if interactive:
        click.echo(t("scan.prompt", lang), err=True)
    for raw in stream:
        code = raw.strip()
        if not code:
            if interactive:
                return
            continue
        yield code
