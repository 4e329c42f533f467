"""Use cases of access: staff API keys, collectivity links, authentication, idempotency."""

from __future__ import annotations

import datetime as dt

from atelier.domain import bounds, roles
from atelier.domain.actor import Actor
from atelier.domain.collectivity import check_collectivity_id
from atelier.domain.errors import NotAuthenticated, NotFound
from atelier.domain.roles import check_role
from atelier.domain.tokens import (
    COLLECTIVITY,
    STAFF,
    IssuedToken,
    Principal,
    TokenView,
    check_link_scope,
    check_token_id,
    expiry,
    new_token,
    parse_token,
    secret_matches,
)
from atelier.services.orders import check_ref
from atelier.services.ports import UnitOfWork


def create_staff_token(uow: UnitOfWork, actor: Actor, *, name: str, role: str,
                       expires_days: int | None, now: dt.datetime) -> IssuedToken:
    """A staff API key with ``role``; the secret is returned this once."""
    key_role = check_role(role)
    holder = bounds.name(name, "name")
    expires_at = expiry(now, expires_days)
    token, public_id, digest = new_token(STAFF)
    view = uow.tokens.add(public_id=public_id, secret_hash=digest, kind=STAFF, name=holder,
                          role=key_role, collectivity_id=None, order_id=None, now=now,
                          expires_at=expires_at)
    uow.audit.record(actor, "token.create", "token", public_id, None,
                     {"kind": STAFF, "name": view.name, "role": role,
                      "expires_at": view.expires_at}, now)
    return IssuedToken(token=token, view=view)


def create_collectivity_token(uow: UnitOfWork, actor: Actor, *, collectivity_id: int,
                              order_ref: str | None, expires_days: int | None,
                              now: dt.datetime) -> IssuedToken:
    """A link for one collectivity (optionally one of its orders) to follow its orders."""
    expires_at = expiry(now, expires_days)
    client = uow.collectivities.get(check_collectivity_id(collectivity_id))
    order_id = None
    if order_ref is not None:
        order = uow.orders.get(check_ref(order_ref))
        check_link_scope(order_ref, order.collectivity_id, collectivity_id)
        order_id = order.id
    token, public_id, digest = new_token(COLLECTIVITY)
    view = uow.tokens.add(public_id=public_id, secret_hash=digest, kind=COLLECTIVITY,
                          name=client.name, role=None, collectivity_id=collectivity_id,
                          order_id=order_id, now=now, expires_at=expires_at)
    uow.audit.record(actor, "token.create", "token", public_id, None,
                     {"kind": COLLECTIVITY, "collectivity": collectivity_id,
                      "order": order_ref, "expires_at": view.expires_at}, now)
    return IssuedToken(token=token, view=view)


def revoke_token(uow: UnitOfWork, actor: Actor, token_id: str, now: dt.datetime) -> TokenView:
    """Revoke a token by its public id: it is refused from now on. A staff key needs
    the right to manage keys; a collectivity link, the right to manage clients."""
    view = uow.tokens.get(check_token_id(token_id), now)
    if view.kind == STAFF and not roles.allows(actor.role, roles.TOKENS):
        # The same answer as for an id that does not exist: a role that may not revoke
        # staff keys does not learn which ids are keys (no oracle).
        raise NotFound("token", token_id)
    if view.revoked_at is not None:
        return view
    uow.tokens.revoke(token_id, now)
    uow.audit.record(actor, "token.revoke", "token", token_id, {"revoked_at": None},
                     {"revoked_at": now}, now)
    return uow.tokens.get(token_id, now)


def tokens(uow: UnitOfWork, now: dt.datetime) -> list[TokenView]:
    """Every token, without its secret, as of ``now``."""
    return uow.tokens.all(now)


def authenticate(uow: UnitOfWork, token: str, now: dt.datetime) -> Principal:
    """Who ``token`` speaks for, or :class:`NotAuthenticated` (one answer for a malformed,
    unknown, wrong, expired or revoked token)."""
    kind, public_id, secret = parse_token(token)
    found = uow.tokens.secret_hash(public_id, now)
    refused = NotAuthenticated("the token is not valid", code="token_invalid")
    if found is None:
        secret_matches(secret, "0" * 64)  # the same work whether the id exists or not
        raise refused
    digest, view = found
    if not secret_matches(secret, digest) or view.kind != kind or not view.active:
        raise refused
    return Principal(token_id=view.id, kind=view.kind, name=view.name, role=view.role,
                     collectivity_id=view.collectivity_id, order_ref=view.order_ref)
