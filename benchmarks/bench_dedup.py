"""Claims per second of each de-duplication store: in memory, SQLite (a temporary file) and
Redis (a redis-server of its own on 127.0.0.1, or ``--redis-url``), from one asyncio task and
from 50 concurrent tasks. Every claim is of a new key (the common case: a first delivery).
The figure is the median over the rounds; client CPU per claim is printed beside it (for
Redis the server's work is in another process).

    .venv/bin/python -m benchmarks.bench_dedup [--claims 20000] [--rounds 5]
        [--redis-url redis://127.0.0.1:6379/0]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from transports.dedup import DedupStore, MemoryDedup, RedisDedup, SQLiteDedup

TASKS = (1, 50)


async def claims_per_second(store: DedupStore, claims: int, tasks: int, tag: str) -> tuple[
    float, float
]:
    """(claims per second, client CPU microseconds per claim) of ``claims`` new keys."""
    per_task = claims // tasks

    async def worker(index: int) -> None:
        for i in range(per_task):
            await store.claim(f"{tag}:{index}:{i}")

    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(worker(index) for index in range(tasks)))
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    return per_task * tasks / wall, cpu / (per_task * tasks) * 1e6


async def measure(name: str, make: Callable[[], DedupStore], claims: int, rounds: int) -> None:
    for tasks in TASKS:
        rates, cpus = [], []
        for round_ in range(rounds):
            store = make()
            rate, cpu = await claims_per_second(store, claims, tasks, f"{time.time()}:{round_}")
            await store.aclose()
            rates.append(rate)
            cpus.append(cpu)
        print(f"{name:<8} {tasks:>3} task(s)  {statistics.median(rates):>10,.0f} claims/s"
              f"  {statistics.median(cpus):>6.1f} µs CPU/claim", flush=True)


@contextmanager
def redis_server() -> Iterator[str]:
    executable = shutil.which("redis-server")
    if executable is None:
        raise SystemExit("redis-server is not installed (or pass --redis-url)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [executable, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
         "--appendonly", "no", "--daemonize", "no"], stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.02)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


async def run(claims: int, rounds: int, redis_url: str, directory: str) -> None:
    paths = iter(range(1_000_000))
    await measure("memory", MemoryDedup, claims, rounds)
    await measure("sqlite", lambda: SQLiteDedup(f"{directory}/{next(paths)}.sqlite"), claims,
                  rounds)
    await measure("redis", lambda: RedisDedup(redis_url, prefix="bench:"), claims, rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--redis-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-dedup-") as directory:
        if args.redis_url:
            asyncio.run(run(args.claims, args.rounds, args.redis_url, directory))
            return
        with redis_server() as url:
            asyncio.run(run(args.claims, args.rounds, url, directory))


if __name__ == "__main__":
    main()
