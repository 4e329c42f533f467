"""Settings of the HTTP door, from the environment or given to :func:`create_app`."""

from __future__ import annotations

import os

import attrs

from atelier.domain import bounds

#: Defaults (module constants: an attrs class's slots hide its defaults).
PUBLIC_URL = "http://127.0.0.1:8000"
CLIENT_RATE = 120
#: An item list of 50 MB and a little more.
MAX_BODY_BYTES = 52_000_000


@attrs.frozen
class ApiSettings:
    """What the application is built from.

    ``public_url`` is the address libraries reach the server at: the tracking
    links sent to them start with it. CORS stays off unless origins are given.
    """

    database_url: str | None = None
    public_url: str = PUBLIC_URL
    cors_origins: tuple[str, ...] = ()
    #: Requests a minute one collectivity token may make (page and JSON together).
    client_rate_per_minute: int = CLIENT_RATE
    #: The largest request body, in bytes (413 beyond, before anything reads it).
    max_body_bytes: int = MAX_BODY_BYTES

    @classmethod
    def from_env(cls) -> ApiSettings:
        """``ATELIER_DATABASE_URL``, ``ATELIER_PUBLIC_URL``, ``ATELIER_CORS_ORIGINS``
        (comma-separated), ``ATELIER_CLIENT_RATE`` (per minute) and
        ``ATELIER_MAX_BODY_BYTES``; a number that is not one is refused naming its
        variable."""
        origins = tuple(o.strip() for o in os.environ.get("ATELIER_CORS_ORIGINS", "").split(",")
                        if o.strip())
        return cls(database_url=os.environ.get("ATELIER_DATABASE_URL") or None,
                   public_url=os.environ.get("ATELIER_PUBLIC_URL", PUBLIC_URL),
                   cors_origins=origins,
                   client_rate_per_minute=_number("ATELIER_CLIENT_RATE", CLIENT_RATE),
                   max_body_bytes=_number("ATELIER_MAX_BODY_BYTES", MAX_BODY_BYTES))


def _number(variable: str, default: int) -> int:
    """A whole number from 0 to 2**31 - 1 in ``variable``, or ``default`` without one."""
    text = os.environ.get(variable, "").strip()
    if not text:
        return default
    value = int(text) if text.isdigit() else -1
    return bounds.integer(value, variable, 0, bounds.MAX_COUNT)
