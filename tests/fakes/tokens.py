"""Fake repository of the doors (API tokens, stored idempotent responses), as
``atelier.store.tokens`` does it."""

from __future__ import annotations

import datetime as dt

from atelier.domain.errors import NotFound
from atelier.domain.roles import Role
from atelier.domain.tokens import StoredResponse, TokenKind, TokenView, is_active
from tests.fakes.orders import Repository
from tests.fakes.tables import Row


class FakeTokens(Repository):
    """API tokens (hashes only) and idempotency records."""

    def _view(self, row: Row, now: dt.datetime) -> TokenView:
        order = None if row["order_id"] is None else self.tx.get("orders", row["order_id"])
        return TokenView(id=row["public_id"], kind=row["kind"], name=row["name"],
                         role=row["role"], collectivity_id=row["collectivity_id"],
                         order_ref=None if order is None else order["ref"],
                         created_at=row["created_at"], expires_at=row["expires_at"],
                         revoked_at=row["revoked_at"],
                         active=is_active(row["revoked_at"], row["expires_at"], now))

    def add(self, *, public_id: str, secret_hash: str, kind: TokenKind, name: str,
            role: Role | None, collectivity_id: int | None, order_id: int | None,
            now: dt.datetime, expires_at: dt.datetime | None) -> TokenView:
        self.tx.insert("api_tokens", public_id=public_id, secret_hash=secret_hash, kind=kind,
                       name=name, role=role, collectivity_id=collectivity_id, order_id=order_id,
                       created_at=now, expires_at=expires_at)
        return self.get(public_id, now)

    def get(self, public_id: str, now: dt.datetime) -> TokenView:
        row = self.tx.by("api_tokens", public_id=public_id)
        if row is None:
            raise NotFound("token", public_id)
        return self._view(row, now)

    def secret_hash(self, public_id: str, now: dt.datetime) -> tuple[str, TokenView] | None:
        row = self.tx.by("api_tokens", public_id=public_id)
        return None if row is None else (str(row["secret_hash"]), self._view(row, now))

    def revoke(self, public_id: str, now: dt.datetime) -> None:
        row = self.tx.by("api_tokens", public_id=public_id)
        if row is not None and row["revoked_at"] is None:
            self.tx.update("api_tokens", row["id"], revoked_at=now)

    def all(self, now: dt.datetime) -> list[TokenView]:
        return [self._view(r, now) for r in self.tx.rows("api_tokens")]

    # -- idempotency -------------------------------------------------------------------

    def claim(self, token_id: str, key: str) -> bool:
        return True  # write transactions run one at a time: the key is this one's

    def stored_response(self, token_id: str, key: str) -> tuple[str, StoredResponse] | None:
        row = self.tx.get("idempotency_keys", (token_id, key))
        if row is None:
            return None
        return str(row["request_hash"]), StoredResponse(
            status=int(row["status"]), media_type=str(row["media_type"]), body=str(row["body"]))

    def store_response(self, token_id: str, key: str, request_hash: str,
                       response: StoredResponse, now: dt.datetime) -> None:
        self.tx.insert("idempotency_keys", token_id=token_id, key=key,
                       request_hash=request_hash, status=response.status,
                       body=response.body, created_at=now, media_type=response.media_type)

    def forget_responses_before(self, moment: dt.datetime, token_id: str | None = None,
                                key: str | None = None) -> int:
        return self.tx.delete_where("idempotency_keys", lambda r: r["created_at"] < moment and (
            token_id is None or key is None or (r["token_id"], r["key"]) == (token_id, key)))
