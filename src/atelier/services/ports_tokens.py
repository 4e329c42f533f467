"""What the token and idempotency use cases need from storage."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import datetime as dt

    from atelier.domain.roles import Role
    from atelier.domain.tokens import StoredResponse, TokenKind, TokenView


class TokenRepository(Protocol):
    """Tokens are read as of ``now``: whether each is active then is part of its view."""

    def add(self, *, public_id: str, secret_hash: str, kind: TokenKind, name: str,
            role: Role | None, collectivity_id: int | None, order_id: int | None,
            now: dt.datetime, expires_at: dt.datetime | None) -> TokenView: ...

    def get(self, public_id: str, now: dt.datetime) -> TokenView:
        """The token by its public id, or NotFound."""
        ...

    def secret_hash(self, public_id: str, now: dt.datetime) -> tuple[str, TokenView] | None:
        """The stored hash and the token, or None if no such token."""
        ...

    def revoke(self, public_id: str, now: dt.datetime) -> None: ...

    def all(self, now: dt.datetime) -> list[TokenView]: ...

    def claim(self, token_id: str, key: str) -> bool:
        """Hold this token's ``Idempotency-Key`` until the end of the transaction, without
        waiting: False when another transaction holds it."""
        ...

    def stored_response(self, token_id: str, key: str) -> tuple[str, StoredResponse] | None:
        """``(request hash, response)`` stored for this token's key, or None."""
        ...

    def store_response(self, token_id: str, key: str, request_hash: str,
                       response: StoredResponse, now: dt.datetime) -> None: ...

    def forget_responses_before(self, moment: dt.datetime, token_id: str | None = None,
                                key: str | None = None) -> int:
        """Delete the answers kept before ``moment`` (only this token's key, if given)."""
        ...
