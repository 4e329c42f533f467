"""Repository of the doors: API tokens and stored idempotent responses."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import sqlalchemy as sa

from atelier.domain.errors import NotFound
from atelier.domain.roles import Role
from atelier.domain.tokens import StoredResponse, TokenKind, TokenView, is_active
from atelier.store import tables as t

_k, _o, _i = t.api_tokens, t.orders, t.idempotency_keys

_SELECT = (sa.select(_k, _o.c.ref.label("order_ref"))
           .outerjoin(_o, _o.c.id == _k.c.order_id))
#: One token by its public id, built once: every request of the API authenticates its
#: token with it (its compiled form and cache key are reused, never rebuilt).
_BY_PUBLIC_ID = _SELECT.where(_k.c.public_id == sa.bindparam("public_id", type_=sa.String))


def _view(row: Any, now: dt.datetime) -> TokenView:
    return TokenView(id=row.public_id, kind=row.kind, name=row.name, role=row.role,
                     collectivity_id=row.collectivity_id, order_ref=row.order_ref,
                     created_at=row.created_at, expires_at=row.expires_at,
                     revoked_at=row.revoked_at,
                     active=is_active(row.revoked_at, row.expires_at, now))


class SqlTokens:
    """API tokens (hashes only) and idempotency records."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def add(self, *, public_id: str, secret_hash: str, kind: TokenKind, name: str,
            role: Role | None, collectivity_id: int | None, order_id: int | None,
            now: dt.datetime, expires_at: dt.datetime | None) -> TokenView:
        self.conn.execute(sa.insert(_k).values(
            public_id=public_id, secret_hash=secret_hash, kind=kind, name=name, role=role,
            collectivity_id=collectivity_id, order_id=order_id, created_at=now,
            expires_at=expires_at))
        return self.get(public_id, now)

    def get(self, public_id: str, now: dt.datetime) -> TokenView:
        row = self.conn.execute(_BY_PUBLIC_ID, {"public_id": public_id}).first()
        if row is None:
            raise NotFound("token", public_id)
        return _view(row, now)

    def secret_hash(self, public_id: str, now: dt.datetime) -> tuple[str, TokenView] | None:
        row = self.conn.execute(_BY_PUBLIC_ID, {"public_id": public_id}).first()
        return None if row is None else (str(row.secret_hash), _view(row, now))

    def revoke(self, public_id: str, now: dt.datetime) -> None:
        self.conn.execute(sa.update(_k).where(_k.c.public_id == public_id,
                                              _k.c.revoked_at.is_(None))
                          .values(revoked_at=now))

    def all(self, now: dt.datetime) -> list[TokenView]:
        return [_view(r, now) for r in self.conn.execute(_SELECT.order_by(_k.c.id))]

    # -- idempotency -------------------------------------------------------------------

    def claim(self, token_id: str, key: str) -> bool:
        """Hold this token's key until the end of the transaction; False when another
        transaction holds it. PostgreSQL: a transaction-level advisory lock, taken without
        waiting. SQLite: the write transaction (``BEGIN IMMEDIATE``) already holds the
        whole database, so the key is this transaction's."""
        if self.conn.dialect.name != "postgresql":
            return True
        digest = hashlib.sha256(f"idempotency\n{token_id}\n{key}".encode()).digest()
        lock = int.from_bytes(digest[:8], "big", signed=True)
        return bool(self.conn.execute(sa.select(sa.func.pg_try_advisory_xact_lock(lock)))
                    .scalar())

    def stored_response(self, token_id: str, key: str) -> tuple[str, StoredResponse] | None:
        row = self.conn.execute(sa.select(_i.c.request_hash, _i.c.status, _i.c.media_type,
                                          _i.c.body).where(
            _i.c.token_id == token_id, _i.c.key == key)).first()
        if row is None:
            return None
        return str(row.request_hash), StoredResponse(status=int(row.status),
                                                     media_type=str(row.media_type),
                                                     body=str(row.body))

    def store_response(self, token_id: str, key: str, request_hash: str,
                       response: StoredResponse, now: dt.datetime) -> None:
        self.conn.execute(sa.insert(_i).values(
            token_id=token_id, key=key, request_hash=request_hash, status=response.status,
            media_type=response.media_type, body=response.body, created_at=now))

    def forget_responses_before(self, moment: dt.datetime, token_id: str | None = None,
                                key: str | None = None) -> int:
        query = sa.delete(_i).where(_i.c.created_at < moment)
        if token_id is not None and key is not None:
            query = query.where(_i.c.token_id == token_id, _i.c.key == key)
        return int(self.conn.execute(query).rowcount)
