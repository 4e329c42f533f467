"""The application factory: ``create_app(settings)`` builds the HTTP door on a workshop."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from atelier import Workshop, __version__
from atelier_api import problems
from atelier_api.guards import AuthFirst, BodyLimit, TrailingSlash
from atelier_api.health import HealthCheck
from atelier_api.idempotency import IdempotencyMiddleware
from atelier_api.paths import API_PREFIX, PUBLIC_API_PATHS, SELF_AUTHENTICATING
from atelier_api.routes import register
from atelier_api.settings import ApiSettings

#: Headers on every response: no framing, no sniffing, no referrer leaking a link's token.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    # Staff answers carry personal data (trainees, their hours, their absences) and a
    # collectivity's answers its orders: no cache keeps any of them, unless a route says
    # otherwise.
    "Cache-Control": "no-store",
}


class SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every HTTP response that has not set them (the
    interactive docs pages keep their own script and style needs). Plain ASGI: no cost
    to the body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
        self.docs_headers = [h for h in self.headers if h[0] != b"content-security-policy"]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self.docs_headers if scope["path"] in ("/docs", "/redoc") else self.headers

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *(h for h in extra if h[0] not in present)]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(settings: ApiSettings | None = None, *, workshop: Workshop | None = None
               ) -> FastAPI:
    """The FastAPI application for ``settings`` (default: from the environment).

    ``workshop`` may be given (tests, embedding); otherwise the database of
    ``settings.database_url`` is opened, acting through the API door.
    """
    conf = settings or ApiSettings.from_env()
    ws = workshop or Workshop.open(conf.database_url, actor="api", door="api")

    health = HealthCheck(ws)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # /health answers from this check (made again when it is ten seconds old).
        await health.start()
        yield
        if workshop is None:
            ws.close()

    app = FastAPI(
        title="atelier",
        version=__version__,
        summary="Orders, items, work and pathways of a work-integration workshop (ACI).",
        description=(
            "The staff API under `/api/v1` drives the workshop with the same rules as the "
            "command line: every use case checks the role of the API key it is called "
            "with. Collectivities follow their own orders under `/api/v1/client` (JSON) "
            "and `/suivi/{token}` (the page their link opens). Send tokens as "
            "`Authorization: Bearer TOKEN`. Errors are `application/problem+json` with a "
            "stable `code`. POST accepts an `Idempotency-Key`."),
        lifespan=lifespan,
        # Starlette would redirect to an absolute URL built from the Host header.
        redirect_slashes=False,
    )
    app.state.workshop = ws
    app.state.settings = conf
    app.state.health = health
    problems.install(app)
    # The last added runs first: security headers on every answer, a trailing slash
    # dealt with, the body's size, the token (before the body is read), then the key.
    app.add_middleware(IdempotencyMiddleware)
    app.add_middleware(AuthFirst, prefix=API_PREFIX, public=PUBLIC_API_PATHS,
                       deferred=SELF_AUTHENTICATING)
    app.add_middleware(BodyLimit, limit=conf.max_body_bytes)
    app.add_middleware(TrailingSlash)
    app.add_middleware(SecurityHeaders)
    if conf.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(conf.cors_origins),
                           allow_methods=["GET", "POST"], allow_headers=["Authorization",
                                                                         "Content-Type",
                                                                         "Idempotency-Key"])
    register(app, API_PREFIX)
    return app
