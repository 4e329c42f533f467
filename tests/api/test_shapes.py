"""The API's schemas are derived from the library's values: for every value of the front
door, whatever it holds, the one converter's JSON is valid under the model derived from
the same class — the CLI's ``--json`` and the API cannot drift apart."""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Mapping
from typing import Any, Literal, Union, get_args, get_origin

import attrs
import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

import atelier
from atelier import AtelierError, jsonable
from atelier_api.shapes import model_of

#: Every value class of the front door (the ``Workshop`` itself is not a value).
VALUES = sorted((getattr(atelier, name) for name in atelier.__all__
                 if isinstance(getattr(atelier, name), type)
                 and attrs.has(getattr(atelier, name)) and name != "Workshop"),
                key=lambda cls: cls.__name__)


def _strategy(annotation: Any) -> st.SearchStrategy[Any]:
    origin, args = get_origin(annotation), get_args(annotation)
    if isinstance(annotation, type) and attrs.has(annotation):
        return _values(annotation)
    if origin in (Union, types.UnionType):
        return st.one_of(*(_strategy(a) for a in args))
    if origin is Literal:
        return st.sampled_from(args)
    if origin is tuple:
        return st.lists(_strategy(args[0]), max_size=3).map(tuple)
    if origin in (Mapping, dict):
        return st.dictionaries(_strategy(args[0]), _strategy(args[1]), max_size=3)
    simple: dict[Any, st.SearchStrategy[Any]] = {
        str: st.text(max_size=12), int: st.integers(0, 10**6), bool: st.booleans(),
        float: st.floats(0, 10**6), type(None): st.none(),
        dt.date: st.dates(dt.date(1900, 1, 1), dt.date(2999, 12, 31)),
        dt.datetime: st.datetimes(dt.datetime(1970, 1, 2), dt.datetime(2999, 12, 31)),
        object: st.one_of(st.none(), st.dictionaries(st.text(max_size=5),
                                                     st.integers() | st.text(max_size=5),
                                                     max_size=3)),
        Any: st.one_of(st.none(), st.integers(), st.text(max_size=5)),
    }
    return simple[annotation]


def _build(cls: type, kwargs: dict[str, Any]) -> Any:
    try:
        return cls(**kwargs)
    except AtelierError:
        reject()  # a value the domain refuses is never returned by a use case


def _values(cls: type) -> st.SearchStrategy[Any]:
    hints = typing.get_type_hints(cls)
    fields = {f.name: st.deferred(lambda t=hints[f.name]: _strategy(t))
              for f in attrs.fields(cls) if f.init}
    return st.fixed_dictionaries(fields).map(lambda kwargs: _build(cls, kwargs))


@pytest.mark.parametrize("cls", VALUES, ids=lambda cls: cls.__name__)
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_the_json_of_every_value_matches_its_derived_model(cls: type,
                                                           data: st.DataObject) -> None:
    value = data.draw(_values(cls))
    shown = jsonable(value, with_offset=True)
    model = model_of(cls)
    model.model_validate(shown)
    # Every key of the JSON is a member of the schema, and the schema has no other.
    assert set(shown) == set(model.model_json_schema()["properties"])
