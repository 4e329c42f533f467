"""Where the API lives: its prefix, and the paths under it that take no token."""

from __future__ import annotations

API_PREFIX = "/api/v1"
#: API paths answered without a token.
PUBLIC_API_PATHS = frozenset({f"{API_PREFIX}/health"})
#: API paths whose GET routes authenticate the token themselves, in the one transaction
#: of their read (see :class:`atelier_api.guards.AuthFirst`).
SELF_AUTHENTICATING = (f"{API_PREFIX}/client/",)
