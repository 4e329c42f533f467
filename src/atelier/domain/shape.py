"""The public shape of a value, declared once, on the value itself.

Every value the library returns is a frozen attrs class. What a person or a
program reads of it (``--json`` on the command line, the HTTP API's answers)
is its *shape*: its fields in order, then the figures it derives from them,
each under its own name, unless the value says otherwise:

- ``attrs.field(metadata=shown_as("line"))``: the field is shown under another
  name (the library's attribute keeps its own);
- ``attrs.field(metadata=internal())``: the field is the library's own business
  (a database version, a raw tally behind derived figures) and is not shown;
- ``DERIVED: ClassVar[tuple[str, ...]] = ("percent",)``: read-only properties
  shown after the fields, under their names; an entry ``("key", "attribute")``
  shows the property ``attribute`` under ``key``.

:func:`shape_of` reads that declaration; the JSON converter
(:func:`atelier.exporting.jsonable.jsonable`) and the HTTP API's response
models are both built from it, so the two doors cannot drift apart. A value
never writes its own ``as_dict``.
"""

from __future__ import annotations

import typing
from typing import Any

import attrs

_SHOWN_AS = "atelier.shown_as"
_INTERNAL = "atelier.internal"


def shown_as(name: str) -> dict[str, Any]:
    """Field metadata: show the field under ``name``."""
    return {_SHOWN_AS: name}


def internal() -> dict[str, Any]:
    """Field metadata: the field is not part of the value's shape."""
    return {_INTERNAL: True}


@attrs.frozen
class Member:
    """One entry of a value's shape: the key it is shown under, the attribute read on
    the value, and that attribute's type (resolved annotation)."""

    key: str
    attribute: str
    type: Any
    derived: bool = False


_SHAPES: dict[type, tuple[Member, ...]] = {}


def shape_of(cls: type) -> tuple[Member, ...]:
    """The members shown of the attrs class ``cls``: its fields in declaration order
    (renamed or left out as their metadata says), then its ``DERIVED`` properties."""
    found = _SHAPES.get(cls)
    if found is None:
        found = _SHAPES[cls] = _members(cls)
    return found


def _members(cls: type) -> tuple[Member, ...]:
    if not attrs.has(cls):
        raise TypeError(f"{cls!r} is not an attrs class")
    hints = typing.get_type_hints(cls)
    members = [Member(field.metadata.get(_SHOWN_AS, field.name), field.name, hints[field.name])
               for field in attrs.fields(cls) if not field.metadata.get(_INTERNAL)]
    for entry in getattr(cls, "DERIVED", ()):
        key, name = (entry, entry) if isinstance(entry, str) else entry
        prop = getattr(cls, name, None)
        if not isinstance(prop, property) or prop.fget is None:
            raise TypeError(f"{cls.__name__}.{name} is in DERIVED but is not a property")
        returns = typing.get_type_hints(prop.fget).get("return")
        if returns is None:
            raise TypeError(f"{cls.__name__}.{name} has no return annotation")
        members.append(Member(key, name, returns, derived=True))
    keys = [m.key for m in members]
    if len(set(keys)) != len(keys):
        raise TypeError(f"{cls.__name__} shows the same key twice: {keys}")
    return tuple(members)
