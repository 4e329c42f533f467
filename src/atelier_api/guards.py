"""What every request meets before a route: a trailing slash dealt with (never a
redirect built from the ``Host`` header), the body's size limit (413 before any parsing)
and, on the API, the token checked before the body is read.

Plain ASGI middlewares: nothing here reads a body it does not have to.
"""

from __future__ import annotations

import anyio.to_thread
from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from atelier import Workshop
from atelier.domain.errors import AtelierError, NotAuthenticated
from atelier_api.problems import problem, problem_of


class TrailingSlash:
    """``/api/v1/orders/`` is ``/api/v1/orders``: a GET or HEAD is redirected (308) to
    the path without the slash, by a relative ``Location`` (no scheme, no host: nothing
    from the ``Host`` header); another method is answered directly. A path no route
    answers even without its slash goes on as it is (to its 404)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] != "http" or len(path) < 2 or not path.endswith("/"):
            await self.app(scope, receive, send)
            return
        bare = "/" + path.strip("/")
        if not _routed(scope, bare):  # no page there either: the route that answers says so
            await self.app(scope, receive, send)
            return
        if scope["method"] in ("GET", "HEAD"):
            query = scope.get("query_string", b"").decode("latin-1")
            root = str(scope.get("root_path", "")).rstrip("/")
            # "//host" would be read as another host: the path always starts with one "/".
            location = root + bare + (f"?{query}" if query else "")
            await Response(status_code=308, headers={"Location": location})(
                scope, receive, send)
            return
        raw = scope.get("raw_path")
        scope = {**scope, "path": bare,
                 "raw_path": raw.rstrip(b"/") if isinstance(raw, bytes) else raw}
        await self.app(scope, receive, send)


def _routed(scope: Scope, path: str) -> bool:
    """Whether a route of the application answers ``path``."""
    probe = {**scope, "path": path}
    return any(route.matches(probe)[0] != Match.NONE
               for route in getattr(scope.get("app"), "routes", ()))


class _TooLarge(Exception):
    """The body went over the limit while it was read."""


def too_large(limit: int) -> Response:
    """The 413 problem."""
    return problem(413, "request_too_large", f"the request body is over {limit} bytes",
                   params={"limit": limit})


class BodyLimit:
    """A request body over ``limit`` bytes answers 413 ``request_too_large``: at once
    when ``Content-Length`` says so, else as soon as the bytes read pass the limit (the
    route never gets them)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await too_large(self.limit)(scope, receive, send)
            return
        seen = 0
        over = False
        started = False

        async def limited() -> Message:
            nonlocal seen, over
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    over = True
                    raise _TooLarge
            return message

        async def sending(message: Message) -> None:
            nonlocal started
            if over:  # the route's own answer to a body cut short: 413 instead
                if message["type"] == "http.response.start" and not started:
                    started = True
                    await too_large(self.limit)(scope, receive, send)
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited, sending)
        except _TooLarge:
            if not started:
                await too_large(self.limit)(scope, receive, send)


class AuthFirst:
    """Every request under ``prefix`` (but the ``public`` paths) must carry a valid
    ``Authorization: Bearer`` token: checked before the body is read, 401 otherwise.
    Who it speaks for is kept on the request (``request.state.principal``).

    A GET or HEAD under one of the ``deferred`` prefixes (the collectivity's reads) has
    no body to protect, and its route authenticates the token in the same transaction
    as its read (:mod:`atelier_api.onehop`): here only the token's form is checked
    (``token_missing``), and the request is marked ``auth_deferred`` so that an answer
    given before any route ran (404, 405) still checks the token first
    (:func:`atelier_api.problems.deferred_token_problem`).
    """

    def __init__(self, app: ASGIApp, prefix: str, public: frozenset[str],
                 deferred: tuple[str, ...] = ()) -> None:
        self.app = app
        self.prefix = prefix.rstrip("/") + "/"
        self.public = public
        self.deferred = deferred

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if (scope["type"] != "http" or not path.startswith(self.prefix)
                or path in self.public or scope["method"] == "OPTIONS"):
            await self.app(scope, receive, send)
            return
        header = Headers(scope=scope).get("authorization", "")
        scheme, _, token = header.partition(" ")
        ws: Workshop = scope["app"].state.workshop
        try:
            if scheme.lower() != "bearer" or not token.strip():
                raise NotAuthenticated("send Authorization: Bearer TOKEN", code="token_missing")
            if scope["method"] in ("GET", "HEAD") and path.startswith(self.deferred):
                scope.setdefault("state", {})["auth_deferred"] = True
                await self.app(scope, receive, send)
                return
            who = await anyio.to_thread.run_sync(ws.authenticate, token.strip())
        except AtelierError as err:
            await problem_of(err)(scope, receive, send)
            return
        scope.setdefault("state", {})["principal"] = who
        await self.app(scope, receive, send)
