"""Access tokens: staff API keys (with a role) and collectivity links (one client).

A token is shown once, when it is created; only a hash of its secret part is
stored, and it is compared in constant time. A token reads
``ats_<id>_<secret>`` for staff and ``atc_<id>_<secret>`` for a collectivity:
the id finds the row, the secret proves the holder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from typing import Any

import attrs

from atelier.domain.errors import NotAuthenticated

STAFF = "staff"
COLLECTIVITY = "collectivity"
KINDS = (STAFF, COLLECTIVITY)
_PREFIX = {STAFF: "ats", COLLECTIVITY: "atc"}
_SHAPE = re.compile(r"^(ats|atc)_([0-9a-f]{16})_([A-Za-z0-9_-]{32,64})$")


@attrs.frozen
class Principal:
    """Who a valid token speaks for: a staff member with a role, or one collectivity
    (optionally limited to one order)."""

    token_id: str
    kind: str
    name: str
    role: str | None = None
    collectivity_id: int | None = None
    order_ref: str | None = None


@attrs.frozen
class TokenView:
    """A token as listed to the admin: never its secret."""

    id: str
    kind: str
    name: str
    role: str | None
    collectivity_id: int | None
    order_ref: str | None
    created_at: dt.datetime
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None

    def active(self, now: dt.datetime) -> bool:
        """Neither revoked nor expired at ``now``."""
        return self.revoked_at is None and (self.expires_at is None or now < self.expires_at)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"id": self.id, "kind": self.kind, "name": self.name, "role": self.role,
                "collectivity_id": self.collectivity_id, "order_ref": self.order_ref,
                "created_at": self.created_at.isoformat(),
                "expires_at": self.expires_at.isoformat() if self.expires_at else None,
                "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None}


@attrs.frozen
class IssuedToken:
    """A new token: ``token`` is the secret to hand over, shown this once."""

    token: str
    view: TokenView


def new_token(kind: str) -> tuple[str, str, str]:
    """``(token, public id, secret hash)`` for a new token of ``kind``."""
    public_id = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    return f"{_PREFIX[kind]}_{public_id}_{secret}", public_id, hash_secret(secret)


def hash_secret(secret: str) -> str:
    """The stored form of a token's secret (SHA-256: the secret is 256 random bits, so a
    slow password hash would add nothing but latency)."""
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def parse_token(token: str) -> tuple[str, str, str]:
    """``(kind, public id, secret)`` of a token, or :class:`NotAuthenticated`."""
    found = _SHAPE.match(token.strip())
    if found is None:
        raise NotAuthenticated("the token is malformed", code="token_invalid")
    kind = STAFF if found.group(1) == "ats" else COLLECTIVITY
    return kind, found.group(2), found.group(3)


def secret_matches(secret: str, stored_hash: str) -> bool:
    """Constant-time comparison of a presented secret with the stored hash."""
    return hmac.compare_digest(hash_secret(secret), stored_hash)
