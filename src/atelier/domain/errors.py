"""The one error hierarchy of atelier.

Every error carries a stable machine-readable ``code`` (what the API puts in
its problem+json ``type`` and the CLI looks up for a translated message), the
``params`` that make the message, and an English ``str()``. The doors (CLI,
API) translate errors once; nothing below them formats for a terminal or HTTP.
"""

from __future__ import annotations

from typing import Any

import attrs


@attrs.frozen
class Problem:
    """One thing wrong in an input: where (file/line or request field) and why."""

    field: str
    reason: str
    line: int | None = None
    value: str | None = None

    def describe(self) -> str:
        """A one-line English description: ``line 4, field 'isbn': bad check digit``."""
        where = f"line {self.line}, " if self.line is not None else ""
        shown = f" ({self.value!r})" if self.value is not None else ""
        return f"{where}field '{self.field}': {self.reason}{shown}"


class AtelierError(Exception):
    """Base of every error atelier raises on purpose.

    ``code`` is stable (scripts and the API rely on it); ``params`` holds the
    values used to phrase the message in any language.
    """

    code: str = "error"
    #: The HTTP-ish family, used by the doors to pick an exit code or status.
    kind: str = "invalid"

    def __init__(self, message: str, *, code: str | None = None, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.params: dict[str, Any] = params

    def __str__(self) -> str:
        return self.message


class InvalidInput(AtelierError):
    """A value given to a use case is malformed or out of range."""

    code = "invalid_input"
    kind = "invalid"

    def __init__(self, field: str, reason: str, *, value: Any = None, code: str | None = None,
                 **params: Any) -> None:
        shown = f" ({value!r})" if value is not None else ""
        super().__init__(f"{field}: {reason}{shown}", code=code, field=field, reason=reason,
                         value=value, **params)
        self.field = field
        self.reason = reason


class NotFound(AtelierError):
    """The thing named does not exist (or is not visible to the caller)."""

    code = "not_found"
    kind = "not_found"

    def __init__(self, what: str, key: Any) -> None:
        super().__init__(f"{what} not found: {key}", code=f"{what}_not_found", what=what, key=key)
        self.what = what
        self.key = key


class RuleViolation(AtelierError):
    """An act that the workshop's rules forbid in the current state."""

    code = "rule_violation"
    kind = "rule"


class DatabaseUnusable(RuleViolation):
    """The database cannot be used as it is: absent, empty, older or newer than this
    version's schema (code ``database_missing``, ``database_empty``, ``database_outdated``,
    ``database_newer``); ``atelier init`` (or a newer atelier) makes it usable."""

    code = "database_unusable"


class Conflict(AtelierError):
    """Somebody else changed the same thing first: reload and try again."""

    code = "conflict"
    kind = "conflict"


class Contention(Conflict):
    """The database could not run this act beside another one on the same data (a
    serialization failure, a lock held too long): nothing was written, and the whole
    act may be run again."""

    code = "contention"


class DatabaseBusy(Conflict):
    """Another writer held the database longer than the wait allowed (a long act on the
    same SQLite file): nothing was written; run the act again once the other has ended.
    Not retried by the library: the wait already happened."""

    code = "database_busy"


class Forbidden(AtelierError):
    """The acting staff member's role does not allow this act or this data."""

    code = "forbidden"
    kind = "forbidden"


class NotAuthenticated(AtelierError):
    """No valid credentials: a missing, malformed, unknown, expired or revoked token.

    Deliberately one message for every case, so a caller learns nothing of
    which tokens exist.
    """

    code = "not_authenticated"
    kind = "unauthenticated"


class CatalogueError(AtelierError):
    """A catalogue file that cannot be used; names the file and the key."""

    code = "catalogue_invalid"
    kind = "invalid"

    def __init__(self, source: str, key: str, reason: str) -> None:
        super().__init__(f"{source}: {key}: {reason}", source=source, key=key, reason=reason)
        self.source = source
        self.key = key
        self.reason = reason


class FileRejected(AtelierError):
    """An input file refused whole: every problem found is listed.

    Nothing of the file is written when this is raised.
    """

    code = "file_rejected"
    kind = "invalid"

    def __init__(self, source: str, problems: list[Problem]) -> None:
        lines = "\n".join(f"  {source}: {p.describe()}" for p in problems[:50])
        more = f"\n  … and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{source}: {len(problems)} problem(s)\n{lines}{more}",
                         source=source, count=len(problems))
        self.source = source
        self.problems = problems
