"""One thread-pool hop and one transaction for a collectivity's request.

A collectivity's read (its orders, one order, a delivery's barcodes, the tracking
page) used to cost two transactions, the token's then the read's, and a thread-pool
hop for each sync dependency on the way. Here the token is authenticated, the caller
admitted (a collectivity link, within its rate) and the read made in one call, run in
the route's one thread hop, inside one read-only unit of work of the workshop.

:meth:`Workshop.reading` gives that unit of work to the use cases, as the idempotent
POSTs run theirs inside their write transaction (``Workshop.idempotent``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.to_thread
from fastapi import FastAPI, Request

from atelier import Principal, Workshop
from atelier_api import ratelimit
from atelier_api.deps import bearer_token, check_client

R = TypeVar("R")

#: How many collectivity reads run at once, each in a thread of its own: fewer than the
#: connections the engine's pool keeps (5), so that a burst of requests reuses kept
#: connections instead of opening (and closing) one more per request beyond them, and
#: so that a handful of threads, not forty, take turns holding the interpreter's lock
#: for reads that use the processor all along. The requests beyond wait in the event
#: loop, in their order of arrival.
CLIENT_READ_THREADS = 4


def admit_client(request: Request) -> Callable[[Principal], None]:
    """What the collectivity's JSON checks of the caller once the token is known and
    before anything is read: a collectivity link (``token_invalid`` otherwise), within
    its rate (:class:`~atelier_api.ratelimit.TooManyRequests`)."""

    def admit(who: Principal) -> None:
        ratelimit.check(request, check_client(who))

    return admit


def as_client(ws: Workshop, token: str, admit: Callable[[Principal], None],
              read: Callable[[Workshop, Principal], R]) -> R:
    """Authenticate ``token``, ``admit`` its holder, then ``read`` as them: one
    transaction (blocking: call it in the request's one thread hop)."""
    with ws.reading() as scoped:
        who = scoped.authenticate(token)
        admit(who)
        return read(scoped, who)


def admit_only(request: Request) -> None:
    """The token and the rate of a collectivity's JSON request, without its read: the
    checks a request whose query was refused still goes through first (blocking)."""
    ws: Workshop = request.app.state.workshop
    admit_client(request)(ws.authenticate(bearer_token(request)))


def _limiter(app: FastAPI) -> anyio.CapacityLimiter:
    """The application's limiter of the collectivity's reads (made on first use, inside
    the event loop that serves the application)."""
    found: anyio.CapacityLimiter | None = getattr(app.state, "client_read_limiter", None)
    if found is None:
        found = anyio.CapacityLimiter(CLIENT_READ_THREADS)
        app.state.client_read_limiter = found
    return found


async def client_read(request: Request, ws: Workshop, token: str,
                      read: Callable[[Workshop, Principal], R]) -> R:
    """:func:`as_client` for a collectivity's JSON request, in the request's one thread
    hop (at most :data:`CLIENT_READ_THREADS` at once)."""
    return await anyio.to_thread.run_sync(
        functools.partial(as_client, ws, token, admit_client(request), read),
        limiter=_limiter(request.app))
