"""The bounds of every value the library takes in: lengths, characters and ranges.

One home for them: the domain values check their fields with these functions
when they are made, the use cases check the keys they look things up by, the
store's columns are as wide as these lengths, and the HTTP API's request
models take their limits from the same constants. A text with a NUL or another
control character, a title of 501 characters or an identifier past 2^31 is
refused here, the same for every caller, with :class:`InvalidInput` naming the
field — never by the database half-way through a use case.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from collections.abc import Callable
from typing import Any, TypeVar

import attrs

from atelier.domain.errors import InvalidInput

# -- lengths, in characters ---------------------------------------------------------------

#: Names and labels: a collectivity, a post's label, a staff member, a contact.
NAME = 200
#: Codes of the catalogue (service, operation, format, skill, defect).
CODE = 64
#: References the workshop gives (an order ``CMD-2026-0042``, a note ``BL-2026-0007``).
REF = 32
#: A library's barcode.
BARCODE = 64
#: A document's title, author, call number and type.
TITLE = 500
AUTHOR = 300
CALL_NUMBER = 100
DOC_TYPE = 100
#: A buyer's purchase-order or engagement number, a Chorus Pro service code.
PROCUREMENT = 100
#: A contact's role, e-mail address and telephone number.
CONTACT_ROLE = 100
EMAIL = 200
PHONE = 50
#: Why (a cancellation, an item missing or refused, a correction).
REASON = 500
#: A note on a time entry.
NOTE = 500
#: An assessment's evidence.
EVIDENCE = 2000
#: A trainee's pseudonymous code and a post's code.
TRAINEE_CODE = 16
POST_CODE = 32
#: Personal data (counsellor and admin only).
FULL_NAME = 200
PERSONAL_CONTACT = 2000
PERSONAL_NOTES = 10000
#: Any other key a caller names (a token id, an entity of the audit log, a file's name).
KEY = 255
#: A media type kept with an answer (``application/problem+json``).
MEDIA_TYPE = 100

# -- numbers and days ---------------------------------------------------------------------

#: The largest identifier (the database's integer keys are 32-bit).
MAX_ID = 2**31 - 1
#: The largest count or quantity any use case takes (items, minutes, days).
MAX_COUNT = 2**31 - 1
#: The days a caller may name: enough for any history, and no arithmetic on them
#: (a week, a month, 24 months) can leave the calendar.
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2999, 12, 31)

# C0 and C1 control characters, DEL, and lone surrogates (not text: no database
# stores them). Tabs and line breaks are allowed only in multi-line text.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_IN_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def has_control(value: str, *, multiline: bool = False) -> bool:
    """Whether ``value`` holds a control character (or a lone surrogate); tabs and line
    breaks are text when ``multiline``."""
    return (_CONTROL_IN_LINES if multiline else _CONTROL).search(value) is not None


def _refuse_characters(value: str, field: str, multiline: bool) -> None:
    found = (_CONTROL_IN_LINES if multiline else _CONTROL).search(value)
    if found is not None:
        character = f"U+{ord(found.group()):04X}"
        # A NUL has its own code: it is the one PostgreSQL itself refuses (scripts knew it).
        raise InvalidInput(field, f"a control character ({character}) is not text",
                           code="nul_character" if found.group() == "\x00"
                           else "control_character", character=character)


def _is_text(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise InvalidInput(field, "must be text", value=repr(value)[:40], code="not_text")
    return value


def _refuse_empty(value: str, field: str) -> None:
    """A required text: nothing at all is ``empty``, only spaces ``blank``."""
    if not value:
        raise InvalidInput(field, "must not be empty", code="empty")
    if not value.strip():
        raise InvalidInput(field, "must not be blank (only spaces)", code="blank")


def text(value: str, field: str, limit: int, *, multiline: bool = False) -> str:
    """``value`` stripped, required (neither empty nor blank), at most ``limit``
    characters, without control characters (tabs and line breaks allowed when
    ``multiline``)."""
    _refuse_empty(_is_text(value, field), field)
    cleaned = value.strip()
    _refuse_characters(cleaned, field, multiline)
    if len(cleaned) > limit:
        raise InvalidInput(field, f"at most {limit} characters", code="too_long", limit=limit)
    return cleaned


def optional_text(value: str | None, field: str, limit: int, *,
                  multiline: bool = False) -> str | None:
    """Like :func:`text`, but None (or blank) means no value: None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return text(value, field, limit, multiline=multiline)


def name(value: str, field: str = "name", limit: int = NAME) -> str:
    """A name or a label: like :func:`text`, with runs of spaces made one."""
    _refuse_empty(_is_text(value, field), field)
    return text(" ".join(value.split()), field, limit)


def key(value: str, field: str, limit: int = KEY) -> str:
    """A key a caller looks something up by (an order reference, a trainee code): text
    of at most ``limit`` characters without control characters, taken as it is."""
    _refuse_characters(_is_text(value, field), field, False)
    if len(value) > limit:
        raise InvalidInput(field, f"at most {limit} characters", code="too_long", limit=limit)
    return value


def optional_key(value: str | None, field: str, limit: int = KEY) -> str | None:
    """Like :func:`key`, None meaning no value."""
    return None if value is None else key(value, field, limit)


def integer(value: int, field: str, low: int, high: int, *, code: str = "number_range") -> int:
    """A whole number from ``low`` to ``high`` (a bool is not a number)."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(field, f"a whole number from {low} to {high}",
                           value=value if isinstance(value, int | str) else repr(value)[:40],
                           code=code, low=low, high=high)
    return value


def identifier(value: int, field: str) -> int:
    """An identifier the library gave (1 to :data:`MAX_ID`)."""
    return integer(value, field, 1, MAX_ID, code="id_range")


def number(value: float, field: str, low: float, high: float) -> float:
    """A finite number from ``low`` to ``high`` (a bool is not a number)."""
    if isinstance(value, bool) or not isinstance(value, int | float) \
            or not math.isfinite(value) or not low <= value <= high:
        raise InvalidInput(field, f"a number from {low:g} to {high:g}",
                           value=value if isinstance(value, int | float) else repr(value)[:40],
                           code="number_range", low=low, high=high)
    return value


def day(value: dt.date, field: str = "day") -> dt.date:
    """A calendar day from :data:`FIRST_DAY` to :data:`LAST_DAY` (a ``datetime`` is
    taken as its date)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        raise InvalidInput(field, "expected a date as YYYY-MM-DD (e.g. 2026-03-02)",
                           value=repr(value)[:40], code="date_invalid")
    if not FIRST_DAY <= value <= LAST_DAY:
        raise InvalidInput(field, f"a day from {FIRST_DAY.isoformat()} to "
                           f"{LAST_DAY.isoformat()}", value=value.isoformat(),
                           code="day_range", low=FIRST_DAY.isoformat(),
                           high=LAST_DAY.isoformat())
    return value


def optional_day(value: dt.date | None, field: str = "day") -> dt.date | None:
    """Like :func:`day`, None meaning no day."""
    return None if value is None else day(value, field)


# -- the same checks as attrs validators, for the fields of the domain's values -----------


Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def _validator(check: Callable[[Any, str], object], field: str | None = None) -> Validator:
    def validate(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        check(value, field or attribute.name)

    return validate


def text_of(limit: int, *, multiline: bool = False, optional: bool = False,
            blank: bool = False, field: str | None = None) -> Validator:
    """A field validator: text of at most ``limit`` characters without control
    characters (None allowed when ``optional``), neither empty nor only spaces unless
    ``blank`` (a value that may be left out as ``""``). The value is taken as it is: the
    use case cleans it before making the value. ``field`` names it in errors (default:
    the attribute's name)."""

    required = not (blank or optional)

    def check(value: Any, field: str) -> None:
        if optional and value is None:
            return
        # Most values are plain text: one C call says there is no control character
        # (every character _CONTROL refuses is unprintable), and the checks below run
        # only to name what is wrong (an import makes seven of these per row).
        if (type(value) is str and value.isprintable() and len(value) <= limit
                and (not required or value.strip())):
            return
        _refuse_characters(_is_text(value, field), field, multiline)
        if required:
            _refuse_empty(value, field)
        if len(value) > limit:
            raise InvalidInput(field, f"at most {limit} characters", code="too_long",
                               limit=limit)

    return _validator(check, field)


def range_of(low: int, high: int, *, optional: bool = False) -> Validator:
    """A field validator: a whole number from ``low`` to ``high`` (None allowed when
    ``optional``)."""

    def check(value: Any, field: str) -> None:
        if not (optional and value is None):
            integer(value, field, low, high)

    return _validator(check)


def day_of(*, optional: bool = False) -> Validator:
    """A field validator: a day from :data:`FIRST_DAY` to :data:`LAST_DAY`."""

    def check(value: Any, field: str) -> None:
        if optional and value is None:
            return
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise InvalidInput(field, "expected a date", value=repr(value)[:40],
                               code="date_invalid")
        day(value, field)

    return _validator(check)


Word = TypeVar("Word", bound=str)


def choice(value: object, values: tuple[Word, ...], field: str, *, code: str,
           reason: str | None = None, **params: Any) -> Word:
    """``value`` if it is one of ``values`` (a closed vocabulary: a state, a kind, a
    role), else InvalidInput ``code`` naming the choices."""
    for known in values:
        if value == known and isinstance(value, str):
            return known
    raise InvalidInput(field, reason or "must be one of " + ", ".join(values),
                       value=value if isinstance(value, str) else repr(value)[:40],
                       code=code, choices=", ".join(values), **params)


def one_of(values: tuple[str, ...], *, code: str, optional: bool = False) -> Validator:
    """A field validator: one of ``values`` (a closed vocabulary, e.g. a state)."""

    def check(value: Any, field: str) -> None:
        if not (optional and value is None):
            choice(value, values, field, code=code)

    return _validator(check)


def path(value: object, field: str = "path") -> str:
    """A file's path as a caller gives it (text or ``os.PathLike``): text of at most 4096
    characters without control characters."""
    try:
        text = os.fspath(value)  # type: ignore[call-overload]
    except TypeError:
        text = None
    if not isinstance(text, str):
        raise InvalidInput(field, "a file's path", value=repr(value)[:40], code="path_invalid")
    return key(text, field, 4096)


#: The languages of what people read: French (the default) and English.
LANGS = ("fr", "en")


def check_lang(lang: str) -> str:
    """``lang`` if it is one of :data:`LANGS`."""
    if lang not in LANGS:
        raise InvalidInput("lang", "fr or en", value=lang if isinstance(lang, str) else None,
                           code="lang_invalid")
    return lang
