"""What every part of the ``Workshop`` facade shares: transactions, schema check, roles."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from atelier.domain.actor import Actor
from atelier.domain.errors import Conflict, RuleViolation
from atelier.domain.roles import authorize
from atelier.store import database
from atelier.store.uow import SqlUnitOfWork, is_retryable

R = TypeVar("R")
P = ParamSpec("P")
H = TypeVar("H", bound="UseCaseHost")

#: How many times a use case is re-run after a PostgreSQL serialization failure.
RETRIES = 3


def requires(permission: str) -> Callable[[Callable[Concatenate[H, P], R]],
                                          Callable[Concatenate[H, P], R]]:
    """Mark a use case with the permission it needs; the actor's role is checked first.

    The permission is kept on the method (``method.permission``) so the roles
    matrix test can list every use case and what it needs.
    """

    def decorate(method: Callable[Concatenate[H, P], R]) -> Callable[Concatenate[H, P], R]:
        @functools.wraps(method)
        def checked(self: H, /, *args: P.args, **kwargs: P.kwargs) -> R:
            authorize(self.actor.role, permission, method.__name__)
            return method(self, *args, **kwargs)

        checked.permission = permission  # type: ignore[attr-defined]
        return checked

    return decorate


def permission_of(method: Any) -> str | None:
    """The permission a ``Workshop`` method declares, or None if it is not a use case."""
    value = getattr(method, "permission", None)
    return value if isinstance(value, str) else None


class UseCaseHost:
    """The state and the transaction runners the use-case classes rely on.

    ``Workshop`` provides the attributes; the runners are here so that each
    area's class can use them.
    """

    engine: Engine
    actor: Actor
    clock: Callable[[], dt.datetime]
    _schema_ok: bool

    def _check_schema(self) -> None:
        """Refuse, with a clear message, a database that is absent or not at this version's
        schema, instead of failing on a missing table (checked once per handle)."""
        if self._schema_ok:
            return
        problem = database.schema_problem(self.engine)
        if problem is not None:
            where = self.engine.url.render_as_string(hide_password=True)
            raise RuleViolation(
                f"the database {where} is {problem}: run `atelier init`"
                + (" with a newer atelier" if problem == "newer" else ""),
                code=f"database_{problem}", url=where)
        self._schema_ok = True

    def _write(self, use_case: Callable[[SqlUnitOfWork], R]) -> R:
        """Run ``use_case`` in one write transaction (retried on PostgreSQL serialization
        failures); a unique-key clash becomes :class:`Conflict`."""
        self._check_schema()
        for attempt in range(RETRIES + 1):
            try:
                with SqlUnitOfWork(self.engine, write=True) as uow:
                    return use_case(uow)
            except sa.exc.IntegrityError as exc:
                raise Conflict("someone else wrote the same thing at the same time: "
                               "reload and try again", code="concurrent_write") from exc
            except sa.exc.DBAPIError as exc:
                if not is_retryable(exc) or attempt == RETRIES:
                    raise
        raise AssertionError("unreachable")

    def _read(self, query: Callable[[SqlUnitOfWork], R]) -> R:
        """Run ``query`` in one read-only transaction."""
        self._check_schema()
        with SqlUnitOfWork(self.engine, write=False) as uow:
            return query(uow)
