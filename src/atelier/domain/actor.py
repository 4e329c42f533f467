"""Who acts, and through which door: every mutation's audit record names both."""

from __future__ import annotations

from typing import Literal, get_args

import attrs

from atelier.domain import bounds
from atelier.domain.errors import InvalidInput
from atelier.domain.roles import ROLES, Role

#: How a person reaches the library: directly, through the command line, or over HTTP.
Door = Literal["library", "cli", "api"]
DOORS: tuple[Door, ...] = get_args(Door)


@attrs.frozen
class Actor:
    """The person (staff name or login) acting, their role, and the door they came through."""

    name: str = attrs.field()
    door: Door = attrs.field(default="library",
                             validator=bounds.one_of(DOORS, code="door_invalid"))
    role: Role = attrs.field(default="admin",
                             validator=bounds.one_of(ROLES, code="role_invalid"))

    @name.validator
    def _name(self, _a: attrs.Attribute[str], value: str) -> None:
        # Written in every audit record: one line of text, like any name.
        if bounds.name(value, "actor") != value:
            raise InvalidInput("actor", "a name without leading, trailing or repeated spaces",
                               value=value, code="actor_invalid")
