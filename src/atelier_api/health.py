"""What ``/api/v1/health`` says, checked at start-up and then at most every few seconds.

The check (the database's schema revision: one SELECT) used to run on every call,
in a thread. Now the application checks once when it starts, and a health call
answers from that check while it is younger than :data:`MAX_AGE` seconds; an older
one is made again first (in the call's one thread hop), so an answer is never
staler than that, and says when it was checked (``checked_at``). A database that
could not be used when checked answers its problem (503) the same way, until the
next check finds it back.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable

import anyio
import anyio.to_thread
from starlette.concurrency import run_in_threadpool

from atelier import AtelierError, Workshop, __version__

#: The oldest check a health call answers from, in seconds.
MAX_AGE = 10.0
#: How long the start-up waits for its check, in seconds (a database slow to answer
#: does not hold the service back: the check then ends in the background).
STARTUP_WAIT = 5.0


class HealthCheck:
    """The last check of the workshop's database, and its answer's JSON, built once."""

    def __init__(self, ws: Workshop, max_age: float = MAX_AGE,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._ws = ws
        self._max_age = max_age
        self._clock = clock
        self._checked: float | None = None
        self._body = b""
        self._error: AtelierError | None = None

    def check(self) -> None:
        """Check the database now (blocking: one SELECT), and keep what was found."""
        try:
            current, _head = self._ws.schema_revision()
        except AtelierError as err:
            self._error, self._checked = err, self._clock()
            return
        checked_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        self._body = json.dumps(
            {"status": "ok", "version": __version__, "schema_revision": current,
             "checked_at": checked_at}, separators=(",", ":")).encode()
        self._error, self._checked = None, self._clock()

    async def start(self) -> None:
        """The start-up check, waited for at most :data:`STARTUP_WAIT` seconds."""
        with anyio.move_on_after(STARTUP_WAIT):
            await anyio.to_thread.run_sync(self.check, abandon_on_cancel=True)

    @property
    def fresh(self) -> bool:
        """Whether the last check is young enough to answer from."""
        return self._checked is not None and self._clock() - self._checked <= self._max_age

    async def answer(self) -> bytes:
        """The health JSON as last checked (checked again first when too old), or the
        problem the database gave (raised again: the API's handlers answer it)."""
        if not self.fresh:
            await run_in_threadpool(self.check)
        if self._error is not None:
            raise self._error.with_traceback(None)
        return self._body
