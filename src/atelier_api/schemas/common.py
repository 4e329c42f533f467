"""What every staff route shares: pages of lists, request bodies, and how a route documents
itself."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar

import attrs
from fastapi import Depends, Query
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, create_model, model_validator

from atelier.domain import bounds
from atelier.domain.roles import permission_of
from atelier_api.problems import problem_responses
from atelier_api.shapes import shown

T = TypeVar("T")

#: The largest identifier a request may name (the library's bound).
MAX_ID = bounds.MAX_ID
#: An identifier given in a body (query and path parameters use the same bounds).
Id = Annotated[int, Field(ge=1, le=MAX_ID, strict=True)]
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_day(value: object) -> object:
    """Only ``YYYY-MM-DD`` makes a day (pydantic alone would read ``0`` as 1970-01-01)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DAY.match(value):
        return value
    raise ValueError("expected a date as YYYY-MM-DD")


#: A day given by a caller, within the library's bounds.
Day = Annotated[dt.date, Field(ge=bounds.FIRST_DAY, le=bounds.LAST_DAY,
                               description=f"An ISO date from {bounds.FIRST_DAY} to "
                                           f"{bounds.LAST_DAY}.",
                               # JSON Schema has no bounds for a date: the keywords of
                               # the format-minimum proposal (ajv) say them.
                               json_schema_extra={
                                   "formatMinimum": bounds.FIRST_DAY.isoformat(),
                                   "formatMaximum": bounds.LAST_DAY.isoformat()}),
                BeforeValidator(_iso_day)]


def one_of(values: Sequence[str]) -> dict[str, Any]:
    """``json_schema_extra`` naming the closed vocabulary ``values`` of a text field (the
    library checks it, with a stable error code)."""
    return {"enum": list(values)}


#: Largest page a list returns.
MAX_LIMIT = 500
DEFAULT_LIMIT = 100


@attrs.frozen
class Window:
    """Which slice of a list is asked for."""

    limit: int
    offset: int

    def cut(self, found: Sequence[T]) -> list[T]:
        """The slice of ``found``."""
        return list(found[self.offset:self.offset + self.limit])


async def window(limit: Annotated[int, Query(ge=1, le=MAX_LIMIT,
                                             description="How many items at most.")
                                 ] = DEFAULT_LIMIT,
                 offset: Annotated[int, Query(ge=0, le=MAX_ID,
                                              description="How many to skip.")] = 0
                 ) -> Window:
    """The ``limit`` and ``offset`` query parameters of every list (``async``: nothing
    to wait for, so no thread-pool hop)."""
    return Window(limit, offset)


Paging = Annotated[Window, Depends(window)]


def page_of(model: type[BaseModel], name: str, doc: str) -> type[BaseModel]:
    """The model of a page of ``model``: ``items`` from ``offset``, at most ``limit``, of
    ``total``; its example is one page of ``model``'s example."""
    found = model.model_config.get("json_schema_extra")
    sample = found.get("examples") if isinstance(found, dict) else None
    config = examples({"items": sample[:1], "total": 1, "limit": DEFAULT_LIMIT,
                       "offset": 0}) if isinstance(sample, list) and sample else ConfigDict()
    page: type[BaseModel] = create_model(
        name, __config__=config, __doc__=doc, items=(list[model], ...),  # type: ignore[valid-type]
        total=(int, Field(description="How many items the whole list (with its filters) "
                                      "holds.")),
        limit=(int, ...), offset=(int, ...))
    return page


def example_of(model: type[BaseModel]) -> dict[str, Any]:
    """The first example of ``model``."""
    extra = model.model_config.get("json_schema_extra")
    assert isinstance(extra, dict), model
    examples = extra["examples"]
    assert isinstance(examples, list)
    first = examples[0]
    assert isinstance(first, dict)
    return first


def examples(*values: dict[str, Any]) -> ConfigDict:
    """A model configuration with ``values`` as its OpenAPI examples."""
    return ConfigDict(json_schema_extra={"examples": list(values)})


def page(found: Sequence[Any], at: Window,
         convert: Callable[[Any], Any] = shown) -> dict[str, Any]:
    """The page of ``found`` that ``at`` asks for: each item as the API shows it."""
    return {"items": [convert(i) for i in at.cut(found)], "total": len(found),
            "limit": at.limit, "offset": at.offset}


def _has_control(value: object) -> bool:
    if isinstance(value, str):
        return bounds.has_control(value, multiline=True)
    if isinstance(value, dict):
        return any(_has_control(k) or _has_control(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_control(v) for v in value)
    return False


class RequestBody(BaseModel):
    """A request body. Its fields' bounds are the library's (:mod:`atelier.domain.bounds`,
    the same constants and the same test for control characters), checked here first
    so that a client reads every bad field at once; the library checks them again, the
    same for every door."""

    @model_validator(mode="before")
    @classmethod
    def _no_control(cls, data: Any) -> Any:
        if _has_control(data):
            raise ValueError("text may not contain a control character")
        return data


def staff(use_case: Callable[..., Any], *statuses: int, returns: type[BaseModel] | None = None,
          status: int = 200, responses: dict[int | str, dict[str, Any]] | None = None,
          ) -> dict[str, Any]:
    """The documentation of a staff route calling ``use_case`` (a ``Workshop`` method):
    the permission it needs (``x-atelier-permission``, read by the role-matrix test),
    the use case's name (``x-atelier-use-case``), the model of what it ``returns`` with
    its success ``status``, and its error responses: 400, 401, 403 and 422 always, plus
    ``statuses`` (and other ``responses``).

    The route's answer is the library's value shown by :func:`atelier_api.shapes.shown`
    (the one converter of the library); the model documents it, derived from the same
    value, and is not validated again at run time.
    """
    permission = permission_of(use_case)
    if permission is None:
        raise TypeError(f"{use_case!r} is not a use case of the Workshop")
    documented: dict[int | str, dict[str, Any]] = {}
    if returns is not None:
        documented[status] = {"model": returns, "description": "Successful Response"}
    return {"response_model": None, "status_code": status,
            "openapi_extra": {"x-atelier-permission": permission,
                              "x-atelier-use-case": use_case.__name__},
            "responses": {**documented,
                          **problem_responses(*sorted({400, 401, 403, 422, *statuses})),
                          **(responses or {})}}
