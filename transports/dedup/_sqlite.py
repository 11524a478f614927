"""De-duplication keys in an SQLite file: one host, any number of processes, kept across
restarts.

One table of keys and their expiry (POSIX seconds from the store's clock), in WAL mode. A
claim is one statement, an insert that takes over a key already present only once its
expiry has passed, so SQLite makes it atomic whichever process or connection it comes from.

A claim runs on the event loop's thread: an uncontended insert costs tens of microseconds,
less than a hop to a worker thread and back. It never waits there: that connection has no busy
timeout, so while another process holds the write lock the statement is run again in a
worker thread, on a second connection that waits for the lock (up to ``BUSY_TIMEOUT``).
Checkpoints (the only fsync in WAL mode with ``synchronous=NORMAL``) and the sweep of
expired keys also run in the worker thread, now and then, before a claim (a claim that
raises has not claimed its key). A power cut may forget the last claims: those deliveries,
if retried, are handled again. Opening the file is blocking (and quick): make the store at
start-up.

The file is created mode 0600 (SQLite gives its -wal and -shm files the same mode).
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import ExitStack
from typing import Any

import anyio
import anyio.to_thread

from ..clock import Clock, SystemClock
from ._window import DEFAULT_WINDOW

BUSY_TIMEOUT = 5.0  # seconds the worker thread waits for another process's write lock
SWEEP_INTERVAL = 60.0  # seconds between two sweeps of expired keys
CHECKPOINT_EVERY = 1000  # claims between two checkpoints: the WAL stays a few megabytes

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS dedup (key TEXT PRIMARY KEY, expires REAL NOT NULL) "
    "WITHOUT ROWID"
)
_CLAIM = (
    "INSERT INTO dedup (key, expires) VALUES (?1, ?2) ON CONFLICT (key) "
    "DO UPDATE SET expires = excluded.expires WHERE dedup.expires <= ?3"
)
_RELEASE = "DELETE FROM dedup WHERE key = ?1"
_SWEEP = "DELETE FROM dedup WHERE expires <= ?1"


class SQLiteDedup:
    """Keys in the SQLite file at ``path``, shared by every store opened on it."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        window: float = DEFAULT_WINDOW,
        *,
        clock: Clock | None = None,
    ) -> None:
        if window <= 0:
            raise ValueError("window must be positive")
        name = os.fspath(path)
        if name in ("", ":memory:"):
            raise ValueError("SQLiteDedup needs a file (MemoryDedup keeps keys in memory)")
        self.path = name
        self.window = window
        self._clock = clock or SystemClock()
        self._waiting, self._inline = _open(name)
        self._limiter = anyio.CapacityLimiter(1)  # one worker thread on ``_waiting``
        self._claims = 0
        self._next_sweep = float("-inf")  # the first claim sweeps what a past run left

    async def claim(self, key: str) -> bool:
        now = self._clock.now()
        await self._maintain(now)  # first: a claim that raises has not claimed its key
        return await self._write(_CLAIM, (key, now + self.window, now)) == 1

    async def release(self, key: str) -> None:
        await self._write(_RELEASE, (key,))

    async def aclose(self) -> None:
        async with self._limiter:  # no worker thread is using a connection
            self._inline.close()
            self._waiting.close()

    async def _write(self, statement: str, parameters: tuple[Any, ...]) -> int:
        """Run ``statement``; the number of rows it changed."""
        try:
            return self._inline.execute(statement, parameters).rowcount
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY:
                raise
        return await anyio.to_thread.run_sync(
            self._write_waiting, statement, parameters, limiter=self._limiter
        )

    def _write_waiting(self, statement: str, parameters: tuple[Any, ...]) -> int:
        return self._waiting.execute(statement, parameters).rowcount

    async def _maintain(self, now: float) -> None:
        """Every ``CHECKPOINT_EVERY`` claims a checkpoint; every ``SWEEP_INTERVAL`` seconds
        a sweep of expired keys (and a checkpoint)."""
        self._claims += 1
        sweep = now >= self._next_sweep
        if not sweep and self._claims < CHECKPOINT_EVERY:
            return
        self._claims = 0
        if sweep:
            self._next_sweep = now + SWEEP_INTERVAL
        await anyio.to_thread.run_sync(
            self._maintain_waiting, now if sweep else None, limiter=self._limiter
        )

    def _maintain_waiting(self, sweep_before: float | None) -> None:
        if sweep_before is not None:
            self._waiting.execute(_SWEEP, (sweep_before,))
        self._waiting.execute("PRAGMA wal_checkpoint(PASSIVE)")


def _open(name: str) -> tuple[sqlite3.Connection, sqlite3.Connection]:
    """The file's two connections: one that waits for locks (it also sets the file up), one
    that does not."""
    _create_private(name)
    with ExitStack() as on_error:
        waiting = _connect(name, BUSY_TIMEOUT, on_error)
        waiting.execute("PRAGMA journal_mode=WAL")
        waiting.execute(_SCHEMA)
        inline = _connect(name, 0.0, on_error)
        on_error.pop_all()
    return waiting, inline


def _connect(name: str, busy_timeout: float, on_error: ExitStack) -> sqlite3.Connection:
    # Autocommit: every statement is its own transaction. Used by one thread at a time.
    connection = sqlite3.connect(
        name, timeout=busy_timeout, isolation_level=None, check_same_thread=False
    )
    on_error.callback(connection.close)
    connection.execute("PRAGMA synchronous=NORMAL")  # the first read: is it SQLite?
    connection.execute("PRAGMA wal_autocheckpoint=0")  # checkpoints run in a worker thread
    return connection


def _create_private(name: str) -> None:
    """Create ``name`` empty with mode 0600 (whatever the umask), unless it exists."""
    try:
        descriptor = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    try:
        os.fchmod(descriptor, 0o600)  # a umask may have taken the owner's bits too
    finally:
        os.close(descriptor)
