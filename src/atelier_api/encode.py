"""The JSON data of the library's values, as :func:`atelier.jsonable` gives it, faster.

:func:`atelier.jsonable` is the one definition of a value's JSON shape: it asks, for
every value it meets, which kind of value it is (plain, an attrs class, a time, a date,
a mapping, a sequence, a fraction) and, for an attrs class, its shape
(:func:`atelier.domain.shape.shape_of`). The collectivity's answers, polled by
hundreds of libraries, are a few hundred values each: here the question is asked
once per type, and its answer (a converter) kept. The converters follow
:func:`~atelier.exporting.jsonable.jsonable` case by case, in its order, with
``with_offset=True`` (what the HTTP API promises); a test holds both equal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import attrs

from atelier.domain.shape import shape_of

_PLAIN = (str, int, float, bool, type(None))
#: The plain types themselves: a value of one of them is its own JSON data, and is
#: taken as it is without a call (most of an answer's values are).
_PLAIN_TYPES = frozenset(_PLAIN)
#: The converter of each type met so far (types are few, and never forgotten).
_CONVERTERS: dict[type, Callable[[Any], Any]] = {}


def json_data(value: Any) -> Any:
    """``jsonable(value, with_offset=True)``: ``value`` as JSON data."""
    convert = _CONVERTERS.get(type(value))
    if convert is None:
        convert = _converter(type(value))
    return convert(value)


def _same(value: Any) -> Any:
    return value


def _datetime(value: dt.datetime) -> str:
    if value.tzinfo is None:
        value = value.astimezone()
    return value.isoformat()


def _date(value: dt.date) -> str:
    return value.isoformat()


def _mapping(value: Mapping[Any, Any]) -> dict[str, Any]:
    return {str(k): json_data(v) for k, v in value.items()}


def _sequence(value: list[Any] | tuple[Any, ...]) -> list[Any]:
    return [v if type(v) in _PLAIN_TYPES else json_data(v) for v in value]


def _fraction(value: Fraction) -> float:
    return float(value)


def _attrs_converter(cls: type) -> Callable[[Any], dict[str, Any]]:
    members = tuple((m.key, m.attribute) for m in shape_of(cls))

    def convert(value: Any) -> dict[str, Any]:
        data = {}
        for key, name in members:
            v = getattr(value, name)
            data[key] = v if type(v) in _PLAIN_TYPES else json_data(v)
        return data

    return convert


def _converter(cls: type) -> Callable[[Any], Any]:
    """The converter of values of type ``cls`` (the cases of ``jsonable``, in its order)."""
    convert: Callable[[Any], Any]
    if issubclass(cls, _PLAIN):
        convert = _same
    elif attrs.has(cls):
        convert = _attrs_converter(cls)
    elif issubclass(cls, dt.datetime):
        convert = _datetime
    elif issubclass(cls, dt.date):
        convert = _date
    elif issubclass(cls, Mapping):
        convert = _mapping
    elif issubclass(cls, list | tuple):
        convert = _sequence
    elif issubclass(cls, Fraction):
        convert = _fraction
    else:
        raise TypeError(f"no JSON form for {cls.__name__}")
    _CONVERTERS[cls] = convert
    return convert
