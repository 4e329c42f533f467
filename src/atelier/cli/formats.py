"""How values read for a person, in French or English: days, months, amounts, plurals,
stored text made safe to print. No rich here: error messages use it on the cold path.
"""

from __future__ import annotations

import datetime as dt
import re
import string
import unicodedata
from typing import Any

#: Month names, January first.
MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")

#: A value quoted in a message is cut past this many characters.
QUOTE_LIMIT = 120

# Characters that move the cursor, ring, clear the screen or reverse the text when
# printed: C0 and C1 controls, line and paragraph separators, bidirectional overrides.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _shown(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control pictures": ␀ ␉ ␊ ␛ …
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def screen_width() -> int:
    """Columns to lay tables out on: the terminal's, at least 100 (piped or captured
    output has no width: give tables room rather than fold order references)."""
    import shutil

    return max(shutil.get_terminal_size((120, 24)).columns, 100)


def visible(text: str) -> str:
    """``text`` with every control character shown as a visible sign (a tab as ␉, an
    escape as ␛): stored or typed text can never drive the terminal."""
    if text.isprintable():  # the usual case, and no sign to show: nothing to replace
        return text
    return _INVISIBLE.sub(_shown, text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` as it can be written to any terminal: a lone surrogate shown as ``\\udcff``
    (in JSON, the same escape is valid JSON) rather than breaking the output."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def quoted(value: object, limit: int = QUOTE_LIMIT) -> str:
    """A value as a message quotes it: control characters visible, cut to ``limit``
    characters with an ellipsis (a pasted page must not flood the screen)."""
    text = visible(str(value))
    return text if len(text) <= limit else text[:limit - 1] + "…"


def day_text(day: dt.date | None, lang: str) -> str:
    """A day with its 4-digit year: ``02/03/2026`` in French, ``2026-03-02`` in English."""
    if day is None:
        return "—"
    return (f"{day.day:02d}/{day.month:02d}/{day.year:04d}" if lang == "fr"
            else f"{day.year:04d}-{day.month:02d}-{day.day:02d}")


def moment_text(when: dt.datetime, lang: str) -> str:
    """A date and time of day: ``02/03/2026 14:05``."""
    return f"{day_text(when.date(), lang)} {when.hour:02d}:{when.minute:02d}"


def month_text(month: str, lang: str) -> str:
    """``2026-11`` as « novembre 2026 » or “November 2026” (anything else unchanged)."""
    found = re.fullmatch(r"(\d{4})-(\d{2})", month)
    if found is None or not 1 <= int(found.group(2)) <= 12:
        return month
    year, number = found.group(1), int(found.group(2))
    return f"{(MONTHS_FR if lang == 'fr' else MONTHS_EN)[number - 1]} {year}"


def number_text(value: int, lang: str) -> str:
    """A whole number grouped by thousands: ``100 000`` (French), ``100,000`` (English)."""
    grouped = f"{value:,}"
    return grouped.replace(",", "\u202f") if lang == "fr" else grouped


def money_text(cents: int, lang: str, *, tax: bool = True) -> str:
    """An amount: ``1 234,50 € HT`` in French, ``€1,234.50 excl. VAT`` in English
    (without the tax words when ``tax`` is false)."""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    if lang == "fr":
        text = f"{sign}{number_text(euros, lang)},{rest:02d} €"
        return f"{text} HT" if tax else text
    text = f"{sign}€{euros:,}.{rest:02d}"
    return f"{text} excl. VAT" if tax else text


def plural(count: int, singular: str, plural_form: str, lang: str) -> str:
    """``1 document importé``, ``3 documents importés``: French takes the singular for 0
    and 1, English for 1 only."""
    one = count in (0, 1) if lang == "fr" else count == 1
    return f"{number_text(count, lang)} {singular if one else plural_form}"


class MessageFormatter(string.Formatter):
    """``str.format`` with one more format spec, a plural: ``{n:|document|documents}``
    gives ``1 document`` or ``3 documents`` (the language set at construction)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> Any:
        """The plural spec for counts, the usual formatting otherwise."""
        if format_spec.startswith("|") and isinstance(value, int):
            one, _, many = format_spec[1:].partition("|")
            return plural(value, one, many or one, self.lang)
        return super().format_field(value, format_spec)


def french_key(text: str) -> tuple[str, str]:
    """Sort key the French way: accents and case folded (« Écoles » between « Ecole » and
    « école » and « Ferme »), the text itself breaking ties so that the order is stable."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.casefold(), text
