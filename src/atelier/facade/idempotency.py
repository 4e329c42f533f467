"""A request made with an ``Idempotency-Key``: its use cases and its answer in one
transaction (the HTTP door drives it; see ``atelier.services.idempotency``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, TypeVar

import attrs

from atelier.facade.base import UseCaseHost

if TYPE_CHECKING:
    from atelier.domain.tokens import StoredResponse
    from atelier.services.ports import OneTransaction

H = TypeVar("H", bound=UseCaseHost)


class IdempotentRequest(Generic[H]):
    """One request guarded by its ``Idempotency-Key``, in three steps that a server may
    take from different threads, one after the other:

    1. :meth:`begin` opens the transaction, holds the key and gives the answer kept for
       it (then the transaction is over: give that answer again), or None;
    2. the use cases run on :attr:`workshop`, inside that transaction;
    3. :meth:`finish` writes the answer beside the work and commits both, or
       :meth:`abandon` drops everything (an answer that must not be kept: the request
       may be sent again with the same key).
    """

    def __init__(self, host: H, token_id: str, key: str, request_hash: str) -> None:
        self._host = host
        self._token_id = token_id
        self._key = key
        self._hash = request_hash
        self._scope: OneTransaction | None = None

    def begin(self) -> StoredResponse | None:
        """Open the transaction and claim the key; the answer kept for it, if any."""
        from atelier.services import idempotency
        self._host._write(lambda uow: idempotency.forget(uow, self._host.clock()))
        scope = self._host.units.one_transaction()
        scope.begin()
        try:
            with scope(write=True) as uow:
                found = idempotency.claim(uow, self._token_id, self._key, self._hash,
                                          self._host.clock())
        except BaseException:
            scope.rollback()
            raise
        if found is not None:
            scope.rollback()  # a replay writes nothing
            return found
        self._scope = scope
        return None

    @property
    def workshop(self) -> H:
        """The same workshop, its use cases running inside this request's transaction."""
        if self._scope is None:
            raise RuntimeError("begin() first (and only when no answer was kept)")
        found: H = attrs.evolve(self._host, units=self._scope)  # type: ignore[misc]
        return found

    def finish(self, response: StoredResponse) -> None:
        """Keep ``response`` for the key and commit it with the work."""
        from atelier.services import idempotency
        scope = self._scope
        if scope is None:
            raise RuntimeError("begin() first (and only when no answer was kept)")
        self._scope = None
        try:
            with scope(write=True) as uow:
                idempotency.keep(uow, self._token_id, self._key, self._hash, response,
                                 self._host.clock())
            scope.commit()
        finally:
            scope.rollback()  # after a commit, nothing left to drop

    def abandon(self) -> None:
        """Drop the work and the key: nothing of the request stays (safe to repeat)."""
        scope, self._scope = self._scope, None
        if scope is not None:
            scope.rollback()
