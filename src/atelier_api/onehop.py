"""One thread-pool hop and one transaction for a collectivity's request.

A collectivity's read (its orders, one order, a delivery's barcodes, the tracking
page) used to cost two transactions, the token's then the read's, and a thread-pool
hop for each sync dependency on the way. Here the token is authenticated, the caller
admitted (a collectivity link, within its rate) and the read made in one call, run in
the route's one thread hop, inside one read-only unit of work of the workshop.

:func:`read_scope` gives that unit of work to the use cases: the workshop's use
cases run through ``units(write=False)``, so a workshop whose factory hands out the
one open unit runs them all inside it, exactly as the idempotent POSTs run theirs
inside their write transaction (``Workshop.idempotent``). Nothing here knows which
storage is behind the factory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any, TypeVar

import attrs
from fastapi import Request

from atelier import Principal, Workshop
from atelier_api import ratelimit
from atelier_api.deps import bearer_token, check_client

R = TypeVar("R")


class _Held:
    """The one open unit of work, lent to a use case: entering it gives the unit, leaving
    it does nothing (the scope that opened it commits nothing and closes it)."""

    __slots__ = ("_unit",)

    def __init__(self, unit: Any) -> None:
        self._unit = unit

    def __enter__(self) -> Any:
        return self._unit

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        return None


class _OneUnit:
    """A units-of-work factory whose every read is the one open unit; a write is refused
    (a read scope must never write: its transaction is rolled back)."""

    __slots__ = ("_factory", "_unit")

    def __init__(self, factory: Any, unit: Any) -> None:
        self._factory = factory
        self._unit = unit

    def __call__(self, *, write: bool) -> _Held:
        if write:
            raise RuntimeError("a read scope cannot write")
        return _Held(self._unit)

    def __getattr__(self, name: str) -> Any:
        # location, revisions… of the workshop's own factory.
        return getattr(self._factory, name)


@contextmanager
def read_scope(ws: Workshop) -> Iterator[Workshop]:
    """``ws`` whose read use cases all run in one read-only transaction, opened here and
    ended (rolled back: nothing was written) when the block ends."""
    with ws.units(write=False) as unit:
        # Typed as the factory it stands in for (it gives units of work, or refuses).
        units: Any = _OneUnit(ws.units, unit)
        scoped: Workshop = attrs.evolve(ws, units=units)
        yield scoped


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
    with read_scope(ws) as scoped:
        who = scoped.authenticate(token)
        admit(who)
        return read(scoped, who)


def admit_only(request: Request) -> None:
    """The token and the rate of a collectivity's JSON request, without its read: the
    checks a request whose query was refused still goes through first (blocking)."""
    ws: Workshop = request.app.state.workshop
    admit_client(request)(ws.authenticate(bearer_token(request)))
