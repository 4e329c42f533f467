"""A screen of lines and tables, drawn by rich, or without it when the output is plain.

Importing and setting up rich costs a cold command about as much as reading its data
(``atelier status``: B8). When standard output is not a terminal (a pipe, a file, a
script), rich writes no styles, and a screen whose lines and tables fit the width
without folding is drawn here exactly as rich would draw it: the same characters,
the same padding and rules. Anything else (a terminal, a line or a table that would
fold, a character rich measures other than one column wide, markup) goes to rich,
as before. A test compares the two drawings on many screens.

Only the table look of :func:`atelier.cli.tables.table` is known here (a rule under
the headers, two spaces between columns, no frame, a left-justified title).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from typing import Any

from atelier.cli.formats import screen_width, visible

#: A column: (French header, English header) and optional ``Table.add_column`` options.
Column = tuple[str, str] | tuple[str, str, dict[str, Any]]

#: Characters rich measures one column wide whatever surrounds them: printable ASCII,
#: Latin-1, the Latin extensions, general punctuation, currency signs, letter-like
#: symbols, arrows, the control pictures and box drawing. (Checked against rich by a
#: test; anything else sends the screen to rich.)
_NARROW = re.compile("[\x20-\x7e\xa0-\xac\xae-\u02ff\u2010-\u2027\u202f-\u205f"
                     "\u20a0-\u20c0\u2100-\u214f\u2190-\u21ff\u2400-\u2426\u2500-\u257f]*")

#: Environment variables by which rich may take a pipe for a terminal (or ask for
#: colours): when one is set at all, rich draws.
_RICH_ENVIRON = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS",
                 "JUPYTER_LINES", "DATABRICKS_RUNTIME_VERSION")

#: Column options the plain drawing knows (any other one sends the screen to rich).
_JUSTIFY = {"left", "right"}


class _Table:
    """A table's columns, title and rows (text cells, ``None`` shown as a dash)."""

    def __init__(self, columns: Sequence[Column], lang: str, title: str | None) -> None:
        self.columns = list(columns)
        self.lang = lang
        self.title = title
        self.rows: list[tuple[str | None, ...]] = []

    def add_row(self, *cells: str | None) -> None:
        """Add a row of literal text cells."""
        self.rows.append(cells)


class Screen:
    """Lines and tables to show a person, in order, drawn at once by :meth:`show`: a line
    of literal parts (each a value, or a ``(value, style)`` pair), a text rich reads as
    markup (as ``Console.print(str)`` does), a table."""

    def __init__(self) -> None:
        self._items: list[tuple[str, Any]] = []

    def line(self, *parts: object) -> None:
        """A line of literal parts, as :func:`atelier.cli.tables.line` makes it."""
        self._items.append(("line", parts))

    def text(self, text: str) -> None:
        """A text printed as rich prints a string (markup read)."""
        self._items.append(("text", text))

    def table(self, columns: Sequence[Column], lang: str, title: str | None = None) -> _Table:
        """A table as :func:`atelier.cli.tables.table` makes it; rows are added to it."""
        made = _Table(columns, lang, title)
        self._items.append(("table", made))
        return made

    def show(self) -> None:
        """Draw the screen on standard output: plainly when rich would draw it plainly,
        else by rich."""
        drawn = self.plain(screen_width()) if output_is_plain() else None
        if drawn is None:
            self._show_with_rich()
            return
        _write(drawn)

    def plain(self, width: int) -> str | None:
        """The screen as rich draws it without styles on ``width`` columns, or ``None``
        when drawing it here could differ from rich."""
        out: list[str] = []
        for kind, item in self._items:
            if kind == "line":
                made = _plain_line(item, width)
                if made is None:
                    return None
                out.append(made)
            elif kind == "text":
                if "[" in item or not _fits(item, width):
                    return None
                out.append(item)
            else:
                table = _plain_table(item, width)
                if table is None:
                    return None
                out.extend(table)
        return "".join(f"{line}\n" for line in out)

    def _show_with_rich(self) -> None:
        from atelier.cli.tables import console, line, table

        con = console()
        for kind, item in self._items:
            if kind == "line":
                con.print(line(*item))
            elif kind == "text":
                con.print(item)
            else:
                made = table(item.columns, item.lang, item.title)
                for row in item.rows:
                    made.add_row(*row)
                con.print(made)


def output_is_plain() -> bool:
    """Whether rich would write standard output without styles: not a terminal, and
    nothing in the environment that could make rich think otherwise."""
    if sys.platform == "win32" or any(key in os.environ for key in _RICH_ENVIRON):
        return False
    import builtins

    if hasattr(builtins, "get_ipython"):
        return False
    stream = getattr(sys.stdout, "rich_proxied_file", sys.stdout)
    isatty = getattr(stream, "isatty", None)
    if stream is None or isatty is None:
        return False
    try:
        return isatty() is False
    except ValueError:
        return False


def _fits(text: str, width: int) -> bool:
    """One line of narrow characters that rich prints as it is on ``width`` columns."""
    return len(text) <= width and _NARROW.fullmatch(text) is not None


def _literal(value: object) -> str:
    """A part as :func:`atelier.cli.tables.plain` shows it."""
    return "—" if value is None else visible(str(value))


def _plain_line(parts: tuple[object, ...], width: int) -> str | None:
    text = "".join(_literal(part[0] if isinstance(part, tuple) else part) for part in parts)
    return text if _fits(text, width) else None


def _plain_table(table: _Table, width: int) -> list[str] | None:
    """The table's lines as rich draws them, when it fits ``width`` unfolded."""
    columns = table.columns
    count = len(columns)
    if count == 0:
        return None
    headers: list[str] = []
    justify: list[str] = []
    for column in columns:
        options: dict[str, Any] = column[2] if len(column) == 3 else {}
        if set(options) - {"justify", "no_wrap"} or options.get("justify", "left") not in _JUSTIFY:
            return None
        justify.append(options.get("justify", "left"))
        header = column[0] if table.lang == "fr" else column[1]
        if "\n" in header:
            return None
        headers.append(visible(header))
    rows = [headers]
    for row in table.rows:
        if len(row) > count:
            return None
        cells = [_literal(cell) for cell in row]
        rows.append(cells + [""] * (count - len(cells)))
    # Each column is as wide as its widest cell, plus one space on its right but the last
    # one's (padding collapsed, no padding at the edges); columns are one space apart.
    widths = []
    for index in range(count):
        pad = 0 if index == count - 1 else 1
        widest = 0
        for cells in rows:
            if _NARROW.fullmatch(cells[index]) is None:
                return None
            widest = max(widest, len(cells[index]))
        widths.append((widest + pad) or 1)
    total = sum(widths) + count - 1
    if total > width:
        return None
    lines: list[str] = []
    if table.title:  # rich shows no empty title
        title = visible(table.title)
        if not _fits(title, total):
            return None
        lines.append(title.ljust(total))
    for number, cells in enumerate(rows):
        shown = []
        for index, cell in enumerate(cells):
            pad = 0 if index == count - 1 else 1
            room = widths[index] - pad
            # rich strips a right-justified cell's trailing spaces (it measured them).
            shown.append((cell.rstrip().rjust(room) if justify[index] == "right"
                          else cell.ljust(room)) + " " * pad)
        lines.append(" ".join(shown))
        if number == 0:
            lines.append("─" * total)
    return lines


def _write(text: str) -> None:
    """Write to standard output as rich does: a reader that went away ends the command
    (status 1, nothing more written), a character the output cannot encode says how to
    fix it."""
    stream = getattr(sys.stdout, "rich_proxied_file", sys.stdout)
    try:
        try:
            stream.write(text)
        except UnicodeEncodeError as error:
            error.reason = (f"{error.reason}\n*** You may need to add PYTHONIOENCODING=utf-8 "
                            "to your environment ***")
            raise
        stream.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(1) from None
