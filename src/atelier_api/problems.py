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
from starlette.exceptions import HTTPException as StarletteHTTPException

from atelier.domain.errors import AtelierError

PROBLEM_JSON = "application/problem+json"

#: HTTP status by error family (see ``AtelierError.kind``).
STATUS = {"invalid": 422, "not_found": 404, "rule": 409, "conflict": 409, "forbidden": 403,
          "unauthenticated": 401}


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
    status = STATUS.get(exc.kind, 400)
    extra: dict[str, Any] = {"params": _jsonable(exc.params)}
    problems = getattr(exc, "problems", None)
    if problems:
        extra["problems"] = [attrs.asdict(p) for p in problems]
    return problem(status, exc.code, str(exc).splitlines()[0], **extra)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    found = [{"field": ".".join(str(p) for p in err.get("loc", ())), "reason": err.get("msg"),
              "line": None, "value": None} for err in exc.errors()]
    return problem(422, "request_invalid", "the request is not valid", problems=found)


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    codes = {404: "not_found", 405: "method_not_allowed", 401: "not_authenticated",
             429: "too_many_requests"}
    return problem(exc.status_code, codes.get(exc.status_code, "http_error"),
                   str(exc.detail))


def install(app: FastAPI) -> None:
    """Register the translations on ``app``."""
    app.add_exception_handler(AtelierError, _atelier_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
