"""Who acts, and through which door: every mutation's audit record names both."""

from __future__ import annotations

import attrs

DOORS = ("library", "cli", "api")


@attrs.frozen
class Actor:
    """The person (staff name or login) acting, and the door they came through."""

    name: str = attrs.field()
    door: str = attrs.field(default="library")

    @name.validator
    def _name(self, _a: attrs.Attribute[str], value: str) -> None:
        if not value.strip():
            raise ValueError("an actor needs a name")

    @door.validator
    def _door(self, _a: attrs.Attribute[str], value: str) -> None:
        if value not in DOORS:
            raise ValueError(f"door must be one of {DOORS}")
