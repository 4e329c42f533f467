"""Errors as ``application/problem+json`` (RFC 9457), each with a stable ``code``.

The library's errors are translated here, once: their family gives the HTTP
status, their code the problem type. Nothing else in the API raises HTTP errors.
"""

from __future__ import annotations

from typing import Any

import attrs
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from atelier import Workshop
from atelier.domain.errors import AtelierError, DatabaseBusy, DatabaseUnusable
from atelier_api.openapi import enforced

PROBLEM_JSON = "application/problem+json"

#: HTTP status by error family (see ``AtelierError.kind``).
STATUS = {"invalid": 422, "not_found": 404, "rule": 409, "conflict": 409, "forbidden": 403,
          "unauthenticated": 401}


class ProblemItem(BaseModel):
    """One thing wrong in the input: the field (or the file's line and column) and why."""

    field: str = Field(examples=["isbn"])
    reason: str = Field(examples=["bad check digit"])
    line: int | None = Field(default=None, examples=[4])
    value: str | None = Field(default=None, examples=["978-2-07-036822-9"])


class Problem(BaseModel):
    """An error, as ``application/problem+json`` (RFC 9457).

    ``code`` is stable: programs branch on it (``order_not_found``, ``skill_gate``,
    ``forbidden``, ``idempotency_key_reused``…). ``title`` is an English sentence for
    people; ``params`` holds the values it was made from.
    """

    model_config = {"json_schema_extra": {"examples": [{
        "type": "urn:atelier:problem:order_not_found", "code": "order_not_found",
        "title": "order not found: CMD-2026-0042", "status": 404,
        "params": {"what": "order", "key": "CMD-2026-0042"}}]}}

    type: str = Field(description="``urn:atelier:problem:<code>``")
    code: str = Field(description="The stable machine-readable error code.")
    title: str
    status: int
    detail: str | None = None
    params: dict[str, str | int | float | bool | None] = Field(default_factory=dict)
    problems: list[ProblemItem] | None = Field(
        default=None, description="Every problem found in the input (all rows of a refused "
                                  "file, every invalid field of a request).")


_DESCRIPTIONS = {
    400: "The body cannot be read (code `http_error`).",
    401: "No valid token: send `Authorization: Bearer TOKEN` (code `token_missing`, "
         "`token_invalid`).",
    403: "The token's role does not grant the permission this act needs (code `forbidden`), "
         "or a collectivity link on the staff API (`staff_only`).",
    404: "Something named in the request does not exist (code `<what>_not_found`).",
    409: "The workshop's rules refuse the act in the current state, or somebody else changed "
         "the same thing first (`conflict`, `concurrent_write`), or another request with the "
         "same `Idempotency-Key` is under way (`idempotency_in_progress`: nothing was done).",
    422: "The request is not valid (`request_invalid`, with every problem), a value is out of "
         "range, a file is refused whole (`file_rejected`), or an `Idempotency-Key` was "
         "reused for another request (`idempotency_key_reused`).",
    429: "Too many requests (code `too_many_requests`).",
    503: "The database cannot be used as it is, or stayed busy with another writer longer "
         "than the wait allowed (`database_busy`, with `Retry-After`): nothing was done.",
}

#: The error responses a route may declare, by status: ``responses={**PROBLEM_RESPONSES}``
#: or :func:`problem_responses` for a few. Their body is :class:`Problem`, served as
#: ``application/problem+json`` (the OpenAPI document says so: see :func:`install`).
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "description": text} for status, text in _DESCRIPTIONS.items()}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The :data:`PROBLEM_RESPONSES` entries of ``statuses``."""
    return {status: PROBLEM_RESPONSES[status] for status in statuses}


def problem(status: int, code: str, title: str, detail: str | None = None,
            **extra: Any) -> JSONResponse:
    """A problem response with the stable ``code`` as its type."""
    body = {"type": f"urn:atelier:problem:{code}", "code": code, "title": title,
            "status": status, **({"detail": detail} if detail else {}), **extra}
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _jsonable(params: dict[str, Any]) -> dict[str, Any]:
    return {k: v if isinstance(v, str | int | float | bool | type(None)) else str(v)
            for k, v in params.items()}


async def _atelier_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AtelierError)
    return problem_of(exc)


def problem_of(exc: AtelierError) -> JSONResponse:
    """The problem response of a library error (its family gives the status)."""
    # A database that cannot serve is the server's trouble, not the request's: 503, and a
    # busy one says when to come back.
    unavailable = isinstance(exc, DatabaseUnusable | DatabaseBusy)
    status = 503 if unavailable else STATUS.get(exc.kind, 400)
    extra: dict[str, Any] = {"params": _jsonable(exc.params)}
    problems = getattr(exc, "problems", None)
    if problems:
        extra["problems"] = [attrs.asdict(p) for p in problems]
    response = problem(status, exc.code, str(exc).splitlines()[0], **extra)
    if isinstance(exc, DatabaseBusy):
        response.headers["Retry-After"] = "5"
    return response


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    found = [{"field": ".".join(str(p) for p in err.get("loc", ())), "reason": err.get("msg"),
              "line": None, "value": None} for err in exc.errors()]
    return problem(422, "request_invalid", "the request is not valid", problems=found)


def _allowed_methods(request: Request) -> str:
    """Every method some route answers on the request's path (a path's GET and POST are
    separate routes: the one that refused would name only its own)."""
    found: set[str] = set()
    for route in iter_route_contexts(request.app.routes):
        matches = getattr(route, "matches", None)
        if matches is not None and matches(request.scope)[0] != Match.NONE:
            found.update(route.methods or ())
    return ", ".join(sorted(found))


async def deferred_token_problem(request: Request) -> JSONResponse | None:
    """For a request whose token :class:`~atelier_api.guards.AuthFirst` left to its
    route, answered before any route ran (no such path, no such method): the 401 of a
    token that is not valid, as every other API path gives it first (None: valid)."""
    if not getattr(request.state, "auth_deferred", False):
        return None
    header = request.headers.get("authorization", "")
    ws: Workshop = request.app.state.workshop
    try:
        await run_in_threadpool(ws.authenticate, header.partition(" ")[2].strip())
    except AtelierError as err:
        return problem_of(err)
    return None


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code in (404, 405):
        refused = await deferred_token_problem(request)
        if refused is not None:
            return refused
    codes = {404: "not_found", 405: "method_not_allowed", 401: "not_authenticated",
             429: "too_many_requests"}
    response = problem(exc.status_code, codes.get(exc.status_code, "http_error"),
                       str(exc.detail))
    for name, value in (exc.headers or {}).items():
        response.headers.setdefault(name, value)
    if exc.status_code == 405:
        response.headers["Allow"] = _allowed_methods(request) or response.headers.get(
            "Allow", "")
    return response


def _problem_media_type(schema: dict[str, Any]) -> None:
    """In the OpenAPI document, serve every error response as ``application/problem+json``
    with the :class:`Problem` schema (FastAPI files a response model under the route's
    media type, and adds its own validation-error schema, which this API never sends)."""
    ref = "#/components/schemas/Problem"
    problem_json = {PROBLEM_JSON: {"schema": {"$ref": ref}}}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            for status, response in operation.get("responses", {}).items():
                if status[:1] not in ("4", "5"):
                    continue
                content = response.get("content", {})
                filed = [media for media, body in content.items()
                         if body.get("schema", {}).get("$ref", "").endswith(
                             ("/Problem", "/HTTPValidationError"))]
                for media in filed:  # under the route's media type (JSON, CSV, text…)
                    del content[media]
                if filed:
                    content.update(problem_json)
                    response["content"] = content
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    if "HTTPValidationError" in components and "/HTTPValidationError'" not in str(
            schema.get("paths", {})):
        del components["HTTPValidationError"]
        if "/ValidationError'" not in str(schema):
            components.pop("ValidationError", None)
    if "Problem" not in components:
        found = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(found.pop("$defs", {}))
        components["Problem"] = found


def install(app: FastAPI) -> None:
    """Register the translations on ``app``, and make its OpenAPI document describe
    errors as they are sent (``application/problem+json``, :class:`Problem`)."""
    app.add_exception_handler(AtelierError, _atelier_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    build = app.openapi

    def openapi() -> dict[str, Any]:
        schema = build()  # FastAPI's, cached until the routes change
        _problem_media_type(schema)  # idempotent
        enforced(schema)  # idempotent too
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
