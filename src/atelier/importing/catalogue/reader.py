"""The strict reader of a catalogue's parsed TOML: shapes, scalars and their errors.

Every check stops at the first problem with one
:class:`~atelier.domain.errors.CatalogueError` naming the file and the exact
key (``services[2].operations[1].min_level``). The sections
(:mod:`.skills`, :mod:`.services`, :mod:`.sections`) are written with it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any, NoReturn

from atelier.domain import bounds
from atelier.domain.errors import CatalogueError

__all__ = ["CODE_PATTERN", "KeyReader", "join", "kind"]

#: What every code (catalogue, format, skill, defect, service, operation) must match.
CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
#: The longest text of a catalogue (a service's description).
TEXT_LIMIT = 2000
# TOML escapes can put control characters in a string; line breaks and tabs are text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def join(prefix: str, name: str) -> str:
    """The key ``name`` inside the key ``prefix`` (``""`` is the top of the file)."""
    return f"{prefix}.{name}" if prefix else name


def kind(value: object) -> str:
    """The TOML name of a value's type, for messages."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return "a date/time"


class KeyReader:
    """Reads typed values out of the parsed TOML of one file; stops at the first problem."""

    def __init__(self, source: str) -> None:
        """``source`` names the file in every error."""
        self.source = source

    def fail(self, key: str, reason: str) -> NoReturn:
        """Refuse the file: ``key`` is where, ``reason`` is why."""
        raise CatalogueError(self.source, key, reason)

    # -- shapes -----------------------------------------------------------------

    def table(self, value: object, key: str) -> dict[str, Any]:
        """``value`` if it is a table."""
        if not isinstance(value, dict):
            self.fail(key, f"expected a table, got {kind(value)}")
        return value

    def tables(self, value: object, key: str) -> list[dict[str, Any]]:
        """``value`` if it is an array of tables."""
        if not isinstance(value, list):
            self.fail(key, f"expected an array of tables, got {kind(value)}")
        return [self.table(item, f"{key}[{i}]") for i, item in enumerate(value)]

    def check_keys(
        self,
        table: dict[str, Any],
        key: str,
        required: Sequence[str],
        optional: Sequence[str] = (),
    ) -> None:
        """Refuse an unknown key (with the closest known one) or a missing required key."""
        allowed = (*required, *optional)
        for name in table:
            if name not in allowed:
                import difflib  # for a refusal only: reading a stored catalogue needs none

                close = difflib.get_close_matches(name, allowed, n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"expected {', '.join(allowed)}"
                self.fail(join(key, name), f"unknown key; {hint}")
        for name in required:
            if name not in table:
                self.fail(join(key, name), "required key missing")

    # -- scalars ----------------------------------------------------------------

    def string(
        self,
        table: dict[str, Any],
        key: str,
        name: str,
        *,
        optional: bool = False,
        strip: bool = True,
    ) -> str:
        """A string; surrounding blanks are removed unless ``strip`` is false (codes)."""
        path = join(key, name)
        if name not in table and optional:
            return ""
        value = table[name]
        if not isinstance(value, str):
            self.fail(path, f"expected a string, got {kind(value)}")
        if not value.strip() and not optional:
            self.fail(path, "must not be empty")
        if len(value) > TEXT_LIMIT:
            self.fail(path, f"at most {TEXT_LIMIT} characters")
        if _CONTROL.search(value):
            self.fail(path, "a control character is not text")
        return value.strip() if strip else value

    def code(self, table: dict[str, Any], key: str, name: str = "code") -> str:
        """A code matching :data:`CODE_PATTERN`, as written."""
        value = self.string(table, key, name, strip=False)
        if len(value) > bounds.CODE:
            self.fail(join(key, name), f"a code has at most {bounds.CODE} characters")
        if not CODE_PATTERN.fullmatch(value):
            self.fail(
                join(key, name),
                f"invalid code {value!r}: lower-case letters, digits, '_' and '-' only, "
                "starting with a letter or digit",
            )
        return value

    def integer(self, table: dict[str, Any], key: str, name: str) -> int:
        """An integer (a boolean is not one)."""
        value = table[name]
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(join(key, name), f"expected an integer, got {kind(value)}")
        return value

    def number(self, table: dict[str, Any], key: str, name: str) -> float:
        """A finite integer or float, as a float."""
        value = table[name]
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(join(key, name), f"expected a number, got {kind(value)}")
        if not math.isfinite(value):
            self.fail(join(key, name), f"expected a finite number, got {value}")
        return float(value)

    def boolean(self, table: dict[str, Any], key: str, name: str, *, default: bool) -> bool:
        """A boolean, or ``default`` when the key is absent."""
        if name not in table:
            return default
        value = table[name]
        if not isinstance(value, bool):
            self.fail(join(key, name), f"expected true or false, got {kind(value)}")
        return value

    def choice(self, table: dict[str, Any], key: str, name: str, choices: Sequence[str]) -> str:
        """A string among ``choices``."""
        value = self.string(table, key, name)
        if value not in choices:
            self.fail(join(key, name), f"{value!r} is not one of {', '.join(choices)}")
        return value

    def unique(self, seen: dict[str, str], code: str, key: str) -> None:
        """Refuse ``code`` if ``seen`` (code -> key) has it already; else record it."""
        if code in seen:
            self.fail(join(key, "code"), f"duplicate code {code!r} (already at {seen[code]})")
        seen[code] = key

    def non_empty(self, items: list[dict[str, Any]], key: str, what: str) -> None:
        """Refuse an empty array of ``what``."""
        if not items:
            self.fail(key, f"at least one {what} is required")
