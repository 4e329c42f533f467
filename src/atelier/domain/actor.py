"""Who acts, and through which door: every mutation's audit record names both."""

from __future__ import annotations

import attrs

DOORS = ("library", "cli", "api")
#: Staff roles (see ``atelier.domain.roles``); kept here so the actor needs no import.
ROLES = ("admin", "supervisor", "counsellor", "viewer")


@attrs.frozen
class Actor:
    """The person (staff name or login) acting, their role, and the door they came through."""

    name: str = attrs.field()
    door: str = attrs.field(default="library")
    role: str = attrs.field(default="admin")

    @name.validator
    def _name(self, _a: attrs.Attribute[str], value: str) -> None:
        if not value.strip():
            raise ValueError("an actor needs a name")

    @door.validator
    def _door(self, _a: attrs.Attribute[str], value: str) -> None:
        if value not in DOORS:
            raise ValueError(f"door must be one of {DOORS}")

    @role.validator
    def _role(self, _a: attrs.Attribute[str], value: str) -> None:
        if value not in ROLES:
            raise ValueError(f"role must be one of {ROLES}")
