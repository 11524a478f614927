"""The import journal: which phones a previous run imported, in SQLite.

One table of phone keys (integers, the table's rowid), in WAL mode with one transaction per
accepted batch. ``synchronous=NORMAL``: a committed batch survives the process being killed
(the WAL is in the OS's hands); after a power cut the last few batches may be forgotten,
which only means they are sent again, and the bulk endpoint upserts.

A file that is not a journal (not SQLite, another schema, damaged) and a journal that cannot
be written (disk full) raise :class:`~sendblue_async.errors.JournalError` naming the file;
another database is never written to. A new journal (with its WAL) is created mode 0600.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager

import anyio

from ..errors import JournalError
from ._phoneset import PhoneSet
from ._private import create_private

_SCHEMA = "CREATE TABLE IF NOT EXISTS imported (phone INTEGER PRIMARY KEY)"
# PRAGMA table_info of that table: (cid, name, type, notnull, default, pk).
_COLUMNS = [(0, "phone", "INTEGER", 0, None, 1)]


class Journal:
    def __init__(self, connection: sqlite3.Connection, path: str) -> None:
        self._connection = connection
        self.path = path

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Journal:
        """Open or create the journal at ``path``. Blocking: run it in a worker thread."""
        name = os.fspath(path)
        try:
            create_private(name)
            # Opened in a worker thread and used from the event loop, never two at a time.
            connection = sqlite3.connect(name, check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise journal_error(name, "cannot open it", exc) from exc
        try:
            _check_schema(connection, name)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            with connection:
                connection.execute(_SCHEMA)
        except sqlite3.Error as exc:
            connection.close()
            raise journal_error(name, "cannot open it", exc) from exc
        except BaseException:
            connection.close()
            raise
        return cls(connection, name)

    def load(self) -> PhoneSet:
        """Every phone key recorded so far. Blocking: run it in a worker thread."""
        try:
            count = self._connection.execute("SELECT count(*) FROM imported").fetchone()[0]
            done = PhoneSet(2 * count + 2)
            for (key,) in self._connection.execute("SELECT phone FROM imported"):
                done.add(key)
        except sqlite3.Error as exc:
            raise journal_error(self.path, "cannot read it", exc) from exc
        return done

    def record(self, keys: Iterable[int]) -> None:
        """Commit one batch of imported phone keys (all of them or, on a failure, none)."""
        try:
            with self._connection:
                self._connection.executemany(
                    "INSERT OR IGNORE INTO imported (phone) VALUES (?)", ((key,) for key in keys)
                )
        except sqlite3.Error as exc:
            raise journal_error(self.path, "cannot record imported rows", exc) from exc

    def close(self) -> None:
        self._connection.close()


@asynccontextmanager
async def journal_at(
    path: str | os.PathLike[str] | None,
) -> AsyncIterator[tuple[Journal | None, PhoneSet]]:
    """The journal at ``path`` (``None``: no journal) and the phone keys it holds, open
    for the block."""
    if path is None:
        yield None, PhoneSet(0)
        return
    journal = await anyio.to_thread.run_sync(Journal.open, path)
    try:
        yield journal, await anyio.to_thread.run_sync(journal.load)
    finally:
        journal.close()


def _check_schema(connection: sqlite3.Connection, name: str) -> None:
    """Accept a new (empty) database or one holding exactly the journal's table; the first
    read also finds a file that is not SQLite at all."""
    objects = connection.execute("SELECT type, name FROM sqlite_master").fetchall()
    if not objects:
        return
    columns = connection.execute("PRAGMA table_info(imported)").fetchall()
    if objects != [("table", "imported")] or columns != _COLUMNS:
        raise JournalError(
            f"import journal {name}: not an import journal (an SQLite database of another "
            "schema); give another path", path=name,
        )


def journal_error(name: str, doing: str, error: Exception) -> JournalError:
    """``error`` (from SQLite or the OS) as a :class:`JournalError` naming the file."""
    reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    if getattr(error, "sqlite_errorname", None) == "SQLITE_NOTADB":
        reason += ": not an import journal; give another path"
    elif getattr(error, "sqlite_errorname", None) == "SQLITE_CORRUPT":
        reason += ": the journal is damaged; without it every row is sent again"
    return JournalError(f"import journal {name}: {doing}: {reason}", path=name)
