"""The skill sections of a catalogue file: ``[[skills]]`` and ``[[evidence]]``."""

from __future__ import annotations

from atelier.domain.catalogue import MAX_LEVEL, MIN_LEVEL, SKILL_KINDS, EvidenceRule, Skill
from atelier.importing.catalogue.reader import KeyReader

__all__ = ["read_evidence", "read_skills"]


def read_skills(r: KeyReader, value: object) -> tuple[Skill, ...]:
    """The skill referential, in file order; at least one, codes unique."""
    tables = r.tables(value, "skills")
    r.non_empty(tables, "skills", "skill")
    seen: dict[str, str] = {}
    result = []
    for i, table in enumerate(tables):
        key = f"skills[{i}]"
        r.check_keys(table, key, ("code", "name", "kind"), ("reference",))
        code = r.code(table, key)
        r.unique(seen, code, key)
        result.append(
            Skill(
                code=code,
                name=r.string(table, key, "name"),
                kind=r.choice(table, key, "kind", SKILL_KINDS),
                reference=r.string(table, key, "reference", optional=True),
            )
        )
    return tuple(result)


def read_evidence(r: KeyReader, value: object) -> tuple[EvidenceRule, ...]:
    """When production suggests a level: one rule per level at most, sorted by level."""
    tables = r.tables(value, "evidence")
    seen: dict[int, str] = {}
    result = []
    for i, table in enumerate(tables):
        key = f"evidence[{i}]"
        r.check_keys(
            table, key, ("level", "min_items", "min_pass_rate"), ("autonomous_only",)
        )
        level = r.integer(table, key, "level")
        if not MIN_LEVEL < level <= MAX_LEVEL:
            r.fail(f"{key}.level", f"must be between 1 and {MAX_LEVEL}, got {level}")
        if level in seen:
            r.fail(f"{key}.level", f"duplicate level {level} (already at {seen[level]})")
        seen[level] = key
        items = r.integer(table, key, "min_items")
        if items < 1:
            r.fail(f"{key}.min_items", f"must be at least 1, got {items}")
        rate = r.number(table, key, "min_pass_rate")
        if not 0 <= rate <= 1:
            r.fail(
                f"{key}.min_pass_rate",
                f"a share of checks passed between 0 and 1 (0.95 for 95 %), got {rate:g}",
            )
        result.append(
            EvidenceRule(
                level=level,
                min_items=items,
                min_pass_rate=rate,
                autonomous_only=r.boolean(table, key, "autonomous_only", default=False),
            )
        )
    return tuple(sorted(result, key=lambda rule: rule.level))
