"""``atelier items list`` for people: an order of any size, page by page, in flat memory.

An order may hold 100,000 books. rich lays a table out by measuring every cell
first, which for such an order takes a minute and hundreds of megabytes; here the
columns get fixed widths from the terminal, each page of items is read in its own
short transaction (``Workshop.items(..., after=, limit=)``) and written as plain
lines, one per item, and only the page in hand is held.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import click

from atelier.cli.formats import number_text, visible
from atelier.cli.i18n import CUSTODY_ONE, label, t

if TYPE_CHECKING:
    from atelier import ItemView, Workshop
    from atelier.cli.names import Names

#: Items read and written at a time.
PAGE = 2000
#: Spaces between two columns.
GAP = "  "


def cell_width(text: str) -> int:
    """Terminal columns taken by ``text`` (wide characters count two)."""
    if text.isascii():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def fit(text: str, width: int) -> str:
    """``text`` on exactly ``width`` columns: padded, or cut with an ellipsis."""
    size = cell_width(text)
    if size <= width:
        return text + " " * (width - size)
    if text.isascii():
        return text[:width - 1] + "…"
    from rich.cells import set_cell_size

    return set_cell_size(text, width - 1) + "…"


def pages(ws: Workshop, ref: str, custody: str | None, size: int | None = None) -> Iterator[
        Sequence[ItemView]]:
    """The order's items page by page, by barcode (keyset: after the last one shown)."""
    size = size or PAGE
    after: str | None = None
    while True:
        page = ws.items(ref, custody, after=after, limit=size)
        if page:
            yield page
        if len(page) < size:
            return
        after = page[-1].barcode


class ItemLines:
    """Fixed columns over the console's width: barcode, title, format, custody, reason or
    delivery note. Title and reason share what the others leave, cut with an ellipsis."""

    def __init__(self, lang: str, width: int, names: Names, first: Sequence[ItemView]) -> None:
        self.lang = lang
        self.names = names
        fr = lang == "fr"
        self.heads = (("Code-barres" if fr else "Barcode"), ("Titre" if fr else "Title"),
                      "Format", ("État" if fr else "Custody"),
                      ("Motif / livraison" if fr else "Reason / delivery"))
        states = [label(CUSTODY_ONE, code, lang) for code in CUSTODY_ONE]
        barcode = max([cell_width(self.heads[0]), *(cell_width(i.barcode) for i in first)])
        fmt = max([cell_width(self.heads[2]), *(cell_width(names.format(i.format))
                                                for i in first)])
        state = max(cell_width(s) for s in [self.heads[3], *states])
        rest = max(width - barcode - fmt - state - 4 * len(GAP), 20)
        title = max(rest * 3 // 5, 10)
        self.widths = (barcode, title, fmt, state, max(rest - title, 10))
        self._formats: dict[str, str] = {}
        self._states = {code: fit(label(CUSTODY_ONE, code, lang), state)
                        for code in CUSTODY_ONE}

    def header(self) -> str:
        """The column names and the rule under them."""
        names = GAP.join(fit(h, w) for h, w in zip(self.heads, self.widths, strict=True))
        return names.rstrip() + "\n" + "─" * (sum(self.widths) + 4 * len(GAP))

    def row(self, item: ItemView) -> str:
        """One item on one line; stored text printed literally, control characters visible."""
        barcode, title, fmt, state, reason = self.widths
        shown = visible(item.barcode)
        # Formats and states repeat: each is fitted once (100,000 rows, a few values).
        fitted_format = self._formats.get(item.format)
        if fitted_format is None:
            fitted_format = self._formats[item.format] = fit(
                visible(self.names.format(item.format)), fmt)
        cells = (fit(shown, barcode) if cell_width(shown) <= barcode else shown,
                 fit(visible(item.title or "—"), title), fitted_format,
                 self._states.get(item.custody) or fit(visible(item.custody), state),
                 fit(visible(item.reason or item.delivery or ""), reason))
        return GAP.join(cells).rstrip()


def print_json(ws: Workshop, ref: str, custody: str | None) -> None:
    """The order's items as the JSON array ``--json`` prints for any list (same text as
    :func:`atelier.cli.context.emit`), written page by page."""
    import json
    import textwrap

    from atelier import jsonable

    opened = False
    for page in pages(ws, ref, custody):
        chunk = ",\n".join(textwrap.indent(json.dumps(jsonable(item), ensure_ascii=False,
                                                      indent=2), "  ") for item in page)
        click.echo((",\n" if opened else "[\n") + chunk, nl=False)
        opened = True
    click.echo("\n]" if opened else "[]")


def print_items(ws: Workshop, ref: str, custody: str | None, lang: str, width: int,
                names: Names) -> None:
    """Print the order's items as fixed columns, page by page, then how many there were."""
    lines: ItemLines | None = None
    count = 0
    for page in pages(ws, ref, custody):
        if lines is None:
            lines = ItemLines(lang, width, names, page)
            click.echo(lines.header())
        click.echo("\n".join(lines.row(item) for item in page))
        count += len(page)
    if lines is None:
        click.echo(t("items.none", lang))
    else:
        click.echo(t("items.count", lang, n=count, shown=number_text(count, lang)))
