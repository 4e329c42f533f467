"""The API's answers are the library's values: their JSON and their schema, derived.

An answer's body is :func:`atelier.jsonable` of the value the use case returned
(times with their UTC offset, as RFC 3339 wants): the same converter, hence the
same shape, as the command line's ``--json``. Its OpenAPI schema is
:func:`model_of` the value's class, read from the same declaration
(:func:`atelier.domain.shape.shape_of`): nothing is typed twice. Where the API
shows a value differently on purpose (a link to follow, a name the API has
always used), that difference is the only thing written, in :func:`model_of`'s
arguments and in the data handed to :func:`shown`.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from typing import Any, Union, get_args, get_origin

import attrs
from pydantic import BaseModel, ConfigDict, Field, create_model

from atelier import jsonable
from atelier.domain.shape import shape_of

#: Models derived so far, by class (a class has one model, named after it).
_MODELS: dict[type, type[BaseModel]] = {}


def shown(value: Any, **extra: Any) -> Any:
    """The JSON data of ``value`` as the API answers it (times with their UTC offset);
    ``extra`` keys are added to an object (a difference of the API's, written here)."""
    data = jsonable(value, with_offset=True)
    return {**data, **jsonable(extra, with_offset=True)} if extra else data


def renamed(data: dict[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    """``data`` with its keys renamed as ``names`` says (old -> new), in the same order."""
    return {names.get(k, k): v for k, v in data.items()}


def _field_type(annotation: Any) -> Any:
    """The pydantic type of a value's member: values become their models, tuples lists,
    mappings dicts; anything else is kept (str, int, dates, Literal vocabularies)."""
    if isinstance(annotation, type) and attrs.has(annotation):
        return model_of(annotation)
    origin = get_origin(annotation)
    args = get_args(annotation)
    if origin in (Union, types.UnionType):
        return Union[tuple(_field_type(a) for a in args)]  # noqa: UP007 (from a tuple)
    if origin is tuple:
        return list[_field_type(args[0])]  # type: ignore[misc]
    if origin in (Mapping, dict):
        return dict[args[0], _field_type(args[1])]  # type: ignore[misc, valid-type]
    if annotation is object:
        return Any
    return annotation


def model_of(cls: type, *, name: str | None = None, rename: Mapping[str, str] | None = None,
             fields: Mapping[str, Any] | None = None, drop: tuple[str, ...] = (),
             examples: list[dict[str, Any]] | None = None,
             descriptions: Mapping[str, str] | None = None) -> type[BaseModel]:
    """The pydantic model describing the JSON of the library's value class ``cls``.

    With no argument, the one model of ``cls`` (cached). ``rename`` (old key -> new),
    ``fields`` (key -> type, replacing or adding a member), ``drop`` (keys left out) say
    how the API shows it differently; such a model needs its own ``name``.
    ``examples`` and ``descriptions`` document it in the OpenAPI schema.
    """
    plain = not (rename or fields or drop)
    if plain and cls in _MODELS and examples is None and descriptions is None:
        return _MODELS[cls]
    rename = rename or {}
    members: dict[str, Any] = {}
    notes = descriptions or {}
    for member in shape_of(cls):
        key = rename.get(member.key, member.key)
        if member.key in drop:
            continue
        members[key] = (_field_type(member.type), Field(description=notes.get(key)))
    for key, kind in (fields or {}).items():
        members[key] = (kind, Field(description=notes.get(key)))
    extra: dict[str, Any] | None = {"examples": examples} if examples else None
    config = ConfigDict(json_schema_extra=extra)
    model: type[BaseModel] = create_model(
        name or cls.__name__, __config__=config, __doc__=cls.__doc__, **members)
    if plain and cls not in _MODELS:
        _MODELS[cls] = model
    return model
