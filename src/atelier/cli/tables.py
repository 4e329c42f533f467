"""Tables for people, and the one rule of everything printed: stored text is text.

A collectivity's name, a title, a purchase order, an evidence note or an actor may
contain ``[/bold]`` or ``[link=…]``: rich would read it as markup and fail or
restyle the screen. Every cell and title here is a :class:`rich.text.Text`, never
parsed, with its control characters made visible. Imported only when something is
shown to a person (rich is slow to import).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rich import box
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from atelier.cli.formats import screen_width, visible

#: A column: (French header, English header) and optional ``Table.add_column`` options.
Column = tuple[str, str] | tuple[str, str, dict[str, Any]]


def plain(value: object, style: str = "") -> Text:
    """``value`` as literal text (``None`` as a dash), control characters visible."""
    if isinstance(value, Text):
        return value
    return Text("—" if value is None else visible(str(value)), style=style)


def line(*parts: object) -> Text:
    """A line of literal parts; a ``(text, style)`` pair is styled, never parsed."""
    out = Text()
    for part in parts:
        if isinstance(part, tuple):
            out.append(plain(part[0], part[1]))
        else:
            out.append(plain(part))
    return out


def one_line(value: object) -> Text:
    """Literal text that never folds: cut with an ellipsis when its column is narrow (a
    long name must not turn one row into three)."""
    made = plain(value)
    made.no_wrap = True
    made.overflow = "ellipsis"
    return made


def header(text: str | Text) -> Text:
    """A column header, literal, on several lines where it has line breaks."""
    if isinstance(text, Text):
        return text
    return Text("\n".join(visible(part) for part in text.split("\n")))


class PlainTable(Table):
    """A rich table whose cells are always literal text."""

    def add_row(self, *renderables: RenderableType | None, style: Any = None,
                end_section: bool = False) -> None:
        """Add a row; strings become literal :class:`Text` (``None`` a dash)."""
        super().add_row(*(plain(r) if r is None or isinstance(r, str) else r
                          for r in renderables), style=style, end_section=end_section)


def table(columns: Iterable[Column], lang: str, title: str | None = None,
          **options: Any) -> PlainTable:
    """A table with its headers in ``lang``; ``title`` is literal text too.

    Listings are compact: a rule under the headers, two spaces between columns, no
    frame, so that they fit 100 columns."""
    for key, value in (("box", box.SIMPLE_HEAD), ("show_edge", False), ("pad_edge", False),
                       ("collapse_padding", True), ("title_justify", "left")):
        options.setdefault(key, value)
    made = PlainTable(title=None if title is None else plain(title), **options)
    for column in columns:
        extra: dict[str, Any] = column[2] if len(column) == 3 else {}
        made.add_column(header(column[0] if lang == "fr" else column[1]), **extra)
    return made


def console() -> Console:
    """A rich console for people: no highlighting, no emoji codes, at least 100 columns."""
    return Console(highlight=False, emoji=False, width=screen_width())


def show(*renderables: RenderableType) -> None:
    """Print tables or lines on a fresh console."""
    con = console()
    for renderable in renderables:
        con.print(renderable)


def pages(rows: Sequence[Any], size: int) -> list[Sequence[Any]]:
    """``rows`` cut in pieces of at most ``size`` (at least one piece)."""
    return [rows[i:i + size] for i in range(0, len(rows), size)] or [rows]
