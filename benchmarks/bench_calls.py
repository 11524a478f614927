"""Single calls at high concurrency: this SDK against raw aiohttp, same server, same run.

The sandbox (FakeSendblue) runs in a subprocess so the client's CPU is measured alone.
Rounds are interleaved (SDK, raw, SDK, raw, ...) so drift hits both sides alike.

    .venv/bin/python benchmarks/bench_calls.py [--requests 5000] [--concurrency 100] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable

import aiohttp

from sendblue_async import SendblueClient, builders
from sendblue_async._parse import parse_response
from transports import Response

KEY, SECRET = "sb-test-key", "sb-test-secret"
HEADERS = {"sb-api-key-id": KEY, "sb-api-secret-key": SECRET}


def start_sandbox() -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "transports.sandbox", "sendblue_async.fake:FakeSendblue",
         "--port", "0"],
        stdout=subprocess.PIPE, text=True,
    )
    assert proc.stdout is not None
    return proc, proc.stdout.readline().strip()


async def run_load(call: Callable[[], Awaitable[object]], total: int, concurrency: int
                   ) -> tuple[float, float, list[float]]:
    latencies: list[float] = []
    remaining = total

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            started = time.perf_counter()
            await call()
            latencies.append(time.perf_counter() - started)

    cpu, wall = time.process_time(), time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - wall, time.process_time() - cpu, latencies


def pure_overhead_us(n: int = 20000) -> float:
    body = json.dumps({"status": "OK", "limits": {"daily": {"limit": 3, "used": 0,
                       "remaining": 3}, "monthly": {"limit": 10, "used": 0, "remaining": 10}}})
    response = Response(200, {"content-type": "application/json"}, body.encode())
    started = time.process_time()
    for _ in range(n):
        spec = builders.get_limits().bind("http://x", HEADERS)
        parse_response(spec, response)
    return (time.process_time() - started) / n * 1e6


async def main(total: int, concurrency: int, rounds: int) -> None:
    proc, base_url = start_sandbox()
    try:
        results = await compare(base_url, total, concurrency, rounds)
    finally:
        proc.terminate()
        proc.wait()
    report(results, total)


async def compare(base_url: str, total: int, concurrency: int, rounds: int
                  ) -> dict[str, list[tuple[float, float, list[float]]]]:
    results: dict[str, list[tuple[float, float, list[float]]]] = {"sdk": [], "raw": []}
    connector = aiohttp.TCPConnector(limit=0)
    async with SendblueClient(KEY, SECRET, base_url=base_url) as client, \
            aiohttp.ClientSession(connector=connector) as session:
        async def raw() -> object:
            async with session.get(base_url + "/accounts/limits", headers=HEADERS) as resp:
                return json.loads(await resp.read())["limits"]

        sides = {"sdk": client.lines.get_limits, "raw": raw}
        for call in sides.values():  # warm up both pools
            await run_load(call, concurrency, concurrency)
        for _ in range(rounds):
            for name, call in sides.items():
                results[name].append(await run_load(call, total, concurrency))
    return results


def report(results: dict[str, list[tuple[float, float, list[float]]]], total: int) -> None:
    summary = {}
    for name, runs in results.items():
        wall = sum(r[0] for r in runs)
        cpu = sum(r[1] for r in runs)
        lat = sorted(x for r in runs for x in r[2])
        summary[name] = (total * len(runs) / wall, cpu / (total * len(runs)) * 1e6,
                         statistics.median(lat) * 1e3, lat[int(len(lat) * 0.99)] * 1e3)
    print(f"{'side':6} {'req/s':>9} {'CPU us/req':>11} {'p50 ms':>8} {'p99 ms':>8}")
    for name, (rps, cpu_us, p50, p99) in summary.items():
        print(f"{name:6} {rps:9.0f} {cpu_us:11.1f} {p50:8.2f} {p99:8.2f}")
    sdk, raw = summary["sdk"], summary["raw"]
    print(f"ratio sdk/raw: throughput {sdk[0] / raw[0]:.2f}x, CPU per request "
          f"{sdk[1] / raw[1]:.2f}x")
    print(f"pure build+parse overhead: {pure_overhead_us():.1f} us/request (no I/O)")
    print(f"peak RSS (client process): "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    asyncio.run(main(args.requests, args.concurrency, args.rounds))
