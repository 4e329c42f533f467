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
from typing import Final, Literal, get_args

import attrs

from atelier.domain import bounds
from atelier.domain.errors import Conflict, InvalidInput, NotAuthenticated, NotFound
from atelier.domain.shape import internal

#: Who a token speaks for: a staff member, or a collectivity.
TokenKind = Literal["staff", "collectivity"]
STAFF: Final = "staff"
COLLECTIVITY: Final = "collectivity"
KINDS: tuple[TokenKind, ...] = get_args(TokenKind)
#: Longest life of a token, in days.
MAX_DAYS = 3 * 366
#: An ``Idempotency-Key`` is 1 to 255 characters.
MAX_IDEMPOTENCY_KEY = 255
_PREFIX = {STAFF: "ats", COLLECTIVITY: "atc"}
_SHAPE = re.compile(r"^(ats|atc)_([0-9a-f]{16})_([A-Za-z0-9_-]{32,64})$")


@attrs.frozen
class Principal:
    """Who a valid token speaks for: a staff member with a role, or one collectivity
    (optionally limited to one order)."""

    #: The token's public id (the door keys idempotent responses by it).
    token_id: str = attrs.field(metadata=internal())
    kind: TokenKind
    name: str
    role: str | None = None
    collectivity_id: int | None = None
    order_ref: str | None = None


def is_active(revoked_at: dt.datetime | None, expires_at: dt.datetime | None,
              now: dt.datetime) -> bool:
    """A token is active at ``now`` when it is neither revoked nor expired."""
    return revoked_at is None and (expires_at is None or now < expires_at)


@attrs.frozen
class TokenView:
    """A token as listed to the admin: never its secret. ``active``: neither revoked nor
    expired when it was read."""

    id: str
    kind: TokenKind
    name: str
    role: str | None
    collectivity_id: int | None
    order_ref: str | None
    created_at: dt.datetime
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None
    active: bool

    @property
    def state(self) -> Literal["active", "revoked", "expired"]:
        """``revoked``, ``expired`` or ``active``."""
        if self.revoked_at is not None:
            return "revoked"
        return "active" if self.active else "expired"


@attrs.frozen
class IssuedToken:
    """A new token: ``token`` is the secret to hand over, shown this once."""

    token: str
    view: TokenView


def new_token(kind: TokenKind) -> tuple[str, str, str]:
    """``(token, public id, secret hash)`` for a new token of ``kind``."""
    public_id = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    return f"{_PREFIX[kind]}_{public_id}_{secret}", public_id, hash_secret(secret)


def hash_secret(secret: str) -> str:
    """The stored form of a token's secret (SHA-256: the secret is 256 random bits, so a
    slow password hash would add nothing but latency)."""
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def parse_token(token: str) -> tuple[TokenKind, str, str]:
    """``(kind, public id, secret)`` of a token, or :class:`NotAuthenticated`."""
    found = _SHAPE.match(token.strip()) if isinstance(token, str) else None
    if found is None:
        raise NotAuthenticated("the token is malformed", code="token_invalid")
    kind: TokenKind = STAFF if found.group(1) == "ats" else COLLECTIVITY
    return kind, found.group(2), found.group(3)


def secret_matches(secret: str, stored_hash: str) -> bool:
    """Constant-time comparison of a presented secret with the stored hash."""
    return hmac.compare_digest(hash_secret(secret), stored_hash)


def check_link_scope(order_ref: str, order_collectivity: int, collectivity_id: int) -> None:
    """A link limited to one order is for an order of that collectivity (another client's
    order is not found, exactly as one that does not exist)."""
    if order_collectivity != collectivity_id:
        raise NotFound("order", order_ref)


def expiry(now: dt.datetime, days: int | None) -> dt.datetime | None:
    """When a token made at ``now`` for ``days`` expires (None: never)."""
    if days is None:
        return None
    bounds.integer(days, "expires_days", 1, MAX_DAYS, code="expiry_range")
    return now + dt.timedelta(days=days)


def check_token_id(token_id: str) -> str:
    """A token's public id as typed to find it."""
    return bounds.key(token_id, "token_id", 64)


def check_idempotency_key(key: str) -> str:
    """An ``Idempotency-Key``: 1 to 255 characters, no control character."""
    if not isinstance(key, str) or not key.strip() or len(key) > MAX_IDEMPOTENCY_KEY:
        raise InvalidInput("Idempotency-Key", f"1 to {MAX_IDEMPOTENCY_KEY} characters",
                           value=key[:40] if isinstance(key, str) else None,
                           code="idempotency_key_invalid")
    return bounds.key(key, "Idempotency-Key", MAX_IDEMPOTENCY_KEY)


def check_same_request(key: str, stored_hash: str, request_hash: str) -> None:
    """The same ``Idempotency-Key`` may not be used for another request."""
    if stored_hash != request_hash:
        raise InvalidInput("Idempotency-Key", "this key was used for another request",
                           value=key[:40], code="idempotency_key_reused")


#: The largest response kept for an ``Idempotency-Key`` (characters).
MAX_STORED_BODY = 50_000_000
_REQUEST_HASH = re.compile(r"^[0-9a-f]{64}$")


def check_request_hash(request_hash: str) -> str:
    """The SHA-256 (hex) of a request, as the door computes it."""
    if not isinstance(request_hash, str) or not _REQUEST_HASH.match(request_hash):
        raise InvalidInput("request_hash", "64 hexadecimal digits", code="request_hash_invalid")
    return request_hash


@attrs.frozen
class StoredResponse:
    """The answer given to a request made with an ``Idempotency-Key``, kept to be given
    again: the HTTP status, the media type and the text of the body."""

    status: int
    media_type: str
    body: str


def key_in_progress() -> Conflict:
    """Another request with the same ``Idempotency-Key`` is being worked on: this one did
    nothing, and may be sent again."""
    return Conflict("another request with this Idempotency-Key is under way: nothing was "
                    "done, send it again in a moment", code="idempotency_in_progress")


def check_response(status: int, body: str, media_type: str = "application/json") -> None:
    """A response kept for an ``Idempotency-Key``: an HTTP status, a media type and a text
    body."""
    bounds.integer(status, "status", 100, 599, code="response_status_range")
    bounds.key(media_type, "media_type", bounds.MEDIA_TYPE)
    if not isinstance(body, str) or len(body) > MAX_STORED_BODY:
        raise InvalidInput("body", f"text of at most {MAX_STORED_BODY} characters",
                           code="body_invalid")
    if bounds.has_control(body, multiline=True):
        raise InvalidInput("body", "a control character is not text", code="body_invalid")
