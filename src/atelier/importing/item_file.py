"""The list of books of an order, as a library system exports it (CSV).

A médiathèque sends the workshop the items of an order exported from Koha,
PMB, Orphée…: one row per book, with at least its barcode. Such files come
``;``- or ``,``- or tab-separated, in UTF-8 (often with a BOM) or Windows-1252,
with French or system-specific column names.

:class:`ItemFileReader` reads one such file in two passes, in memory that does
not grow with the number of rows (except the index of barcodes already seen,
needed to refuse duplicates):

1. a binary pass in chunks computes the SHA-256 of the bytes, refuses binary
   junk and finds the encoding (UTF-8, else Windows-1252, else refused);
2. iterating the reader parses the rows with the :mod:`csv` module, streams
   the good ones as :class:`ItemRow` and records every bad one in
   :attr:`ItemFileReader.problems`.

File-level faults raise :class:`~atelier.domain.errors.FileRejected` at
construction. Row faults never raise: the caller decides, after iterating,
what to do with :attr:`ItemFileReader.problems` (:func:`read_item_file`
refuses the whole file if there is any).

The process-wide ``csv.field_size_limit`` is left as it is: values are
capped here instead (:data:`MAX_VALUE_CHARS`, :data:`MAX_RECORD_CHARS`), so
memory stays bounded even if other code raised that limit.
"""

from __future__ import annotations

import codecs
import csv
import functools
import hashlib
import io
import os
import re
import unicodedata
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Final, TextIO

import attrs
from stdnum import isbn as stdnum_isbn
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)

from atelier.domain.errors import FileRejected, Problem

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

__all__ = [
    "MAX_BARCODE_CHARS",
    "MAX_COLUMNS",
    "MAX_PROBLEMS",
    "MAX_RECORD_CHARS",
    "MAX_VALUE_CHARS",
    "ItemFileReader",
    "ItemRow",
    "read_item_file",
]

#: A header with more columns than this is refused.
MAX_COLUMNS: Final = 200
#: The longest barcode accepted.
MAX_BARCODE_CHARS: Final = 64
#: The longest value accepted in any field.
MAX_VALUE_CHARS: Final = 64 * 1024
#: The longest record (all its physical lines) read; beyond it reading stops,
#: since an unbalanced quote is the likely cause and what follows is unreliable.
MAX_RECORD_CHARS: Final = 1024 * 1024
#: At most this many row problems are kept; the rest are counted in one last problem.
MAX_PROBLEMS: Final = 1000

_CHUNK_BYTES: Final = 1024 * 1024
_MAX_HEADER_CHARS: Final = 64 * 1024
_SHOWN_VALUE_CHARS: Final = 100
_DELIMITERS: Final = (";", ",", "\t")  # in order of preference on ties
_UTF8_BOM: Final = codecs.BOM_UTF8
_UTF16_BOMS: Final = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

_NON_ALNUM = re.compile(r"[\W_]+")
_QUOTED = re.compile(r'"[^"]*(?:"|$)')
_SERVICE_SEPARATORS = re.compile(r"[+,|/]")
#: What a spreadsheet makes of a long number: ``2,9019E+12``.
_SCIENTIFIC = re.compile(r"\d+(?:[.,]\d+)?[eE]\+\d+")


def _normalise(text: str) -> str:
    """Case, accent and punctuation-insensitive form of a name.

    NFKD, combining marks dropped, lower case, every run of non-alphanumerics
    turned into one space, stripped: ``"Code-Barres"`` → ``"code barres"``.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_ALNUM.sub(" ", bare.lower()).strip()


_normalise_short = functools.lru_cache(maxsize=4096)(_normalise)


def _lookup(table: Mapping[str, str], value: str) -> str | None:
    """The code ``value`` names in ``table`` (normalised name -> code), or ``None``.

    Values repeat from row to row: short ones are normalised through a cache.
    """
    key = _normalise_short(value) if len(value) <= 64 else _normalise(value)
    return table.get(key)


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
    _normalise(alias): field for field, aliases in _FIELD_ALIASES.items() for alias in aliases
}
#: Usual words for a format, used only when the target code is in the catalogue.
_FORMAT_ALIASES: Final[Mapping[str, str]] = {
    "grand format": "grand",
    "gf": "grand",
    "hf": "hors_format",
    "hors format": "hors_format",
    "normal": "standard",
    "moyen": "standard",
}


@attrs.frozen
class ItemRow:
    """One book of the list, checked.

    Text values are stripped; an empty optional value is ``None``.
    """

    #: Physical line in the file where the row starts (the header is line 1).
    line: int
    #: The collectivity's barcode, unique in the file.
    barcode: str
    title: str | None
    author: str | None
    #: Valid ISBN-10 or ISBN-13 in compact form (digits and ``X``), as given.
    isbn: str | None
    call_number: str | None
    doc_type: str | None
    #: A format code of the catalogue, or ``None`` when the file gives none.
    format: str | None
    #: Service codes of the catalogue, in file order, ``()`` when none.
    services: tuple[str, ...]


class ItemFileReader:
    """An item list file, checked whole on open and streamed row by row.

    Construction reads the file once in binary chunks (digest, binary junk,
    encoding) and parses its header; it raises
    :class:`~atelier.domain.errors.FileRejected` for a missing, unreadable,
    empty, binary or undecodable file, or an unusable header (none, no barcode
    column, more than :data:`MAX_COLUMNS` columns, a field given twice).

    Iterating yields the valid rows as :class:`ItemRow`; each bad row is
    skipped and its problems appended to :attr:`problems`. Iterating again
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
        self._format_lookup = _format_lookup(formats)
        self._format_codes = tuple(formats)
        self._service_lookup = {_normalise(name): code for code, name in services.items()}
        self._service_lookup.update({_normalise(code): code for code in services})
        self.digest, self._size, self.encoding = _scan(path, self.source)
        try:
            with self._open_text() as text:
                self.delimiter, self._header = self._read_header(text)
        except OSError as exc:
            raise self._reject("file", f"cannot be read ({exc.strerror or exc})") from exc
        self._index, self.columns = self._map_columns(self._header)
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
        try:
            hashing = _HashingRaw(open(self._path, "rb", buffering=0))  # noqa: SIM115
        except OSError as exc:
            self._add(Problem("file", f"cannot be read ({exc.strerror or exc})"))
            return
        with self._open_text(hashing) as text:
            try:
                header = self._read_header(text)
            except FileRejected:
                header = None
            if header != (self.delimiter, self._header):
                self._add(Problem("file", "file changed while being read"))
                return
            lines = _Lines(text)
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
                except _RecordTooLong:
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
                row = self._check(record, start, seen)
                if row is not None:
                    yield row
        if hashing.sha256.hexdigest() != self.digest or hashing.size != self._size:
            self._add(Problem("file", "file changed while being read"))

    def _check(self, record: list[str], line: int, seen: dict[str, int]) -> ItemRow | None:
        """The row of ``record``, or ``None`` after adding its problems."""
        problems: list[Problem] = []
        width = len(self._header)
        if len(record) > width:
            problems.append(Problem(
                "row", f"{len(record)} fields but the header has {width}", line,
                _shown(self.delimiter.join(record[width:]))))
        values = [value.strip() for value in record]
        for idx, value in enumerate(values):
            if len(value) > MAX_VALUE_CHARS:
                problems.append(Problem(
                    self._field_at.get(idx, "row"),
                    f"value longer than {MAX_VALUE_CHARS} characters", line, _shown(value)))
                values[idx] = ""

        def get(field: str) -> str | None:
            idx = self._index.get(field)
            if idx is None or idx >= len(values):
                return None
            return values[idx] or None

        barcode = get("barcode") or ""
        reason = _barcode_problem(barcode)
        if reason is not None:
            problems.append(Problem("barcode", reason, line, _shown(barcode) if barcode else None))
        else:
            first = seen.setdefault(barcode, line)
            if first != line:
                problems.append(Problem(
                    "barcode", f"duplicate barcode, first on line {first}", line, barcode))

        isbn = get("isbn")
        if isbn is not None:
            candidate = _isbn_candidate(isbn)
            try:
                isbn = stdnum_isbn.validate(candidate)
            except InvalidComponent:
                # The check digit is right (stdnum checks it first) but the prefix is
                # not 978/979: a valid EAN-13 of another kind (a DVD, a CD or a
                # periodical in PMB's "code" column) is not an ISBN; the item has none.
                isbn = None
            except ValidationError as exc:
                problems.append(Problem("isbn", _isbn_reason(exc), line, _shown(isbn)))

        fmt = get("format")
        if fmt is not None:
            code = _lookup(self._format_lookup, fmt)
            if code is None:
                known = ", ".join(self._format_codes)
                problems.append(Problem(
                    "format", f"unknown format (known: {known})", line, _shown(fmt)))
            fmt = code

        services: tuple[str, ...] = ()
        wanted = get("services")
        if wanted is not None:
            codes, unknown = self._services_of(wanted)
            if unknown:
                names = ", ".join(repr(part) for part in unknown)
                problems.append(Problem(
                    "services", f"unknown service {_shown(names)}", line, _shown(wanted)))
            services = codes

        if problems:
            for problem in problems:
                self._add(problem)
            return None
        return ItemRow(
            line=line, barcode=barcode, title=get("title"), author=get("author"), isbn=isbn,
            call_number=get("call_number"), doc_type=get("doc_type"), format=fmt,
            services=services)

    def _services_of(self, wanted: str) -> tuple[tuple[str, ...], list[str]]:
        """Service codes named in ``wanted`` and the parts that match none."""
        whole = _lookup(self._service_lookup, wanted)
        if whole is not None:
            return (whole,), []
        codes: list[str] = []
        unknown: list[str] = []
        for part in _SERVICE_SEPARATORS.split(wanted):
            part = part.strip()
            if not part:
                continue
            code = _lookup(self._service_lookup, part)
            if code is None:
                unknown.append(part)
            elif code not in codes:
                codes.append(code)
        return tuple(codes), unknown

    def _add(self, problem: Problem) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)
        else:
            self._omitted += 1

    # -- header ----------------------------------------------------------------------------

    def _open_text(self, raw: _HashingRaw | None = None) -> io.TextIOWrapper:
        if raw is None:
            raw = _HashingRaw(open(self._path, "rb", buffering=0))  # noqa: SIM115
        encoding = "utf-8-sig" if self.encoding == "utf-8" else self.encoding
        return io.TextIOWrapper(io.BufferedReader(raw), encoding=encoding, newline="")

    def _reject(self, field: str, reason: str, value: str | None = None) -> FileRejected:
        return FileRejected(self.source, [Problem(field, reason, 1, value)])

    def _read_header(self, text: TextIO) -> tuple[str, list[str]]:
        """The delimiter and the stripped header fields of line 1."""
        try:
            line = text.readline(_MAX_HEADER_CHARS + 1)
        except (UnicodeDecodeError, OSError) as exc:
            raise self._reject("file", f"cannot be read ({exc})") from exc
        if not line:
            raise self._reject("file", "file is empty")
        unquoted = _QUOTED.sub("", line)
        delimiter = max(_DELIMITERS, key=unquoted.count)
        if unquoted.count(delimiter) + 1 > MAX_COLUMNS:
            raise self._reject("header", f"more than {MAX_COLUMNS} columns")
        if len(line) > _MAX_HEADER_CHARS:
            raise self._reject("header", f"header longer than {_MAX_HEADER_CHARS} characters")
        try:
            fields = next(csv.reader([line], delimiter=delimiter, strict=True), [])
        except csv.Error as exc:
            raise self._reject("header", f"unreadable CSV: {exc}", _shown(line)) from exc
        fields = [name.strip() for name in fields]
        if not any(fields):
            raise self._reject("header", "no header on line 1")
        if len(fields) > MAX_COLUMNS:
            raise self._reject("header", f"more than {MAX_COLUMNS} columns")
        return delimiter, fields

    def _map_columns(self, header: list[str]) -> tuple[dict[str, int], dict[str, str]]:
        """Field -> column index and field -> header name, or FileRejected."""
        index: dict[str, int] = {}
        columns: dict[str, str] = {}
        problems: list[Problem] = []
        for idx, name in enumerate(header):
            field = _HEADER_TO_FIELD.get(_normalise(name))
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
                _shown(self.delimiter.join(header))))
        if problems:
            raise FileRejected(self.source, problems)
        return index, columns


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


# -- helpers ---------------------------------------------------------------------------------


class _RecordTooLong(Exception):
    """A record went past MAX_RECORD_CHARS."""


class _Lines:
    """The physical lines of a text, each record capped at MAX_RECORD_CHARS.

    The caller resets :attr:`record_chars` before reading each record, so
    that neither one endless line nor an unbalanced quote eats the memory.
    """

    def __init__(self, text: TextIO) -> None:
        self._text = text
        self.record_chars = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self._text.readline(MAX_RECORD_CHARS + 1 - self.record_chars)
        if not line:
            raise StopIteration
        self.record_chars += len(line)
        if self.record_chars > MAX_RECORD_CHARS:
            raise _RecordTooLong
        return line


class _HashingRaw(io.RawIOBase):
    """A raw binary file that hashes and counts every byte read through it."""

    def __init__(self, raw: io.FileIO) -> None:
        super().__init__()
        self._raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        with memoryview(buffer) as view:
            read = self._raw.readinto(view) or 0
            self.sha256.update(view[:read])
        self.size += read
        return read

    def close(self) -> None:
        self._raw.close()
        super().close()


def _scan(path: str | os.PathLike[str], source: str) -> tuple[str, int, str]:
    """Digest, size and encoding of the file at ``path``, or FileRejected.

    One pass over the bytes in chunks: refuses a missing, unreadable, empty
    or binary file (NUL bytes, UTF-16), and decodes incrementally as UTF-8
    and as Windows-1252 to pick the first that works.
    """

    def reject(reason: str, line: int | None = None, value: str | None = None) -> FileRejected:
        return FileRejected(source, [Problem("file", reason, line, value)])

    sha256 = hashlib.sha256()
    utf8 = codecs.getincrementaldecoder("utf-8")()
    utf8_bad_line: int | None = None
    cp1252_bad: tuple[int, int] | None = None  # line, byte
    size = 0
    breaks = 0  # line breaks before the current chunk
    after_cr = False  # the previous chunk ended with "\r"
    head = b""

    def line_at(chunk: bytes, pos: int) -> int:
        return breaks + _line_breaks(chunk[:pos], after_cr) + 1

    try:
        with open(path, "rb") as file:
            while chunk := file.read(_CHUNK_BYTES):
                if not size:
                    head = chunk[:3]
                    if chunk.startswith(_UTF16_BOMS):
                        raise reject("UTF-16 text is not supported: save it as CSV in UTF-8"
                                     " or Windows-1252", 1)
                nul = chunk.find(b"\x00")
                if nul >= 0:
                    raise reject("not a text file", line_at(chunk, nul))
                sha256.update(chunk)
                size += len(chunk)
                if utf8_bad_line is None:
                    pending = utf8.getstate()[0]
                    try:
                        utf8.decode(chunk)
                    except UnicodeDecodeError as exc:
                        utf8_bad_line = line_at(chunk, max(exc.start - len(pending), 0))
                if cp1252_bad is None:
                    try:
                        chunk.decode("cp1252")
                    except UnicodeDecodeError as exc:
                        cp1252_bad = line_at(chunk, exc.start), chunk[exc.start]
                breaks += _line_breaks(chunk, after_cr)
                after_cr = chunk.endswith(b"\r")
    except FileNotFoundError as exc:
        raise reject("file not found") from exc
    except OSError as exc:
        raise reject(f"cannot be read ({exc.strerror or exc})") from exc
    if not size:
        raise reject("file is empty", 1)
    if utf8_bad_line is None:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8_bad_line = breaks + 1
    if utf8_bad_line is None:
        return sha256.hexdigest(), size, "utf-8"
    if head == _UTF8_BOM:
        raise reject("starts with a UTF-8 byte order mark but is not valid UTF-8",
                     utf8_bad_line)
    if cp1252_bad is None:
        return sha256.hexdigest(), size, "cp1252"
    line, byte = cp1252_bad
    raise reject(f"neither UTF-8 (from line {utf8_bad_line}) nor Windows-1252", line,
                 f"0x{byte:02X}")


def _line_breaks(data: bytes, after_cr: bool) -> int:
    """Line breaks (``\\n``, ``\\r\\n``, lone ``\\r``) in ``data``.

    ``after_cr``: the byte before ``data`` was ``\\r`` (already counted).
    """
    count = data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")
    if after_cr and data.startswith(b"\n"):
        count -= 1
    return count


def _format_lookup(formats: Mapping[str, str]) -> dict[str, str]:
    """Normalised code, name or usual word -> format code (codes win over names)."""
    lookup = {alias: code for alias, code in _FORMAT_ALIASES.items() if code in formats}
    lookup.update({_normalise(name): code for code, name in formats.items()})
    lookup.update({_normalise(code): code for code in formats})
    return lookup


def _barcode_problem(barcode: str) -> str | None:
    """Why ``barcode`` (stripped) is unusable, or ``None``."""
    if not barcode:
        return "empty barcode"
    if len(barcode) > MAX_BARCODE_CHARS:
        return f"barcode longer than {MAX_BARCODE_CHARS} characters"
    # Not printable = Unicode "Other" (Cc, Cf, Cs, Co, Cn) or "Separator" (Zs, Zl, Zp)
    # except the ASCII space: exactly the whitespace and control characters.
    if " " in barcode or not barcode.isprintable():
        return "barcode contains whitespace or control characters"
    if _SCIENTIFIC.fullmatch(barcode):
        return "barcode in scientific notation (mangled by a spreadsheet)"
    return None


# Library systems add qualifiers and second ISBNs in the same field:
# "9782070360024 (br.) | 2070360024". The first ISBN-shaped token is the ISBN.
_ISBN_TOKEN = re.compile(r"^\s*((?:97[89][\s-]?)?\d[\d\s-]{7,15}[\dXx])(?=$|[\s(|;,/])")


def _isbn_candidate(value: str) -> str:
    """The first ISBN-shaped token of ``value`` (the whole value if there is none)."""
    first = value.split("|", 1)[0]
    match = _ISBN_TOKEN.match(first)
    return match.group(1).strip() if match else value


def _isbn_reason(exc: ValidationError) -> str:
    if isinstance(exc, InvalidChecksum):
        return "invalid ISBN: bad check digit"
    if isinstance(exc, InvalidLength):
        return "invalid ISBN: bad length"
    if isinstance(exc, InvalidComponent):
        return "invalid ISBN: ISBN-13 must start with 978 or 979"
    if isinstance(exc, InvalidFormat):
        return "invalid ISBN: not an ISBN"
    return "invalid ISBN"


def _shown(value: str) -> str:
    """``value`` cut to a length fit for a message."""
    if len(value) <= _SHOWN_VALUE_CHARS:
        return value
    return value[:_SHOWN_VALUE_CHARS] + "…"
