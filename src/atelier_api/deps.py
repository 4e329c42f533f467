"""Dependencies of the routes: the workshop, who calls, and as whom the use cases run.

Every dependency here is ``async``: FastAPI runs a plain ``def`` dependency in the
thread pool, one hop per dependency per request, and none of these needs a thread
(they read the request and the application's state, nothing blocks). The one hop a
request makes is its route's: the authentication (done by
:class:`~atelier_api.guards.AuthFirst` before the body is read, or in the route's own
transaction for the collectivity's reads, see :mod:`atelier_api.onehop`) and the use
case.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from atelier import Workshop
from atelier.domain.errors import Forbidden, NotAuthenticated
from atelier.domain.tokens import COLLECTIVITY, STAFF, Principal
from atelier_api.settings import ApiSettings


def workshop_of(request: Request) -> Workshop:
    """The application's workshop handle (one engine for the process); for a POST with an
    ``Idempotency-Key``, the same workshop inside the request's one transaction."""
    scoped: Workshop | None = getattr(request.state, "workshop", None)
    if scoped is not None:
        return scoped
    ws: Workshop = request.app.state.workshop
    return ws


async def workshop(request: Request) -> Workshop:
    """:func:`workshop_of` as a dependency."""
    return workshop_of(request)


async def settings(request: Request) -> ApiSettings:
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


async def bearer(request: Request) -> str:
    """The bearer token as a dependency (its form only: nothing is read to check it)."""
    return bearer_token(request)


async def principal(request: Request, ws: Annotated[Workshop, Depends(workshop)]) -> Principal:
    """Who the bearer token speaks for (found by :class:`~atelier_api.guards.AuthFirst`
    before the body was read, or here: the only case that costs a thread hop)."""
    cached: Principal | None = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    who: Principal = await run_in_threadpool(ws.authenticate, bearer_token(request))
    request.state.principal = who
    return who


def check_staff(who: Principal) -> str:
    """The role of a staff key; a collectivity link is ``Forbidden`` on the staff API."""
    if who.kind != STAFF or who.role is None:
        raise Forbidden("a collectivity link cannot reach the staff API", code="staff_only",
                        role="collectivity", action="staff API", permission="staff")
    return who.role


async def staff_workshop(ws: Annotated[Workshop, Depends(workshop)],
                         who: Annotated[Principal, Depends(principal)]) -> Workshop:
    """The workshop acting as the staff member of the API key, with its role: the
    library checks the role on every use case."""
    return ws.acting_as(who.name, door="api", role=check_staff(who))


def check_client(who: Principal) -> Principal:
    """A collectivity token (a staff key is refused: the client side is the client's)."""
    if who.kind != COLLECTIVITY or who.collectivity_id is None:
        raise NotAuthenticated("this endpoint takes a collectivity link", code="token_invalid")
    return who


Caller = Annotated[Principal, Depends(principal)]
Staff = Annotated[Workshop, Depends(staff_workshop)]
AnyWorkshop = Annotated[Workshop, Depends(workshop)]
Settings = Annotated[ApiSettings, Depends(settings)]
Bearer = Annotated[str, Depends(bearer)]
