"""The catalogue file as a whole: its top-level keys, ``[catalogue]`` head, code lists.

:func:`read_catalogue` checks the sections in a fixed order (head, formats,
skills, defects, services, evidence), so the first problem reported does not
depend on the order of the file.
"""

from __future__ import annotations

from typing import Any

from atelier.domain.catalogue import DEFAULT_EVIDENCE, Catalogue, Defect, Format
from atelier.importing.catalogue.reader import KeyReader
from atelier.importing.catalogue.services import read_services
from atelier.importing.catalogue.skills import read_evidence, read_skills

__all__ = ["read_catalogue", "read_defects", "read_formats"]


def read_catalogue(r: KeyReader, data: dict[str, Any]) -> Catalogue:
    """The :class:`Catalogue` of the parsed TOML ``data``, checked whole."""
    r.check_keys(
        data, "", ("catalogue", "formats", "skills", "services"), ("defects", "evidence")
    )
    head = r.table(data["catalogue"], "catalogue")
    r.check_keys(head, "catalogue", ("code", "name", "version"))
    code = r.code(head, "catalogue")
    name = r.string(head, "catalogue", "name")
    version = r.string(head, "catalogue", "version")
    formats = read_formats(r, data["formats"])
    skills = read_skills(r, data["skills"])
    defects = read_defects(r, data.get("defects", []))
    format_codes = [f.code for f in formats]
    skill_codes = {s.code for s in skills}
    services = read_services(r, data["services"], format_codes, skill_codes)
    evidence = (
        read_evidence(r, data["evidence"]) if "evidence" in data else DEFAULT_EVIDENCE
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


def read_formats(r: KeyReader, value: object) -> tuple[Format, ...]:
    """The document formats, in file order; at least one, codes unique."""
    tables = r.tables(value, "formats")
    r.non_empty(tables, "formats", "format")
    seen: dict[str, str] = {}
    result = []
    for i, table in enumerate(tables):
        key = f"formats[{i}]"
        r.check_keys(table, key, ("code", "name"))
        code = r.code(table, key)
        r.unique(seen, code, key)
        result.append(Format(code=code, name=r.string(table, key, "name")))
    return tuple(result)


def read_defects(r: KeyReader, value: object) -> tuple[Defect, ...]:
    """The defects a failed quality check may give, codes unique."""
    tables = r.tables(value, "defects")
    seen: dict[str, str] = {}
    result: list[Defect] = []
    for i, table in enumerate(tables):
        key = f"defects[{i}]"
        r.check_keys(table, key, ("code", "label"))
        code = r.code(table, key)
        r.unique(seen, code, key)
        result.append(Defect(code, r.string(table, key, "label")))
    return tuple(result)
