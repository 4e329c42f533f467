"""The bytes and lines of an item list: digest, encoding, and records of bounded length.

:func:`scan` reads the file once in binary chunks before any parsing;
:class:`HashingRaw` and :class:`Lines` stand under the :mod:`csv` reader when
the rows are read, so that the file is hashed again on the way (to notice a
change) and no record can eat the memory.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
from typing import TYPE_CHECKING, Final, TextIO

from atelier.domain.errors import FileRejected, Problem

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

__all__ = ["MAX_RECORD_CHARS", "HashingRaw", "Lines", "RecordTooLong", "scan"]

#: The longest record (all its physical lines) read; beyond it reading stops,
#: since an unbalanced quote is the likely cause and what follows is unreliable.
MAX_RECORD_CHARS: Final = 1024 * 1024

_CHUNK_BYTES: Final = 1024 * 1024
_UTF8_BOM: Final = codecs.BOM_UTF8
_UTF16_BOMS: Final = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class RecordTooLong(Exception):
    """A record went past MAX_RECORD_CHARS."""


class Lines:
    """The physical lines of a text, each record capped at MAX_RECORD_CHARS.

    The caller resets :attr:`record_chars` before reading each record, so
    that neither one endless line nor an unbalanced quote eats the memory.
    """

    def __init__(self, text: TextIO) -> None:
        self._text = text
        self.record_chars = 0

    def __iter__(self) -> Lines:
        return self

    def __next__(self) -> str:
        line = self._text.readline(MAX_RECORD_CHARS + 1 - self.record_chars)
        if not line:
            raise StopIteration
        self.record_chars += len(line)
        if self.record_chars > MAX_RECORD_CHARS:
            raise RecordTooLong
        return line


class HashingRaw(io.RawIOBase):
    """A raw binary file that hashes and counts every byte read through it."""

    def __init__(self, raw: io.FileIO) -> None:
        super().__init__()
        self._raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        """Always: the file is open for reading."""
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        """Read into ``buffer`` from the file, hashing and counting what was read."""
        with memoryview(buffer) as view:
            read = self._raw.readinto(view) or 0
            self.sha256.update(view[:read])
        self.size += read
        return read

    def close(self) -> None:
        """Close the underlying file too."""
        self._raw.close()
        super().close()


def scan(path: str | os.PathLike[str], source: str) -> tuple[str, int, str]:
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
