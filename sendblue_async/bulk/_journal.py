"""The import journal: which phones a previous run imported, in SQLite.

One table of phone keys (integers, the table's rowid), in WAL mode with one transaction per
accepted batch. ``synchronous=NORMAL``: a committed batch survives the process being killed
(the WAL is in the OS's hands); after a power cut the last few batches may be forgotten,
which only means they are sent again, and the bulk endpoint upserts.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable

from ._phoneset import PhoneSet

_SCHEMA = "CREATE TABLE IF NOT EXISTS imported (phone INTEGER PRIMARY KEY)"


class Journal:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Journal:
        """Open or create the journal at ``path``. Blocking: run it in a worker thread."""
        # Opened in a worker thread and used from the event loop, never two at a time.
        connection = sqlite3.connect(path, check_same_thread=False)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            with connection:
                connection.execute(_SCHEMA)
        except BaseException:
            connection.close()
            raise
        return cls(connection)

    def load(self) -> PhoneSet:
        """Every phone key recorded so far. Blocking: run it in a worker thread."""
        count = self._connection.execute("SELECT count(*) FROM imported").fetchone()[0]
        done = PhoneSet(2 * count + 2)
        for (key,) in self._connection.execute("SELECT phone FROM imported"):
            done.add(key)
        return done

    def record(self, keys: Iterable[int]) -> None:
        """Commit one batch of imported phone keys (all of them or, on a crash, none)."""
        with self._connection:
            self._connection.executemany(
                "INSERT OR IGNORE INTO imported (phone) VALUES (?)", ((key,) for key in keys)
            )

    def close(self) -> None:
        self._connection.close()
