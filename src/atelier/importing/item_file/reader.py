"""The reader of an item list: :class:`ItemFileReader` and :func:`read_item_file`.

The header is recognised by :mod:`.columns`, the bytes scanned by
:mod:`.lines`, each value checked by :mod:`.values`; this module walks the
records and gathers the problems.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator, Mapping
from typing import Final

from atelier.domain.errors import FileRejected, Problem
from atelier.importing.item_file.columns import header_rejected, map_columns, read_header
from atelier.importing.item_file.lines import (
    MAX_RECORD_CHARS,
    HashingRaw,
    Lines,
    RecordTooLong,
    scan,
)
from atelier.importing.item_file.values import (
    MAX_VALUE_CHARS,
    ItemRow,
    barcode_problem,
    checked_isbn,
    format_lookup,
    lookup,
    service_lookup,
    services_of,
    shown,
)

__all__ = ["MAX_PROBLEMS", "ItemFileReader", "read_item_file"]

#: At most this many row problems are kept; the rest are counted in one last problem.
MAX_PROBLEMS: Final = 1000


class ItemFileReader:
    """An item list file, checked whole on open and streamed row by row.

    Construction reads the file once in binary chunks (digest, binary junk,
    encoding) and parses its header; it raises
    :class:`~atelier.domain.errors.FileRejected` for a missing, unreadable,
    empty, binary or undecodable file, or an unusable header (none, no barcode
    column, more than :data:`MAX_COLUMNS` columns, a field given twice).

    Iterating yields the valid rows as :class:`ItemRow`; each bad row is
    skipped and its problems appended to :attr:`problems`, as is a file with
    no row after its header. Iterating again
    re-reads the file and starts :attr:`problems` afresh. If the file changes
    between construction and the end of an iteration, a problem says so.
    """

    #: The file name used in messages (``str(path)``).
    source: str
    #: ``"utf-8"`` (with or without BOM) or ``"cp1252"``.
    encoding: str
    #: ``";"``, ``","`` or ``"\t"``.
    delimiter: str
    #: Recognised field -> its header as written in the file.
    columns: dict[str, str]
    #: SHA-256 (hex) of the file's bytes: the same file imported twice is recognised.
    digest: str
    #: Row problems found by the last iteration.
    problems: list[Problem]

    def __init__(self, path: str | os.PathLike[str], *, formats: Mapping[str, str],
                 services: Mapping[str, str]) -> None:
        """Open and check ``path``.

        ``formats`` and ``services`` map the catalogue's codes to their display
        names; a file value matches a code or a name, ignoring case, accents
        and punctuation.
        """
        self._path = path
        self.source = str(path)
        self.problems = []
        self._omitted = 0
        self._format_lookup = format_lookup(formats)
        self._format_codes = tuple(formats)
        self._service_lookup = service_lookup(services)
        self.digest, self._size, self.encoding = scan(path, self.source)
        try:
            with self._open_text() as text:
                self.delimiter, self._header = read_header(text, self.source)
        except OSError as exc:
            raise header_rejected(
                self.source, "file", f"cannot be read ({exc.strerror or exc})") from exc
        self._index, self.columns = map_columns(self._header, self.delimiter, self.source)
        self._field_at = {idx: field for field, idx in self._index.items()}

    # -- reading ---------------------------------------------------------------------------

    def __iter__(self) -> Iterator[ItemRow]:
        """Stream the valid rows; record the problems of the others in :attr:`problems`."""
        self.problems.clear()
        self._omitted = 0
        try:
            yield from self._rows()
        finally:
            if self._omitted:
                self.problems.append(Problem(
                    "file", f"{self._omitted} more problem(s) not listed"))

    def _rows(self) -> Iterator[ItemRow]:
        seen: dict[str, int] = {}
        records = 0
        try:
            hashing = HashingRaw(open(self._path, "rb", buffering=0))  # noqa: SIM115
        except OSError as exc:
            self._add(Problem("file", f"cannot be read ({exc.strerror or exc})"))
            return
        with self._open_text(hashing) as text:
            try:
                header = read_header(text, self.source)
            except FileRejected:
                header = None
            if header != (self.delimiter, self._header):
                self._add(Problem("file", "file changed while being read"))
                return
            lines = Lines(text)
            reader = csv.reader(lines, delimiter=self.delimiter, strict=True)
            while True:
                # reader.line_num counts the lines after the header.
                start = reader.line_num + 2
                lines.record_chars = 0
                try:
                    record = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    end = reader.line_num + 1
                    if end == start:
                        self._add(Problem("row", f"unreadable CSV: {exc}", line=start))
                        continue
                    # Inside a record of several lines (a quoted field): what
                    # follows may be the rest of that field, not rows.
                    self._add(Problem(
                        "row", f"unreadable CSV: {exc} (record from line {start} to {end});"
                        " reading stopped", line=start))
                    return
                except RecordTooLong:
                    self._add(Problem(
                        "row", f"record longer than {MAX_RECORD_CHARS} characters"
                        " (unbalanced quote?); reading stopped", line=start))
                    return
                except (UnicodeDecodeError, OSError) as exc:
                    self._add(Problem("file", f"file changed while being read ({exc})",
                                      line=start))
                    return
                if not any(value.strip() for value in record):
                    continue
                records += 1
                row = self._check(record, start, seen)
                if row is not None:
                    yield row
        if hashing.sha256.hexdigest() != self.digest or hashing.size != self._size:
            self._add(Problem("file", "file changed while being read"))
        elif not records:
            # A header alone is an export gone wrong (an empty selection), never a list.
            self._add(Problem("file", "no item after the header", 2))

    def _check(self, record: list[str], line: int, seen: dict[str, int]) -> ItemRow | None:
        """The row of ``record``, or ``None`` after adding its problems."""
        problems: list[Problem] = []
        width = len(self._header)
        if len(record) > width:
            problems.append(Problem(
                "row", f"{len(record)} fields but the header has {width}", line,
                shown(self.delimiter.join(record[width:]))))
        values = [value.strip() for value in record]
        for idx, value in enumerate(values):
            if len(value) > MAX_VALUE_CHARS:
                problems.append(Problem(
                    self._field_at.get(idx, "row"),
                    f"value longer than {MAX_VALUE_CHARS} characters", line, shown(value)))
                values[idx] = ""

        def get(field: str) -> str | None:
            idx = self._index.get(field)
            if idx is None or idx >= len(values):
                return None
            return values[idx] or None

        barcode = get("barcode") or ""
        reason = barcode_problem(barcode)
        if reason is not None:
            problems.append(Problem("barcode", reason, line, shown(barcode) if barcode else None))
        else:
            first = seen.setdefault(barcode, line)
            if first != line:
                problems.append(Problem(
                    "barcode", f"duplicate barcode, first on line {first}", line, barcode))

        isbn = given = get("isbn")
        if given is not None:
            isbn, reason = checked_isbn(given)
            if reason is not None:
                problems.append(Problem("isbn", reason, line, shown(given)))

        fmt = get("format")
        if fmt is not None:
            code = lookup(self._format_lookup, fmt)
            if code is None:
                known = ", ".join(self._format_codes)
                problems.append(Problem(
                    "format", f"unknown format (known: {known})", line, shown(fmt)))
            fmt = code

        services: tuple[str, ...] = ()
        wanted = get("services")
        if wanted is not None:
            codes, unknown = services_of(self._service_lookup, wanted)
            if unknown:
                names = ", ".join(repr(part) for part in unknown)
                problems.append(Problem(
                    "services", f"unknown service {shown(names)}", line, shown(wanted)))
            services = codes

        if problems:
            for problem in problems:
                self._add(problem)
            return None
        return ItemRow(
            line=line, barcode=barcode, title=get("title"), author=get("author"), isbn=isbn,
            call_number=get("call_number"), doc_type=get("doc_type"), format=fmt,
            services=services)

    def _add(self, problem: Problem) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)
        else:
            self._omitted += 1

    # -- file ------------------------------------------------------------------------------

    def _open_text(self, raw: HashingRaw | None = None) -> io.TextIOWrapper:
        if raw is None:
            raw = HashingRaw(open(self._path, "rb", buffering=0))  # noqa: SIM115
        encoding = "utf-8-sig" if self.encoding == "utf-8" else self.encoding
        return io.TextIOWrapper(io.BufferedReader(raw), encoding=encoding, newline="")


def read_item_file(path: str | os.PathLike[str], *, formats: Mapping[str, str],
                   services: Mapping[str, str]) -> list[ItemRow]:
    """Every row of the item list at ``path``, or FileRejected listing every problem.

    All or nothing: if any row is bad, no row is returned.
    """
    reader = ItemFileReader(path, formats=formats, services=services)
    rows = list(reader)
    if reader.problems:
        raise FileRejected(reader.source, reader.problems)
    return rows
