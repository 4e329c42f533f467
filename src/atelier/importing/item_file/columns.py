"""The header of an item list: its delimiter, and which column holds which field.

Column names are recognised whatever their case, accents and punctuation,
among the names Koha, PMB and the French-speaking spreadsheets give them
(:data:`_FIELD_ALIASES`). Only the barcode column is required.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from typing import Final, TextIO

from atelier.domain.errors import FileRejected, Problem
from atelier.importing.item_file.values import normalise, shown

__all__ = ["MAX_COLUMNS", "header_rejected", "map_columns", "read_header"]

#: A header with more columns than this is refused.
MAX_COLUMNS: Final = 200

_MAX_HEADER_CHARS: Final = 64 * 1024
_DELIMITERS: Final = (";", ",", "\t")  # in order of preference on ties
_QUOTED = re.compile(r'"[^"]*(?:"|$)')

_FIELD_ALIASES: Final[Mapping[str, tuple[str, ...]]] = {
    "barcode": ("code-barres", "code barres", "codebarre", "code barre", "cb", "barcode",
                "items.barcode", "numero d exemplaire", "exemplaire"),
    "title": ("titre", "tit1", "title", "biblio.title"),
    "author": ("auteur", "aut", "author", "biblio.author"),
    "isbn": ("isbn", "code", "ean", "isbn ean", "biblioitems.isbn"),
    "call_number": ("cote", "call number", "itemcallnumber", "items.itemcallnumber"),
    "doc_type": ("type de document", "typdoc", "type", "itype", "support"),
    "format": ("format", "taille"),
    "services": ("prestations", "prestation", "services", "service", "travaux"),
}
_HEADER_TO_FIELD: Final[Mapping[str, str]] = {
    normalise(alias): field for field, aliases in _FIELD_ALIASES.items() for alias in aliases
}


def header_rejected(source: str, field: str, reason: str,
                    value: str | None = None) -> FileRejected:
    """The refusal of the file ``source`` for one problem on line 1."""
    return FileRejected(source, [Problem(field, reason, 1, value)])


def read_header(text: TextIO, source: str) -> tuple[str, list[str]]:
    """The delimiter and the stripped header fields of line 1, or FileRejected."""
    try:
        line = text.readline(_MAX_HEADER_CHARS + 1)
    except (UnicodeDecodeError, OSError) as exc:
        raise header_rejected(source, "file", f"cannot be read ({exc})") from exc
    if not line:
        raise header_rejected(source, "file", "file is empty")
    unquoted = _QUOTED.sub("", line)
    delimiter = max(_DELIMITERS, key=unquoted.count)
    if unquoted.count(delimiter) + 1 > MAX_COLUMNS:
        raise header_rejected(source, "header", f"more than {MAX_COLUMNS} columns")
    if len(line) > _MAX_HEADER_CHARS:
        raise header_rejected(
            source, "header", f"header longer than {_MAX_HEADER_CHARS} characters")
    try:
        fields = next(csv.reader([line], delimiter=delimiter, strict=True), [])
    except csv.Error as exc:
        raise header_rejected(
            source, "header", f"unreadable CSV: {exc}", shown(line)) from exc
    fields = [name.strip() for name in fields]
    if not any(fields):
        raise header_rejected(source, "header", "no header on line 1")
    if len(fields) > MAX_COLUMNS:
        raise header_rejected(source, "header", f"more than {MAX_COLUMNS} columns")
    return delimiter, fields


def map_columns(header: list[str], delimiter: str,
                source: str) -> tuple[dict[str, int], dict[str, str]]:
    """Field -> column index and field -> header name, or FileRejected.

    Every problem of the header is listed: no barcode column, a field given twice.
    """
    index: dict[str, int] = {}
    columns: dict[str, str] = {}
    problems: list[Problem] = []
    for idx, name in enumerate(header):
        field = _HEADER_TO_FIELD.get(normalise(name))
        if field is None:
            continue
        if field in index:
            problems.append(Problem(
                "header", f"two columns for {field}: {columns[field]!r} and {name!r}", 1,
                name))
            continue
        index[field] = idx
        columns[field] = name
    if "barcode" not in index:
        expected = ", ".join(repr(a) for a in _FIELD_ALIASES["barcode"][:6])
        problems.insert(0, Problem(
            "header", f"no barcode column (expected one of {expected}…)", 1,
            shown(delimiter.join(header))))
    if problems:
        raise FileRejected(source, problems)
    return index, columns
