"""SQLite's WAL checkpoints, taken off the acts' commit path.

In WAL mode a commit appends to the ``-wal`` file; a checkpoint copies those pages
back into the database file. SQLite's own automatic checkpoint runs inside the
commit that takes the WAL past 1,000 pages: that act, and every act waiting
behind its write lock, pays for it (bench B2: p50 0.16 ms, p99 4.4 to 8.7 ms,
the spikes being checkpoints). Here the connections atelier opens turn the
automatic checkpoint off (``wal_autocheckpoint=0``, see
:mod:`atelier.store.database`) and the unit-of-work factory hands the same work,
at the same threshold, to a background thread after the commit that crossed it:
a ``PASSIVE`` checkpoint on a connection of its own, which neither waits for nor
blocks readers and writers. SQLite runs it outside Python's lock, so it takes
the other core.

Durability is unchanged: a transaction is durable once its commit is in the WAL
(``synchronous=NORMAL`` as before); a checkpoint only moves committed pages. A
checkpoint cut short (the process ends, an error) leaves a longer WAL that the
next one, or SQLite on the last connection's close, finishes. The WAL is
truncated when it restarts (``journal_size_limit``), so that its size on disk
says how much is waiting.
"""

from __future__ import annotations

import os
import sqlite3
import threading

import sqlalchemy as sa
from sqlalchemy.engine import Engine

#: Pages of WAL that call for a checkpoint: SQLite's own default threshold.
WAL_PAGES = 1000
#: Bytes of WAL kept when it restarts after a complete checkpoint.
WAL_KEPT_BYTES = 0


class Checkpointer:
    """Checkpoints of one SQLite file, each in a background thread, one at a time."""

    def __init__(self, engine: Engine, wal_path: str, *, pages: int = WAL_PAGES,
                 page_size: int = 4096) -> None:
        self._engine = engine
        self._wal = wal_path
        self.threshold = pages * page_size
        self._lock = threading.Lock()
        self._running: threading.Thread | None = None
        #: Checkpoints started (tests and benchmarks read it).
        self.started = 0

    @classmethod
    def of(cls, engine: Engine) -> Checkpointer | None:
        """The checkpointer of a SQLite file's engine; None for PostgreSQL or memory."""
        database = engine.url.database
        if engine.dialect.name != "sqlite" or database in (None, "", ":memory:"):
            return None
        return cls(engine, os.path.abspath(str(database)) + "-wal")

    def committed(self) -> None:
        """After a write committed: start a checkpoint if the WAL is past the threshold
        and none is running (a ``stat``: about 2 µs otherwise)."""
        try:
            size = os.stat(self._wal).st_size
        except OSError:
            return
        if size < self.threshold:
            return
        with self._lock:
            if self._running is not None and self._running.is_alive():
                return
            self.started += 1
            self._running = threading.Thread(target=self._checkpoint, daemon=True,
                                             name="atelier-wal-checkpoint")
            self._running.start()

    def wait(self, timeout: float = 10.0) -> None:
        """Let a running checkpoint finish (before the engine is disposed of)."""
        running = self._running
        if running is not None:
            running.join(timeout)

    def _checkpoint(self) -> None:
        try:
            # The pooled driver connection, outside any transaction (atelier's connections
            # run in the driver's autocommit mode and begin their own).
            raw = self._engine.raw_connection()
            try:
                raw.cursor().execute("PRAGMA wal_checkpoint(PASSIVE)")
            finally:
                raw.close()
        except (sa.exc.SQLAlchemyError, sqlite3.Error):
            # Nothing is lost: the pages stay in the WAL for the next checkpoint.
            return
