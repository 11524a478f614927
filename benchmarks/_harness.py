"""Shared benchmark machinery: sandbox subprocesses, bounded load loops, CPU/RSS probes,
per-side statistics and the result rows ``run_all`` collects.

Measurement rules every script follows:

- the server (the package's fake, served by ``transports.testing.sandbox``) runs in its own
  process(es); client CPU is ``time.process_time()`` of this process only;
- the server's CPU is read from ``/proc/<pid>/stat`` around each run, so a report says how
  busy the server was (a server at ~100 % of a core hides client differences);
- peak RSS per side: ``/proc/self/clear_refs`` resets the high-water mark before each run
  and ``VmHWM`` is read after it (falls back to ``ru_maxrss`` of the whole process);
- every load loop stops at a request count *and* a deadline, whichever comes first.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_TICK = os.sysconf("SC_CLK_TCK")


# --------------------------------------------------------------------------- servers


class ServerProcess:
    """``python <args>`` in a subprocess that prints its base URL on its first line."""

    def __init__(self, args: list[str], what: str) -> None:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(
            p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p))
        self.proc = subprocess.Popen(
            [sys.executable, *args], stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env,
        )
        assert self.proc.stdout is not None
        self.base_url = self.proc.stdout.readline().strip()
        if not self.base_url.startswith("http"):
            self.close()
            raise RuntimeError(f"{what} did not start")

    def cpu(self) -> float:
        """User + system CPU seconds the server has used so far."""
        return proc_cpu(self.proc.pid)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Sandbox(ServerProcess):
    """``python -m transports.testing.sandbox <factory> --port 0`` in a subprocess."""

    def __init__(self, factory: str) -> None:
        super().__init__(["-m", "transports.testing.sandbox", factory, "--port", "0"],
                         f"sandbox {factory}")


def proc_cpu(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # after the ")" field 3 (state) is index 0: utime is field 14, stime field 15
    return (int(fields[11]) + int(fields[12])) / _TICK


def start_sandboxes(factory: str, count: int) -> list[Sandbox]:
    started: list[Sandbox] = []
    try:
        for _ in range(count):
            started.append(Sandbox(factory))
    except BaseException:
        for s in started:
            s.close()
        raise
    return started


# --------------------------------------------------------------------------- RSS


def reset_peak_rss() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        return False
    return True


def peak_rss_mb() -> float:
    """Peak RSS since the last reset (``VmHWM``), else the process lifetime peak."""
    try:
        with open("/proc/self/status") as f:
            found = re.search(r"VmHWM:\s+(\d+)", f.read())
        if found:
            return int(found.group(1)) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --------------------------------------------------------------------------- load


@dataclass
class Run:
    units: int  # requests, rows or items done
    wall: float
    cpu: float
    server_cpu: float
    rss_mb: float
    latencies: list[float] = field(default_factory=list)


async def measure(
    body: Callable[[], Awaitable[int]], servers: Sequence[Sandbox],
    latencies: list[float] | None = None,
) -> Run:
    """Run ``body`` (which returns how many units it did) under the CPU/RSS probes."""
    reset_peak_rss()
    server0 = sum(s.cpu() for s in servers)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    units = await body()
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    server = sum(s.cpu() for s in servers) - server0
    return Run(units, wall, cpu, server, peak_rss_mb(), latencies or [])


async def closed_loop(
    make_call: Callable[[int], Callable[[], Awaitable[object]]],
    total: int, concurrency: int, deadline: float, servers: Sequence[Sandbox],
) -> Run:
    """``concurrency`` workers each loop on their call until ``total`` calls are done or
    ``deadline`` seconds have passed. Worker ``i`` uses ``make_call(i)``."""
    latencies: list[float] = []
    remaining = total

    async def worker(call: Callable[[], Awaitable[object]], stop_at: float) -> None:
        nonlocal remaining
        clock = time.perf_counter
        while remaining > 0 and clock() < stop_at:
            remaining -= 1
            started = clock()
            await call()
            latencies.append(clock() - started)

    async def body() -> int:
        stop_at = time.perf_counter() + deadline
        calls = [make_call(i) for i in range(concurrency)]
        await asyncio.gather(*(worker(c, stop_at) for c in calls))
        return len(latencies)

    return await measure(body, servers, latencies)


# --------------------------------------------------------------------------- statistics


@dataclass
class SideStats:
    rate: float  # units per second
    cpu_us: float  # client CPU per unit
    p50_ms: float
    p99_ms: float
    rss_mb: float
    client_share: float  # client CPU / wall (1.0 = one core busy)
    server_share: float  # server CPU / wall, summed over servers
    rounds: list[tuple[float, float]] = field(default_factory=list)  # (rate, cpu_us) each


def sides_in_turn(round_index: int) -> tuple[str, str]:
    """Which side runs first in a round: SDK first in even rounds, raw first in odd ones,
    so a steady drift of the host's speed favours neither side (A B B A ...)."""
    return ("sdk", "raw") if round_index % 2 == 0 else ("raw", "sdk")


def ratios(sdk: SideStats, raw: SideStats) -> tuple[float, float]:
    """Throughput and CPU-per-unit ratios, ours / raw: the median over the interleaved rounds
    of each round's ratio to the raw round run next to it (``sides_in_turn``). Pairing
    neighbours cancels the drift of a shared VM (its speed changes by tens of percent within
    a minute), and the median ignores a round hit by a burst of load on the host."""
    pairs = list(zip(sdk.rounds, raw.rounds, strict=True))
    rate = statistics.median(s[0] / r[0] for s, r in pairs)
    cpu = statistics.median(s[1] / r[1] for s, r in pairs)
    return rate, cpu


def summarise(runs: Sequence[Run]) -> SideStats:
    units = sum(r.units for r in runs)
    wall = sum(r.wall for r in runs)
    lat = sorted(x for r in runs for x in r.latencies)
    p50 = statistics.median(lat) * 1e3 if lat else float("nan")
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1e3 if lat else float("nan")
    return SideStats(
        units / wall, sum(r.cpu for r in runs) / units * 1e6, p50, p99,
        max(r.rss_mb for r in runs), sum(r.cpu for r in runs) / wall,
        sum(r.server_cpu for r in runs) / wall,
        [(r.units / r.wall, r.cpu / r.units * 1e6) for r in runs],
    )


def print_comparison(title: str, unit: str, stats: dict[str, SideStats]) -> None:
    print(f"\n== {title}")
    print(f"{'side':5} {unit + '/s':>10} {'CPU us/' + unit:>13} {'p50 ms':>8} {'p99 ms':>8} "
          f"{'RSS MB':>7} {'client':>7} {'server':>7}")
    for name, s in stats.items():
        print(f"{name:5} {s.rate:10.0f} {s.cpu_us:13.1f} {s.p50_ms:8.2f} {s.p99_ms:8.2f} "
              f"{s.rss_mb:7.0f} {s.client_share:7.0%} {s.server_share:7.0%}")
    sdk, raw = stats["sdk"], stats["raw"]
    rate, cpu = ratios(sdk, raw)
    print(f"ours/raw: throughput {rate:.2f}x, CPU per {unit} {cpu:.2f}x (median of "
          f"{len(sdk.rounds)} paired rounds; pooled {sdk.rate / raw.rate:.2f}x, "
          f"{sdk.cpu_us / raw.cpu_us:.2f}x)   (client/server = CPU share of one core)")


# --------------------------------------------------------------------------- results


@dataclass
class Result:
    """One row of the summary table: a target, what was measured, and the verdict."""

    name: str
    target: str
    measured: float
    fmt: str  # how to print ``measured``, e.g. "{:.2f}x"
    passed: bool
    note: str = ""

    def line(self) -> str:
        verdict = "PASS" if self.passed else "MISS"
        return (f"{self.name:44} {self.target:>12} {self.fmt.format(self.measured):>12} "
                f"{verdict:>5}  {self.note}")


def at_least(name: str, value: float, low: float, note: str = "") -> Result:
    return Result(name, f">= {low:.2f}x", value, "{:.2f}x", value >= low, note)


def at_most(name: str, value: float, high: float, fmt: str, target: str,
            note: str = "") -> Result:
    return Result(name, target, value, fmt, value <= high, note)


def print_results(results: Sequence[Result]) -> None:
    print(f"\n{'target':44} {'wanted':>12} {'measured':>12} {'':>5}")
    for r in results:
        print(r.line())


def dump_results(path: str | None, results: Sequence[Result]) -> None:
    if path:
        with open(path, "w") as f:
            json.dump([r.__dict__ for r in results], f)


def load_results(path: str) -> list[Result]:
    with open(path) as f:
        return [Result(**row) for row in json.load(f)]
