"""What every staff route shares: pages of lists, and how a route documents itself."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Generic, TypeVar

import attrs
from fastapi import Depends, Query, Request
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)

from atelier.domain.errors import InvalidInput
from atelier.facade.base import permission_of
from atelier_api.problems import problem_responses

T = TypeVar("T")
P = TypeVar("P", bound="Page[Any]")

#: The largest identifier a request may name (a 32-bit key).
MAX_ID = 2_147_483_647
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


#: A day given by a caller: from 1900 to 2999 (no arithmetic on it may leave the calendar).
Day = Annotated[dt.date, Field(ge=dt.date(1900, 1, 1), le=dt.date(2999, 12, 31),
                               description="An ISO date from 1900-01-01 to 2999-12-31."),
                BeforeValidator(_iso_day)]



def _with_offset(value: dt.datetime) -> dt.datetime:
    """A moment of the workshop's clock (local time, stored without offset) with the
    server's UTC offset, as RFC 3339 wants it."""
    return value if value.tzinfo is not None else value.astimezone()


#: A moment in a response: ISO 8601 with the UTC offset.
Moment = Annotated[dt.datetime, AfterValidator(_with_offset)]


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


def window(limit: Annotated[int, Query(ge=1, le=MAX_LIMIT,
                                       description="How many items at most.")] = DEFAULT_LIMIT,
           offset: Annotated[int, Query(ge=0, le=MAX_ID,
                                        description="How many to skip.")] = 0) -> Window:
    """The ``limit`` and ``offset`` query parameters of every list."""
    return Window(limit, offset)


Paging = Annotated[Window, Depends(window)]


class Page(BaseModel, Generic[T]):
    """A page of a list: ``items`` from ``offset``, at most ``limit``, of ``total``."""

    items: list[T]
    total: int = Field(description="How many items the whole list (with its filters) holds.",
                       examples=[1])
    limit: int = Field(examples=[DEFAULT_LIMIT])
    offset: int = Field(examples=[0])


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


def page_examples(model: type[BaseModel]) -> ConfigDict:
    """A page model's configuration, with one page of ``model``'s example."""
    return examples({"items": [example_of(model)], "total": 1, "limit": DEFAULT_LIMIT,
                     "offset": 0})


def page(cls: type[P], found: Sequence[Any], at: Window,
         convert: Callable[[Any], Any] | None = None) -> P:
    """``cls`` holding the slice of ``found`` that ``at`` asks for (each item converted)."""
    items = at.cut(found)
    return cls(items=[convert(i) for i in items] if convert else items, total=len(found),
               limit=at.limit, offset=at.offset)


def _has_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


class RequestBody(BaseModel):
    """A request body: no text in it may hold a NUL character (PostgreSQL refuses them,
    SQLite would keep them: refused here the same on both)."""

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        if _has_nul(data):
            raise ValueError("text may not contain a NUL character")
        return data


def no_nul_in_url(request: Request) -> None:
    """Refuse a path or query parameter holding a NUL character (see :class:`RequestBody`)."""
    if "\x00" in request.url.path or any("\x00" in k or "\x00" in v
                                          for k, v in request.query_params.multi_items()):
        raise InvalidInput("url", "a parameter may not contain a NUL character",
                           code="nul_character")


def staff(use_case: Callable[..., Any], *statuses: int,
          responses: dict[int | str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """The documentation of a staff route calling ``use_case`` (a ``Workshop`` method):
    the permission it needs (``x-atelier-permission``, read by the role-matrix test),
    the use case's name (``x-atelier-use-case``), and its error responses: 400, 401,
    403 and 422 always, plus ``statuses`` (and other ``responses``)."""
    permission = permission_of(use_case)
    if permission is None:
        raise TypeError(f"{use_case!r} is not a use case of the Workshop")
    return {"dependencies": [Depends(no_nul_in_url)],
            "openapi_extra": {"x-atelier-permission": permission,
                              "x-atelier-use-case": use_case.__name__},
            "responses": {**problem_responses(*sorted({400, 401, 403, 422, *statuses})),
                          **(responses or {})}}
