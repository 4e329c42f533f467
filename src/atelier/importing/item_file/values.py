"""The values of one row: the checked :class:`ItemRow` and the checks behind it.

Barcodes and ISBNs are checked value by value; a format or a service is
recognised by its catalogue code or name, ignoring case, accents and
punctuation (:func:`normalise`). Each check returns the reason a value is
refused, in English; the doors translate it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from typing import Final

import attrs
from stdnum import isbn as stdnum_isbn
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)

__all__ = [
    "MAX_BARCODE_CHARS",
    "MAX_VALUE_CHARS",
    "ItemRow",
    "barcode_problem",
    "checked_isbn",
    "format_lookup",
    "lookup",
    "normalise",
    "service_lookup",
    "services_of",
    "shown",
]

#: The longest barcode accepted.
MAX_BARCODE_CHARS: Final = 64
#: The longest value accepted in any field.
MAX_VALUE_CHARS: Final = 64 * 1024

_SHOWN_VALUE_CHARS: Final = 100
_NON_ALNUM = re.compile(r"[\W_]+")
_SERVICE_SEPARATORS = re.compile(r"[+,|/]")
#: What a spreadsheet makes of a long number: ``2,9019E+12``.
_SCIENTIFIC = re.compile(r"\d+(?:[.,]\d+)?[eE]\+\d+")
#: Usual words for a format, used only when the target code is in the catalogue.
_FORMAT_ALIASES: Final[Mapping[str, str]] = {
    "grand format": "grand",
    "gf": "grand",
    "hf": "hors_format",
    "hors format": "hors_format",
    "normal": "standard",
    "moyen": "standard",
}
# Library systems add qualifiers and second ISBNs in the same field:
# "9782070360024 (br.) | 2070360024". The first ISBN-shaped token is the ISBN.
_ISBN_TOKEN = re.compile(r"^\s*((?:97[89][\s-]?)?\d[\d\s-]{7,15}[\dXx])(?=$|[\s(|;,/])")


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


# -- names -----------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Case, accent and punctuation-insensitive form of a name.

    NFKD, combining marks dropped, lower case, every run of non-alphanumerics
    turned into one space, stripped: ``"Code-Barres"`` → ``"code barres"``.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_ALNUM.sub(" ", bare.lower()).strip()


_normalise_short = functools.lru_cache(maxsize=4096)(normalise)


def lookup(table: Mapping[str, str], value: str) -> str | None:
    """The code ``value`` names in ``table`` (normalised name -> code), or ``None``.

    Values repeat from row to row: short ones are normalised through a cache.
    """
    key = _normalise_short(value) if len(value) <= 64 else normalise(value)
    return table.get(key)


def format_lookup(formats: Mapping[str, str]) -> dict[str, str]:
    """Normalised code, name or usual word -> format code (codes win over names)."""
    table = {alias: code for alias, code in _FORMAT_ALIASES.items() if code in formats}
    table.update({normalise(name): code for code, name in formats.items()})
    table.update({normalise(code): code for code in formats})
    return table


def service_lookup(services: Mapping[str, str]) -> dict[str, str]:
    """Normalised code or name -> service code (codes win over names)."""
    table = {normalise(name): code for code, name in services.items()}
    table.update({normalise(code): code for code in services})
    return table


def services_of(table: Mapping[str, str], wanted: str) -> tuple[tuple[str, ...], list[str]]:
    """Service codes named in ``wanted`` and the parts that match none.

    ``table`` is a :func:`service_lookup`. The whole value is tried first, as
    a service name may contain a separator.
    """
    whole = lookup(table, wanted)
    if whole is not None:
        return (whole,), []
    codes: list[str] = []
    unknown: list[str] = []
    for part in _SERVICE_SEPARATORS.split(wanted):
        part = part.strip()
        if not part:
            continue
        code = lookup(table, part)
        if code is None:
            unknown.append(part)
        elif code not in codes:
            codes.append(code)
    return tuple(codes), unknown


# -- barcode and ISBN ------------------------------------------------------------------------


def barcode_problem(barcode: str) -> str | None:
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


#: An ISBN already in compact form: what most library exports hold.
_COMPACT_ISBN = re.compile(r"[0-9]{9}[0-9X]|97[89][0-9]{10}")


def _valid_compact_isbn(number: str) -> bool:
    """Whether ``number`` is a valid ISBN that is already compact: the check digit of
    python-stdnum's ``isbn.validate`` computed without its cleaning pass, which cost
    1.7 s per 100,000 rows of an import (bench B1). Anything else, including every
    invalid or non-compact value, goes to stdnum itself (a property test holds the two
    equal)."""
    if not _COMPACT_ISBN.fullmatch(number):
        return False
    digits = [ord(c) - 48 for c in number[:-1]]
    if len(number) == 10:
        check = sum(weight * d for weight, d in enumerate(digits, start=1)) % 11
        return ("X" if check == 10 else chr(48 + check)) == number[-1]
    check = (10 - sum(digits[0::2]) - 3 * sum(digits[1::2])) % 10
    return chr(48 + check) == number[-1]


def checked_isbn(value: str) -> tuple[str | None, str | None]:
    """The ISBN in ``value`` (compact form, or ``None``) and why it is refused, or ``None``."""
    candidate = _isbn_candidate(value)
    if _valid_compact_isbn(candidate):
        return candidate, None
    try:
        return stdnum_isbn.validate(candidate), None
    except InvalidComponent:
        # The check digit is right (stdnum checks it first) but the prefix is
        # not 978/979: a valid EAN-13 of another kind (a DVD, a CD or a
        # periodical in PMB's "code" column) is not an ISBN; the item has none.
        return None, None
    except ValidationError as exc:
        return None, _isbn_reason(exc)


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


def shown(value: str) -> str:
    """``value`` cut to a length fit for a message."""
    if len(value) <= _SHOWN_VALUE_CHARS:
        return value
    return value[:_SHOWN_VALUE_CHARS] + "…"
