"""Dependencies of the routes: the workshop, who calls, and as whom the use cases run."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from atelier import Workshop
from atelier.domain.errors import Forbidden, NotAuthenticated
from atelier.domain.tokens import COLLECTIVITY, STAFF, Principal
from atelier_api.settings import ApiSettings


def workshop(request: Request) -> Workshop:
    """The application's workshop handle (one engine for the process); for a POST with an
    ``Idempotency-Key``, the same workshop inside the request's one transaction."""
    scoped: Workshop | None = getattr(request.state, "workshop", None)
    if scoped is not None:
        return scoped
    ws: Workshop = request.app.state.workshop
    return ws


def settings(request: Request) -> ApiSettings:
    """The application's settings."""
    found: ApiSettings = request.app.state.settings
    return found


def bearer_token(request: Request) -> str:
    """The token of ``Authorization: Bearer TOKEN``, or NotAuthenticated."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthenticated("send Authorization: Bearer TOKEN", code="token_missing")
    return token.strip()


def principal(request: Request, ws: Annotated[Workshop, Depends(workshop)]) -> Principal:
    """Who the bearer token speaks for (found by :class:`~atelier_api.guards.AuthFirst`
    before the body was read, or here)."""
    cached: Principal | None = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    who = ws.authenticate(bearer_token(request))
    request.state.principal = who
    return who


def staff_workshop(ws: Annotated[Workshop, Depends(workshop)],
                   who: Annotated[Principal, Depends(principal)]) -> Workshop:
    """The workshop acting as the staff member of the API key, with its role: the
    library checks the role on every use case."""
    if who.kind != STAFF or who.role is None:
        raise Forbidden("a collectivity link cannot reach the staff API", code="staff_only",
                        role="collectivity", action="staff API", permission="staff")
    return ws.acting_as(who.name, door="api", role=who.role)


def client_principal(who: Annotated[Principal, Depends(principal)]) -> Principal:
    """A collectivity token (a staff key is refused: the client side is the client's)."""
    if who.kind != COLLECTIVITY or who.collectivity_id is None:
        raise NotAuthenticated("this endpoint takes a collectivity link", code="token_invalid")
    return who


Caller = Annotated[Principal, Depends(principal)]
Staff = Annotated[Workshop, Depends(staff_workshop)]
Client = Annotated[Principal, Depends(client_principal)]
AnyWorkshop = Annotated[Workshop, Depends(workshop)]
Settings = Annotated[ApiSettings, Depends(settings)]
