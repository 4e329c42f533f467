"""Rate limiting of the collectivity side (JSON and page): a sliding window per token.

Each collectivity token may make ``client_rate_per_minute`` requests in any
60 seconds (page and JSON together); beyond, the answer is ``429`` with a
``Retry-After`` saying when the oldest request of the window leaves it. The
windows live in the process's memory (one uvicorn worker serves a workshop;
several workers each keep their own, which only loosens the limit).
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from atelier.domain.tokens import Principal
from atelier_api import problems

#: Length of the window, in seconds.
WINDOW = 60.0
#: Forget the windows of tokens idle this long, every this many requests.
_SWEEP_EVERY = 1024


class SlidingWindowLimiter:
    """At most ``limit`` hits per key in any ``window`` seconds (``limit`` 0: no limit).

    Thread-safe: FastAPI runs plain route functions in a thread pool.
    """

    def __init__(self, limit: int, window: float = WINDOW,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._count = 0

    def hit(self, key: str) -> float | None:
        """Count one request of ``key``: None if allowed, else the seconds to wait."""
        if self.limit <= 0:
            return None
        now = self.clock()
        with self._lock:
            self._count += 1
            if self._count % _SWEEP_EVERY == 0:
                self._sweep(now)
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return hits[0] + self.window - now
            hits.append(now)
            return None

    def _sweep(self, now: float) -> None:
        stale = [key for key, hits in self._hits.items()
                 if not hits or hits[-1] <= now - self.window]
        for key in stale:
            del self._hits[key]


_CREATE = threading.Lock()


def limiter_for(app: FastAPI) -> SlidingWindowLimiter:
    """The application's limiter, made on first use from its settings."""
    found: SlidingWindowLimiter | None = getattr(app.state, "client_rate_limiter", None)
    if found is None:
        with _CREATE:
            found = getattr(app.state, "client_rate_limiter", None)
            if found is None:
                found = SlidingWindowLimiter(app.state.settings.client_rate_per_minute)
                app.state.client_rate_limiter = found
    return found


class TooManyRequests(Exception):
    """A token went over its rate; ``retry_after`` in whole seconds."""

    def __init__(self, wait: float) -> None:
        super().__init__("too many requests")
        self.retry_after = max(1, math.ceil(wait))


def check(request: Request, principal: Principal) -> None:
    """Count a request of ``principal``'s token; :class:`TooManyRequests` over the rate."""
    wait = limiter_for(request.app).hit(principal.token_id)
    if wait is not None:
        raise TooManyRequests(wait)


def too_many_requests(exc: TooManyRequests) -> JSONResponse:
    """The ``429`` problem with its ``Retry-After``."""
    response = problems.problem(
        429, "too_many_requests",
        f"too many requests for this link: try again in {exc.retry_after} s",
        params={"retry_after": exc.retry_after})
    response.headers["Retry-After"] = str(exc.retry_after)
    response.headers["Cache-Control"] = "no-store"
    return response
