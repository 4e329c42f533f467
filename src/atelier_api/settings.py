"""Settings of the HTTP door, from the environment or given to :func:`create_app`."""

from __future__ import annotations

import os

import attrs


@attrs.frozen
class ApiSettings:
    """What the application is built from.

    ``public_url`` is the address libraries reach the server at: the tracking
    links sent to them start with it. CORS stays off unless origins are given.
    """

    database_url: str | None = None
    public_url: str = "http://127.0.0.1:8000"
    cors_origins: tuple[str, ...] = ()
    #: Requests a minute one collectivity token may make (page and JSON together).
    client_rate_per_minute: int = 120
    #: The largest request body, in bytes (413 beyond, before anything reads it): an item
    #: list of 50 MB and a little more.
    max_body_bytes: int = 52_000_000

    @classmethod
    def from_env(cls) -> ApiSettings:
        """``ATELIER_DATABASE_URL``, ``ATELIER_PUBLIC_URL``, ``ATELIER_CORS_ORIGINS``
        (comma-separated), ``ATELIER_CLIENT_RATE`` (per minute) and
        ``ATELIER_MAX_BODY_BYTES``."""
        origins = tuple(o.strip() for o in os.environ.get("ATELIER_CORS_ORIGINS", "").split(",")
                        if o.strip())
        return cls(database_url=os.environ.get("ATELIER_DATABASE_URL") or None,
                   public_url=os.environ.get("ATELIER_PUBLIC_URL", cls.public_url),
                   cors_origins=origins,
                   client_rate_per_minute=int(os.environ.get("ATELIER_CLIENT_RATE", "120")),
                   max_body_bytes=int(os.environ.get("ATELIER_MAX_BODY_BYTES",
                                                     str(cls.max_body_bytes))))
