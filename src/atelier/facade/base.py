"""What every part of the ``Workshop`` facade shares: roles and transactions.

A use case is a method of ``Workshop`` marked with the permission it needs
(:func:`requires`); it runs a service function in one unit of work from the
workshop's :class:`~atelier.services.ports.UnitOfWorkFactory` (:meth:`_write`,
:meth:`_read`). Nothing here knows which storage is behind the factory.
"""

from __future__ import annotations

import contextlib
import copy
import functools
from types import TracebackType
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from atelier.domain.errors import Contention
from atelier.domain.roles import authorize

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Iterator

    from atelier.domain.actor import Actor
    from atelier.services.ports import UnitOfWork, UnitOfWorkFactory

R = TypeVar("R")
P = ParamSpec("P")
H = TypeVar("H", bound="UseCaseHost")

#: How many times a use case is run again after a write could not be serialised.
RETRIES = 3


def requires(permission: str) -> Callable[[Callable[Concatenate[H, P], R]],
                                          Callable[Concatenate[H, P], R]]:
    """Mark a use case with the permission it needs; the actor's role is checked first.

    The permission is kept on the method (``method.permission``, read by
    :func:`atelier.domain.roles.permission_of`) so the roles matrix test and the
    HTTP API's documentation can list every use case and what it needs.
    """

    def decorate(method: Callable[Concatenate[H, P], R]) -> Callable[Concatenate[H, P], R]:
        @functools.wraps(method)
        def checked(self: H, /, *args: P.args, **kwargs: P.kwargs) -> R:
            authorize(self.actor.role, permission, method.__name__)
            return method(self, *args, **kwargs)

        checked.permission = permission  # type: ignore[attr-defined]
        return checked

    return decorate


class _Lent:
    """The one open unit of work, lent to a use case: entering gives the unit, leaving
    does nothing (the scope that opened it ends it)."""

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
    (the scope's transaction is read-only, and rolled back)."""

    __slots__ = ("_factory", "_unit")

    def __init__(self, factory: Any, unit: Any) -> None:
        self._factory = factory
        self._unit = unit

    def __call__(self, *, write: bool) -> _Lent:
        if write:
            raise RuntimeError("a read scope cannot write")
        return _Lent(self._unit)

    def __getattr__(self, name: str) -> Any:
        # location, revisions… of the workshop's own factory.
        return getattr(self._factory, name)


class UseCaseHost:
    """The state and the transaction runners the use-case classes rely on.

    ``Workshop`` provides the attributes; the runners are here so that each
    area's class can use them.
    """

    units: UnitOfWorkFactory
    actor: Actor
    clock: Callable[[], dt.datetime]

    def _write(self, use_case: Callable[[UnitOfWork], R]) -> R:
        """Run ``use_case`` in one write transaction, run again (a few times at most) when
        the storage could not serialise it beside another writer."""
        for attempt in range(RETRIES + 1):
            try:
                with self.units(write=True) as uow:
                    return use_case(uow)
            except Contention:
                if attempt == RETRIES:
                    raise
        raise AssertionError("unreachable")

    def _read(self, query: Callable[[UnitOfWork], R]) -> R:
        """Run ``query`` in one read-only transaction."""
        with self.units(write=False) as uow:
            return query(uow)

    @contextlib.contextmanager
    def reading(self: H) -> Iterator[H]:
        """This workshop, whose read use cases all run in one read-only transaction,
        opened here and ended (nothing written) when the block ends: several reads that
        must agree (a page and its total, a token and what it may read) see one state,
        for the price of one transaction. A write use case inside is refused."""
        with self.units(write=False) as unit:
            scoped = copy.copy(self)
            # Typed as the factory it stands in for (it lends the unit, or refuses).
            scoped.units = _OneUnit(self.units, unit)  # type: ignore[assignment]
            yield scoped

    def _today(self, day: dt.date | None) -> dt.date:
        """``day``, or the clock's date."""
        return day if day is not None else self.clock().date()
