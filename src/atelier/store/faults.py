"""What the database says when it fails, in the library's words.

A driver's error never reaches a person: a clash with another writer becomes
:class:`Conflict` or :class:`Contention`, a database held too long by another
writer :class:`DatabaseBusy`, and a database that cannot be used at all (not a
database, a folder, read-only, unreachable…) :class:`DatabaseUnusable` with a
code per cause, naming where it is. Anything else is a bug and is left as it is.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL

from atelier.domain.errors import Conflict, Contention, DatabaseBusy, DatabaseUnusable

#: SQLite's own words for a file it cannot use -> the library's code.
_SQLITE_CAUSES = (
    ("file is not a database", "database_not_sqlite"),
    ("file is encrypted", "database_not_sqlite"),
    ("database disk image is malformed", "database_damaged"),
    ("attempt to write a readonly database", "database_read_only"),
    ("readonly database", "database_read_only"),
    ("unable to open database file", "database_cannot_open"),
    ("database or disk is full", "database_full"),
    ("disk i/o error", "database_io"),
)


def location(url: URL) -> str:
    """Where the data is, as a person reads it: a SQLite file's path as typed (not
    percent-encoded), other databases' URL without the password."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


def translated(exc: sa.exc.DBAPIError, url: URL) -> Exception:
    """The library's error for what the database said, or the database's own error when
    it is neither a clash with another writer nor an unusable database (a bug to see,
    not to hide)."""
    if isinstance(exc, sa.exc.IntegrityError):
        return Conflict("someone else wrote the same thing at the same time: reload and try "
                        "again", code="concurrent_write")
    if is_locked(exc):
        return DatabaseBusy("another command held the database longer than the wait allowed: "
                            "nothing was saved, try again when it has finished",
                            url=location(url))
    if is_retryable(exc):
        return Contention("the database was busy with another act on the same data: nothing "
                          "was saved, try again", code="contention")
    unusable = unusable_cause(exc, url)
    return unusable if unusable is not None else exc


def unusable_cause(exc: BaseException, url: URL) -> DatabaseUnusable | None:
    """Why the database at ``url`` cannot be used at all, from the driver's error, or None
    when the error is about something else."""
    where = location(url)
    text = str(getattr(exc, "orig", None) or exc)
    if url.get_backend_name() == "sqlite":
        lowered = text.lower()
        for words, code in _SQLITE_CAUSES:
            if words in lowered:
                if code == "database_cannot_open":
                    code = _why_not_open(url)
                return DatabaseUnusable(f"the database {where} cannot be used ({code})",
                                        code=code, url=where)
        return None
    if isinstance(exc, sa.exc.OperationalError | sa.exc.InterfaceError) and (
            "connection" in text.lower() or "connect" in text.lower()):
        reason = _server_says(text)
        return DatabaseUnusable(f"cannot connect to the database {where}: {reason}",
                                code="database_unreachable", url=where, reason=reason)
    return None


def _why_not_open(url: URL) -> str:
    """A SQLite file that cannot be opened: a folder in its place, a missing folder, or
    one the user may not write in."""
    if not url.database:
        return "database_cannot_open"
    path = Path(url.database)
    if path.is_dir():
        return "database_is_folder"
    if not path.parent.exists():
        return "database_folder_missing"
    return "database_cannot_open"


def _server_says(text: str) -> str:
    """The useful line of a driver's connection error (the server's ``FATAL:`` or the
    first line), without SQLAlchemy's background link."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if "FATAL:" in line:
            return line.split("FATAL:", 1)[1].strip()
    first = lines[0] if lines else text
    return first.removeprefix("connection failed:").strip()[:300]


def is_locked(exc: BaseException) -> bool:
    """SQLite still locked by another writer after the wait allowed."""
    return (isinstance(exc, sa.exc.OperationalError)
            and "database is locked" in str(exc.orig))


def is_retryable(exc: BaseException) -> bool:
    """A PostgreSQL serialization failure or deadlock: the whole use case may run again."""
    if not isinstance(exc, sa.exc.DBAPIError):
        return False
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return code in ("40001", "40P01", "55P03")
