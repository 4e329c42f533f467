"""Read a catalogue file (TOML) into the domain :class:`~atelier.domain.catalogue.Catalogue`.

A catalogue is data: the bookbinding workshop's catalogue ships with the
package (:func:`default_catalogue`), another structure brings its own file
(:func:`load_catalogue`). The format::

    [catalogue]
    code = "reliure"                 # a code: ^[a-z0-9][a-z0-9_-]*$
    name = "Reliure, couvrage et équipement de documents"
    version = "2026.1"

    [[formats]]
    code = "poche"
    name = "Poche"

    [[skills]]
    code = "film_cut"
    name = "Découper le film adhésif aux dimensions"
    kind = "technical"               # or "transversal"
    reference = "ROME B1402"         # optional

    [[defects]]                      # optional: codes a failed quality check may give
    code = "bubble"
    label = "Bulles sous le film"

    [[evidence]]                     # optional: when production suggests a level
    level = 3                        # 1 to 4, once each
    min_items = 30                   # items worked, at least 1
    min_pass_rate = 0.95             # share of quality checks passed, 0 to 1
    autonomous_only = true           # optional: only work without a supervisor counts

    [[services]]
    code = "couvrage"
    name = "Couvrage avec film adhésif"
    category = "protection"          # one of SERVICE_CATEGORIES
    description = "..."              # optional

      [[services.operations]]        # the routing, in order; at least one
      code = "clean"
      name = "Nettoyer le document"
      standard_minutes = 1.5         # per item, > 0
      skill = "cleaning"             # a code of [[skills]]
      min_level = 1                  # 0 to 4
      checkpoint = false             # optional; never on the first operation

      [services.prices]              # format code -> price breaks, in integer cents
      poche = [ { from = 1, cents = 180 }, { from = 100, cents = 160 } ]

Without ``[[evidence]]`` the thresholds of
:data:`~atelier.domain.catalogue.DEFAULT_EVIDENCE` apply; ``evidence = []``
turns suggestions off.

A file that cannot be used is refused whole with one
:class:`~atelier.domain.errors.CatalogueError` naming the file and the exact
key (e.g. ``services[2].operations[1].min_level``) of the first problem found.
Unknown keys are refused too, so that a typo never passes silently.
"""

from __future__ import annotations

import difflib
import math
import os
import re
import tomllib
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any, NoReturn

from atelier.domain.catalogue import (
    DEFAULT_EVIDENCE,
    MAX_LEVEL,
    MIN_LEVEL,
    SERVICE_CATEGORIES,
    SKILL_KINDS,
    Catalogue,
    EvidenceRule,
    Format,
    Operation,
    PriceBreak,
    Service,
    Skill,
)
from atelier.domain.errors import CatalogueError

__all__ = [
    "CODE_PATTERN",
    "catalogue_to_dict",
    "default_catalogue",
    "default_catalogue_path",
    "load_catalogue",
    "parse_catalogue",
]

#: What every code (catalogue, format, skill, defect, service, operation) must match.
CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

_DEFAULT_FILE = "bookbinding.toml"


def load_catalogue(path: str | os.PathLike[str]) -> Catalogue:
    """Read and check the catalogue file at ``path``.

    The file must be UTF-8 TOML (a leading byte-order mark is tolerated).
    Raises :class:`~atelier.domain.errors.CatalogueError` whose ``source`` is
    ``path`` as given: key ``file`` if it cannot be read, ``toml`` if it is not
    valid UTF-8 TOML, otherwise the key of the first problem found.
    """
    source = os.fspath(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise CatalogueError(
            source, "file", f"cannot read the file: {exc.strerror or exc}"
        ) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CatalogueError(
            source, "toml", f"not UTF-8 text (line {line}); save the file as UTF-8"
        ) from exc
    return parse_catalogue(text, source)


def parse_catalogue(text: str, source: str) -> Catalogue:
    """Check the TOML ``text`` of a catalogue and build the :class:`Catalogue`.

    ``source`` names the text in errors (usually the file name). Raises
    :class:`~atelier.domain.errors.CatalogueError` with key ``toml`` for a
    syntax error (the reason carries tomllib's line and column), or the exact
    key of the first problem found.
    """
    try:
        data = tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(source, "toml", f"not valid TOML: {exc}") from exc
    return _Reader(source).catalogue(data)


def default_catalogue_path() -> Path:
    """The path of the catalogue shipped with atelier (Prélude's bookbinding workshop)."""
    return Path(__file__).resolve().parent / "catalogues" / _DEFAULT_FILE


def default_catalogue() -> Catalogue:
    """The catalogue shipped with atelier, loaded (and checked) afresh on each call."""
    return load_catalogue(default_catalogue_path())


def catalogue_to_dict(cat: Catalogue) -> dict[str, Any]:
    """The catalogue as plain JSON-ready data (lists, dicts, strings, numbers, booleans).

    A service's ``standard_minutes`` is the sum of its operations, rounded to
    6 decimals so that float noise (``0.1 + 0.2``) does not show.
    """
    return {
        "code": cat.code,
        "name": cat.name,
        "version": cat.version,
        "formats": [{"code": f.code, "name": f.name} for f in cat.formats],
        "services": [
            {
                "code": svc.code,
                "name": svc.name,
                "category": svc.category,
                "description": svc.description,
                "formats": list(svc.formats),
                "prices": {
                    fmt: [
                        {"min_quantity": brk.min_quantity, "unit_cents": brk.unit_cents}
                        for brk in breaks
                    ]
                    for fmt, breaks in svc.prices.items()
                },
                "standard_minutes": round(svc.standard_minutes, 6),
                "operations": [
                    {
                        "code": op.code,
                        "name": op.name,
                        "standard_minutes": op.standard_minutes,
                        "skill": op.skill,
                        "min_level": op.min_level,
                        "checkpoint": op.checkpoint,
                    }
                    for op in svc.operations
                ],
            }
            for svc in cat.services
        ],
        "skills": [
            {"code": sk.code, "name": sk.name, "kind": sk.kind, "reference": sk.reference}
            for sk in cat.skills
        ],
        "defects": [{"code": code, "label": label} for code, label in cat.defects.items()],
        "evidence": [
            {
                "level": rule.level,
                "min_items": rule.min_items,
                "min_pass_rate": rule.min_pass_rate,
                "autonomous_only": rule.autonomous_only,
            }
            for rule in cat.evidence
        ],
    }


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _kind(value: object) -> str:
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


class _Reader:
    """Walks the parsed TOML, checking as it builds; stops at the first problem."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, reason: str) -> NoReturn:
        raise CatalogueError(self.source, key, reason)

    # -- shapes -----------------------------------------------------------------

    def table(self, value: object, key: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(key, f"expected a table, got {_kind(value)}")
        return value

    def tables(self, value: object, key: str) -> list[dict[str, Any]]:
        if not isinstance(value, list):
            self.fail(key, f"expected an array of tables, got {_kind(value)}")
        return [self.table(item, f"{key}[{i}]") for i, item in enumerate(value)]

    def check_keys(
        self,
        table: dict[str, Any],
        key: str,
        required: Sequence[str],
        optional: Sequence[str] = (),
    ) -> None:
        allowed = (*required, *optional)
        for name in table:
            if name not in allowed:
                close = difflib.get_close_matches(name, allowed, n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"expected {', '.join(allowed)}"
                self.fail(_join(key, name), f"unknown key; {hint}")
        for name in required:
            if name not in table:
                self.fail(_join(key, name), "required key missing")

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
        path = _join(key, name)
        if name not in table and optional:
            return ""
        value = table[name]
        if not isinstance(value, str):
            self.fail(path, f"expected a string, got {_kind(value)}")
        if not value.strip() and not optional:
            self.fail(path, "must not be empty")
        return value.strip() if strip else value

    def code(self, table: dict[str, Any], key: str, name: str = "code") -> str:
        value = self.string(table, key, name, strip=False)
        if not CODE_PATTERN.fullmatch(value):
            self.fail(
                _join(key, name),
                f"invalid code {value!r}: lower-case letters, digits, '_' and '-' only, "
                "starting with a letter or digit",
            )
        return value

    def integer(self, table: dict[str, Any], key: str, name: str) -> int:
        value = table[name]
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(_join(key, name), f"expected an integer, got {_kind(value)}")
        return value

    def number(self, table: dict[str, Any], key: str, name: str) -> float:
        value = table[name]
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(_join(key, name), f"expected a number, got {_kind(value)}")
        if not math.isfinite(value):
            self.fail(_join(key, name), f"expected a finite number, got {value}")
        return float(value)

    def boolean(self, table: dict[str, Any], key: str, name: str, *, default: bool) -> bool:
        if name not in table:
            return default
        value = table[name]
        if not isinstance(value, bool):
            self.fail(_join(key, name), f"expected true or false, got {_kind(value)}")
        return value

    def choice(self, table: dict[str, Any], key: str, name: str, choices: Sequence[str]) -> str:
        value = self.string(table, key, name)
        if value not in choices:
            self.fail(_join(key, name), f"{value!r} is not one of {', '.join(choices)}")
        return value

    def unique(self, seen: dict[str, str], code: str, key: str) -> None:
        if code in seen:
            self.fail(_join(key, "code"), f"duplicate code {code!r} (already at {seen[code]})")
        seen[code] = key

    def non_empty(self, items: list[dict[str, Any]], key: str, what: str) -> None:
        if not items:
            self.fail(key, f"at least one {what} is required")

    # -- sections ---------------------------------------------------------------

    def catalogue(self, data: dict[str, Any]) -> Catalogue:
        self.check_keys(
            data, "", ("catalogue", "formats", "skills", "services"), ("defects", "evidence")
        )
        head = self.table(data["catalogue"], "catalogue")
        self.check_keys(head, "catalogue", ("code", "name", "version"))
        code = self.code(head, "catalogue")
        name = self.string(head, "catalogue", "name")
        version = self.string(head, "catalogue", "version")
        formats = self.formats(data["formats"])
        skills = self.skills(data["skills"])
        defects = self.defects(data.get("defects", []))
        format_codes = [f.code for f in formats]
        skill_codes = {s.code for s in skills}
        services = self.services(data["services"], format_codes, skill_codes)
        evidence = (
            self.evidence(data["evidence"]) if "evidence" in data else DEFAULT_EVIDENCE
        )
        return Catalogue(
            code=code,
            name=name,
            version=version,
            formats=formats,
            skills=skills,
            services=services,
            defects=defects,
            evidence=evidence,
        )

    def formats(self, value: object) -> tuple[Format, ...]:
        tables = self.tables(value, "formats")
        self.non_empty(tables, "formats", "format")
        seen: dict[str, str] = {}
        result = []
        for i, table in enumerate(tables):
            key = f"formats[{i}]"
            self.check_keys(table, key, ("code", "name"))
            code = self.code(table, key)
            self.unique(seen, code, key)
            result.append(Format(code=code, name=self.string(table, key, "name")))
        return tuple(result)

    def skills(self, value: object) -> tuple[Skill, ...]:
        tables = self.tables(value, "skills")
        self.non_empty(tables, "skills", "skill")
        seen: dict[str, str] = {}
        result = []
        for i, table in enumerate(tables):
            key = f"skills[{i}]"
            self.check_keys(table, key, ("code", "name", "kind"), ("reference",))
            code = self.code(table, key)
            self.unique(seen, code, key)
            result.append(
                Skill(
                    code=code,
                    name=self.string(table, key, "name"),
                    kind=self.choice(table, key, "kind", SKILL_KINDS),
                    reference=self.string(table, key, "reference", optional=True),
                )
            )
        return tuple(result)

    def defects(self, value: object) -> dict[str, str]:
        tables = self.tables(value, "defects")
        seen: dict[str, str] = {}
        result: dict[str, str] = {}
        for i, table in enumerate(tables):
            key = f"defects[{i}]"
            self.check_keys(table, key, ("code", "label"))
            code = self.code(table, key)
            self.unique(seen, code, key)
            result[code] = self.string(table, key, "label")
        return result

    def evidence(self, value: object) -> tuple[EvidenceRule, ...]:
        tables = self.tables(value, "evidence")
        seen: dict[int, str] = {}
        result = []
        for i, table in enumerate(tables):
            key = f"evidence[{i}]"
            self.check_keys(
                table, key, ("level", "min_items", "min_pass_rate"), ("autonomous_only",)
            )
            level = self.integer(table, key, "level")
            if not MIN_LEVEL < level <= MAX_LEVEL:
                self.fail(f"{key}.level", f"must be between 1 and {MAX_LEVEL}, got {level}")
            if level in seen:
                self.fail(f"{key}.level", f"duplicate level {level} (already at {seen[level]})")
            seen[level] = key
            items = self.integer(table, key, "min_items")
            if items < 1:
                self.fail(f"{key}.min_items", f"must be at least 1, got {items}")
            rate = self.number(table, key, "min_pass_rate")
            if not 0 <= rate <= 1:
                self.fail(
                    f"{key}.min_pass_rate",
                    f"a share of checks passed between 0 and 1 (0.95 for 95 %), got {rate:g}",
                )
            result.append(
                EvidenceRule(
                    level=level,
                    min_items=items,
                    min_pass_rate=rate,
                    autonomous_only=self.boolean(table, key, "autonomous_only", default=False),
                )
            )
        return tuple(sorted(result, key=lambda rule: rule.level))

    def services(
        self, value: object, format_codes: Sequence[str], skill_codes: Collection[str]
    ) -> tuple[Service, ...]:
        tables = self.tables(value, "services")
        self.non_empty(tables, "services", "service")
        seen: dict[str, str] = {}
        result = []
        for i, table in enumerate(tables):
            key = f"services[{i}]"
            self.check_keys(
                table, key, ("code", "name", "category", "prices"), ("description", "operations")
            )
            code = self.code(table, key)
            self.unique(seen, code, key)
            name = self.string(table, key, "name")
            category = self.choice(table, key, "category", SERVICE_CATEGORIES)
            description = self.string(table, key, "description", optional=True)
            # Missing and empty routings get the same message (checked in operations()).
            operations = self.operations(
                table.get("operations", []), f"{key}.operations", skill_codes
            )
            prices = self.prices(table["prices"], f"{key}.prices", format_codes)
            result.append(
                Service(
                    code=code,
                    name=name,
                    category=category,
                    operations=operations,
                    prices=prices,
                    description=description,
                )
            )
        return tuple(result)

    def operations(
        self, value: object, key: str, skill_codes: Collection[str]
    ) -> tuple[Operation, ...]:
        tables = self.tables(value, key)
        if not tables:
            self.fail(key, "a service needs at least one operation (its routing)")
        seen: dict[str, str] = {}
        result = []
        for i, table in enumerate(tables):
            op_key = f"{key}[{i}]"
            self.check_keys(
                table,
                op_key,
                ("code", "name", "standard_minutes", "skill", "min_level"),
                ("checkpoint",),
            )
            code = self.code(table, op_key)
            self.unique(seen, code, op_key)
            name = self.string(table, op_key, "name")
            minutes = self.number(table, op_key, "standard_minutes")
            if minutes <= 0:
                self.fail(f"{op_key}.standard_minutes", f"must be more than 0, got {minutes:g}")
            skill = self.string(table, op_key, "skill", strip=False)
            if skill not in skill_codes:
                self.fail(f"{op_key}.skill", f"unknown skill {skill!r}: not declared in [[skills]]")
            level = self.integer(table, op_key, "min_level")
            if not MIN_LEVEL <= level <= MAX_LEVEL:
                self.fail(
                    f"{op_key}.min_level",
                    f"must be between {MIN_LEVEL} and {MAX_LEVEL}, got {level}",
                )
            checkpoint = self.boolean(table, op_key, "checkpoint", default=False)
            if checkpoint and i == 0:
                self.fail(
                    f"{op_key}.checkpoint",
                    "the first operation of a routing cannot be a checkpoint: "
                    "a failed check must re-open a previous step",
                )
            result.append(
                Operation(
                    code=code,
                    name=name,
                    standard_minutes=minutes,
                    skill=skill,
                    min_level=level,
                    checkpoint=checkpoint,
                )
            )
        return tuple(result)

    def prices(
        self, value: object, key: str, format_codes: Sequence[str]
    ) -> dict[str, tuple[PriceBreak, ...]]:
        table = self.table(value, key)
        if not table:
            self.fail(key, "a service needs a price list for at least one format")
        result: dict[str, tuple[PriceBreak, ...]] = {}
        for fmt, breaks in table.items():
            fmt_key = f"{key}.{fmt}"
            if fmt not in format_codes:
                close = difflib.get_close_matches(fmt, format_codes, n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                self.fail(fmt_key, f"format {fmt!r} is not declared in [[formats]]{hint}")
            if not isinstance(breaks, list):
                self.fail(
                    fmt_key,
                    f"expected an array of price breaks like [{{ from = 1, cents = 180 }}], "
                    f"got {_kind(breaks)}",
                )
            if not breaks:
                self.fail(fmt_key, "the price list is empty")
            result[fmt] = self.price_breaks(breaks, fmt_key)
        # In the catalogue's format order, whatever the order of the file.
        return {fmt: result[fmt] for fmt in format_codes if fmt in result}

    def price_breaks(self, breaks: list[Any], key: str) -> tuple[PriceBreak, ...]:
        result: list[PriceBreak] = []
        for j, item in enumerate(breaks):
            brk_key = f"{key}[{j}]"
            brk = self.table(item, brk_key)
            self.check_keys(brk, brk_key, ("from", "cents"))
            start = self.integer(brk, brk_key, "from")
            if j == 0 and start != 1:
                self.fail(f"{brk_key}.from", f"the first price break must start at 1, got {start}")
            if result and start <= result[-1].min_quantity:
                self.fail(
                    f"{brk_key}.from",
                    f"price breaks must be strictly ascending: {start} after "
                    f"{result[-1].min_quantity}",
                )
            cents = brk["cents"]
            if isinstance(cents, float):
                self.fail(
                    f"{brk_key}.cents",
                    f"money is an integer number of cents, got the float {cents}",
                )
            cents = self.integer(brk, brk_key, "cents")
            if cents <= 0:
                self.fail(f"{brk_key}.cents", f"must be a positive number of cents, got {cents}")
            result.append(PriceBreak(min_quantity=start, unit_cents=cents))
        return tuple(result)
