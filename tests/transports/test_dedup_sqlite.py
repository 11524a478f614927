"""The SQLite de-duplication store, on real SQLite files: first claim wins within the window,
across stores and processes sharing one file and across a restart; expired keys are swept;
a locked file never blocks the event loop."""

import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import anyio
import pytest

from transports import FakeClock
from transports.dedup import SQLiteDedup
from transports.dedup._sqlite import CHECKPOINT_EVERY, SWEEP_INTERVAL

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "dedup.sqlite"


def rows(path: Path) -> list[tuple[str, float]]:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT key, expires FROM dedup ORDER BY key").fetchall()


def wal_size(path: Path) -> int:
    return Path(f"{path}-wal").stat().st_size


async def claim_concurrently(stores: list[SQLiteDedup], key: str, count: int) -> list[bool]:
    results: list[bool] = []

    async def claim(store: SQLiteDedup) -> None:
        results.append(await store.claim(key))

    async with anyio.create_task_group() as group:
        for i in range(count):
            group.start_soon(claim, stores[i % len(stores)])
    return results


async def test_the_first_claim_wins_until_the_window_ends(path):
    clock = FakeClock()
    store = SQLiteDedup(path, 30, clock=clock)
    assert store.path == str(path) and store.window == 30
    assert await store.claim("m-1:DELIVERED") is True
    assert await store.claim("m-1:DELIVERED") is False
    assert await store.claim("m-1:SENT") is True
    clock.advance(30)
    assert await store.claim("m-1:DELIVERED") is True  # the window is over: new again
    assert rows(path) == [("m-1:DELIVERED", clock.now() + 30), ("m-1:SENT", clock.now())]
    await store.aclose()


async def test_a_released_key_can_be_claimed_again(path):
    store = SQLiteDedup(path, 60, clock=FakeClock())
    assert await store.claim("e-1")
    await store.release("e-1")
    await store.release("never-claimed")
    assert await store.claim("e-1")
    await store.aclose()


async def test_of_100_concurrent_claims_of_one_key_exactly_one_wins(path):
    store = SQLiteDedup(path)
    assert sorted(await claim_concurrently([store], "evt-1", 100)) == [False] * 99 + [True]
    await store.aclose()


async def test_two_stores_on_one_file_share_their_keys_as_two_replicas_would(path):
    clock = FakeClock()
    first, second = SQLiteDedup(path, 60, clock=clock), SQLiteDedup(path, 60, clock=clock)
    assert await first.claim("k") and not await second.claim("k")
    await second.release("k")
    assert await second.claim("k") and not await first.claim("k")
    results = await claim_concurrently([first, second], "shared", 100)
    assert sorted(results) == [False] * 99 + [True]
    await first.aclose()
    await second.aclose()


async def test_a_claimed_key_survives_a_restart(path):
    clock = FakeClock()
    store = SQLiteDedup(path, 60, clock=clock)
    assert await store.claim("k")
    await store.aclose()
    reopened = SQLiteDedup(path, 60, clock=clock)
    assert await reopened.claim("k") is False
    clock.advance(60)
    assert await reopened.claim("k") is True
    await reopened.aclose()


def test_two_processes_claiming_the_same_keys_win_each_key_once(path):
    # Each process claims the same 1500 keys from the same instant; they print what they won.
    script = textwrap.dedent("""
        import asyncio, sys, time
        from transports.dedup import SQLiteDedup

        async def main(path, start):
            store = SQLiteDedup(path)
            time.sleep(max(0.0, start - time.time()))
            won = [i for i in range(1500) if await store.claim(f"k-{i}")]
            await store.aclose()
            print(" ".join(map(str, won)))

        asyncio.run(main(sys.argv[1], float(sys.argv[2])))
    """)
    start = str(time.time() + 1.5)
    processes = [
        subprocess.Popen([sys.executable, "-c", script, str(path), start], cwd=ROOT,
                         stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    won = [set(map(int, process.communicate(timeout=60)[0].split())) for process in processes]
    assert all(process.returncode == 0 for process in processes)
    assert won[0].isdisjoint(won[1]) and won[0] | won[1] == set(range(1500))


async def test_claims_wait_in_a_worker_thread_while_another_connection_holds_the_lock(path):
    store = SQLiteDedup(path)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # the write lock, as another process's claim holds it
    other.execute("INSERT INTO dedup VALUES ('taken', 1e12)")
    results: list[bool] = []

    async def claim_all() -> None:
        results.extend(await claim_concurrently([store], "held", 100))
        results.append(await store.claim("taken"))

    async with anyio.create_task_group() as group:
        group.start_soon(claim_all)
        await anyio.sleep(0.1)  # the event loop runs while the claims wait for the lock
        assert results == []
        other.execute("COMMIT")
    other.close()
    assert sorted(results[:100]) == [False] * 99 + [True] and results[100] is False
    await store.release("taken")  # not locked any more: on the event loop again
    assert rows(path)[0][0] == "held"
    await store.aclose()


def test_the_store_runs_on_trio_too(path):
    async def scenario() -> list[bool]:
        store = SQLiteDedup(path)  # its first claim sweeps in a worker thread
        results = await claim_concurrently([store], "k", 20)
        await store.aclose()
        return results

    assert sorted(anyio.run(scenario, backend="trio")) == [False] * 19 + [True]


async def test_expired_keys_are_swept_now_and_then_not_on_every_claim(path):
    clock = FakeClock()
    store = SQLiteDedup(path, 10, clock=clock)
    for i in range(5):
        await store.claim(f"old-{i}")
    clock.advance(10)
    await store.claim("new-1")  # expired but not swept yet: the last sweep was just now
    assert len(rows(path)) == 6
    clock.advance(SWEEP_INTERVAL)
    await store.claim("new-2")
    assert rows(path) == [("new-2", clock.now() + 10)]
    await store.aclose()


async def test_checkpoints_keep_the_write_ahead_log_small(path):
    store = SQLiteDedup(path)
    for i in range(int(CHECKPOINT_EVERY * 2.5)):
        await store.claim(f"k-{i}")
    # Without checkpoints every claim would add at least one 4 KiB page to the log.
    assert wal_size(path) < CHECKPOINT_EVERY * 2 * 4096
    await store.aclose()


async def test_the_file_and_its_log_are_readable_by_their_owner_only(path):
    previous = os.umask(0o000)
    try:
        store = SQLiteDedup(path)
        await store.claim("k")
    finally:
        os.umask(previous)
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        assert stat.S_IMODE(name.stat().st_mode) == 0o600
    await store.aclose()


async def test_an_existing_file_keeps_its_mode(path):
    path.touch(mode=0o640)
    path.chmod(0o640)
    store = SQLiteDedup(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    await store.aclose()


async def test_other_database_errors_are_raised(path):
    store = SQLiteDedup(path)
    assert await store.claim("first")  # the first claim's sweep is behind us
    with sqlite3.connect(path) as other:
        other.execute("DROP TABLE dedup")
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        await store.claim("k")
    await store.aclose()


def test_a_file_that_is_not_sqlite_is_refused(path):
    path.write_bytes(b"not a database, " * 100)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        SQLiteDedup(path)


async def test_close_is_idempotent_and_a_closed_store_refuses_claims(path):
    store = SQLiteDedup(path)
    await store.aclose()
    await store.aclose()
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        await store.claim("k")


@pytest.mark.parametrize("name", ["", ":memory:"])
def test_the_store_needs_a_file(name):
    with pytest.raises(ValueError, match="needs a file"):
        SQLiteDedup(name)


def test_the_window_must_be_positive(path):
    with pytest.raises(ValueError, match="window"):
        SQLiteDedup(path, 0)
    assert not path.exists()
