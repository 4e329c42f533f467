"""``Idempotency-Key`` on POST, with Stripe's semantics.

The same key with the same request (method, path, body) gets the stored
response again, without acting twice; the same key with another request is
refused (422); keys are kept 48 hours (Stripe: at least 24). Keys belong to
the token that used them. Responses of 5xx are not stored: the request may be
retried with the same key.
"""

from __future__ import annotations

import hashlib

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from atelier import Workshop
from atelier.domain.errors import AtelierError
from atelier_api.deps import bearer_token
from atelier_api.problems import STATUS, problem

HEADER = "idempotency-key"


class _Replayer(BaseHTTPMiddleware):
    """Replays or refuses POSTs that carry an ``Idempotency-Key``."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        key = request.headers.get(HEADER)
        if request.method != "POST" or key is None:
            return await call_next(request)
        ws: Workshop = request.app.state.workshop
        try:
            who = ws.authenticate(bearer_token(request))
        except AtelierError:
            return await call_next(request)  # the route answers 401 itself
        body = await request.body()
        digest = hashlib.sha256(b"\n".join([request.method.encode(), request.url.path.encode(),
                                            request.url.query.encode(), body])).hexdigest()
        try:
            stored = ws.stored_response(who.token_id, key, digest)
        except AtelierError as err:
            return problem(STATUS.get(err.kind, 400), err.code, str(err))
        if stored is not None:
            status, text = stored
            return Response(text, status_code=status, media_type="application/json",
                            headers={"Idempotent-Replayed": "true"})
        response = await call_next(request)
        chunks = [chunk async for chunk in response.body_iterator]  # type: ignore[attr-defined]
        content = b"".join(c if isinstance(c, bytes) else c.encode() for c in chunks)
        if response.status_code < 500:
            try:
                ws.store_response(who.token_id, key, digest, response.status_code,
                                  content.decode("utf-8"))
            except AtelierError as err:
                return problem(STATUS.get(err.kind, 400), err.code, str(err))
        return Response(content, status_code=response.status_code,
                        headers=dict(response.headers), media_type=response.media_type)


class IdempotencyMiddleware:
    """Sends POSTs carrying an ``Idempotency-Key`` through :class:`_Replayer`; every other
    request goes straight to the application (reads pay nothing for it)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.replayer = _Replayer(app)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] == "http" and scope["method"] == "POST"
                and any(name == b"idempotency-key" for name, _ in scope["headers"])):
            await self.replayer(scope, receive, send)
        else:
            await self.app(scope, receive, send)
