"""The one converter from the library's values to JSON data.

``jsonable(value)`` turns any value the library returns (a frozen attrs class,
or lists, tuples and mappings of them) into plain JSON data: objects keyed as
the value's shape says (:func:`atelier.domain.shape.shape_of`), dates and times
as ISO 8601 text, tuples as lists. The command line's ``--json`` and the HTTP
API's answers both come from it, so a value has one JSON shape everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import attrs

from atelier.domain.shape import shape_of

_PLAIN = (str, int, float, bool, type(None))


def jsonable(value: Any, *, with_offset: bool = False) -> Any:
    """``value`` as JSON data (dicts, lists, text, numbers, booleans and null).

    ``with_offset``: times are written with their UTC offset (RFC 3339, what the
    HTTP API promises); a naive time is taken as the machine's local time.
    Otherwise they are written as stored (local time, no offset).
    """
    if isinstance(value, _PLAIN):
        return value
    if attrs.has(type(value)):
        return {member.key: jsonable(getattr(value, member.attribute), with_offset=with_offset)
                for member in shape_of(type(value))}
    if isinstance(value, dt.datetime):
        if with_offset and value.tzinfo is None:
            value = value.astimezone()
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v, with_offset=with_offset) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v, with_offset=with_offset) for v in value]
    if isinstance(value, Fraction):
        return float(value)
    raise TypeError(f"no JSON form for {type(value).__name__}")
