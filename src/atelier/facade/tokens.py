"""Use cases of the ``Workshop`` for access: API keys, collectivity links, idempotency."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from atelier.domain import roles
from atelier.facade.base import UseCaseHost, requires
from atelier.facade.idempotency import IdempotentRequest

if TYPE_CHECKING:
    from atelier.domain.tokens import IssuedToken, Principal, TokenView


class TokensUseCases(UseCaseHost):
    """Staff API keys and collectivity links; what the HTTP door checks on each request."""

    @requires(roles.TOKENS)
    def create_staff_token(self, name: str, *, role: str,
                           expires_days: int | None = 365) -> IssuedToken:
        """A staff API key with ``role`` (admin only); its secret is returned this once."""
        from atelier.services import tokens
        return self._write(lambda uow: tokens.create_staff_token(
            uow, self.actor, name=name, role=role, expires_days=expires_days,
            now=self.clock()))

    @requires(roles.CLIENTS)
    def create_collectivity_token(self, collectivity_id: int, *, order_ref: str | None = None,
                                  expires_days: int | None = 365) -> IssuedToken:
        """A link for a collectivity to follow its orders (or one order), sent to the
        library; its secret is returned this once."""
        from atelier.services import tokens
        return self._write(lambda uow: tokens.create_collectivity_token(
            uow, self.actor, collectivity_id=collectivity_id, order_ref=order_ref,
            expires_days=expires_days, now=self.clock()))

    @requires(roles.CLIENTS)
    def revoke_token(self, token_id: str) -> TokenView:
        """Revoke a token by its id (a staff key needs the admin)."""
        from atelier.services import tokens
        return self._write(lambda uow: tokens.revoke_token(uow, self.actor, token_id,
                                                           self.clock()))

    @requires(roles.TOKENS)
    def tokens(self) -> list[TokenView]:
        """Every token, without its secret."""
        from atelier.services import tokens
        now = self.clock()
        return self._read(lambda uow: tokens.tokens(uow, now))

    # -- the door's own checks (before any actor exists: no role to check) -------------

    def authenticate(self, token: str) -> Principal:
        """Who a bearer token speaks for, or ``NotAuthenticated``."""
        from atelier.services import tokens
        return self._read(lambda uow: tokens.authenticate(uow, token, self.clock()))

    def idempotent(self, token_id: str, key: str, request_hash: str
                   ) -> IdempotentRequest[Self]:
        """A request of this token made with an ``Idempotency-Key``: its use cases and
        its answer in one transaction (see :class:`IdempotentRequest`)."""
        return IdempotentRequest(self, token_id, key, request_hash)
