"""Instructions per request, this SDK against raw aiohttp: the benchmark that does not drift.

CPU time on a shared VM moves by tens of percent from one second to the next; an instruction
count does not. Each side's closed loop (the very calls of ``bench_calls``: 100 in flight, two
sandbox processes) runs under ``valgrind --tool=callgrind`` twice, for ``--small`` and
``--large`` requests after the same warm-up; the difference of the two totals, divided by the
difference of the sizes, is what one request costs the client process (the sandboxes run
outside valgrind). ``PYTHONHASHSEED=0`` makes the count repeat. Needs valgrind; it takes a
few minutes, so ``run_all`` leaves it out.

    .venv/bin/python -m benchmarks.bench_instructions [--only status] [--small 1000]
        [--large 3000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import aiohttp

if __package__ in (None, ""):  # run as a file: make the `benchmarks` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import _harness as h
from benchmarks import bench_calls as calls

SIDES = ("sdk", "raw")
_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


async def loop(side: str, endpoint: str, total: int) -> None:
    """Warm up, then run ``total`` calls of one side (the part valgrind measures twice)."""
    servers = h.start_sandboxes(calls.FACTORY, 2)
    urls = [s.base_url for s in servers]
    clients = [calls.SendblueClient(calls.KEY, calls.SECRET, base_url=u) for u in urls]
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
    try:
        handles = [await calls.seed_handles(session, u, 200) for u in urls]

        def make(i: int) -> calls.Call:
            k = i % len(urls)
            if side == "sdk":
                return calls.sdk_call(endpoint, clients[k], handles[k], i)
            return calls.raw_call(endpoint, session, urls[k], handles[k], i)

        await h.closed_loop(make, 1000, 100, 600, servers)
        await h.closed_loop(make, total, 100, 600, servers)
    finally:
        await session.close()
        for c in clients:
            await c.aclose()
        for s in servers:
            s.close()


def count(side: str, endpoint: str, total: int) -> int:
    """Instructions the client process executed, start to exit, for ``total`` calls."""
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
               sys.executable, "-m", "benchmarks.bench_instructions",
               "--loop", side, endpoint, str(total)]
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONPATH=str(h.ROOT))
    done = subprocess.run(command, cwd=h.ROOT, env=env, capture_output=True, text=True,
                          check=False, timeout=1800)
    found = _COLLECTED.search(done.stderr)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"{side} {endpoint} x{total} failed:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def per_request(side: str, endpoint: str, small: int, large: int) -> float:
    with ThreadPoolExecutor(2) as pool:  # the two sizes side by side: counts do not mind
        low, high = pool.map(lambda n: count(side, endpoint, n), (small, large))
    return (high - low) / (large - small)


def main(args: argparse.Namespace) -> list[h.Result]:
    results = []
    for endpoint in [e for e in args.only.split(",") if e]:
        sdk, raw = (per_request(s, endpoint, args.small, args.large) for s in SIDES)
        title = calls.TITLES[endpoint]
        print(f"{title}: sdk {sdk:,.0f}, raw {raw:,.0f} instructions per request "
              f"(ours/raw {sdk / raw:.3f}x)", flush=True)
        results.append(h.at_most(f"{title}: instructions ours/raw", sdk / raw, 1.2,
                                 "{:.3f}x", "<= 1.20x", f"{sdk:,.0f} vs {raw:,.0f}"))
    h.print_results(results)
    return results


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--only", default=",".join(calls.ENDPOINTS))
    p.add_argument("--small", type=int, default=1000)
    p.add_argument("--large", type=int, default=3000)
    p.add_argument("--loop", nargs=3, metavar=("SIDE", "ENDPOINT", "N"),
                   help="(internal) run one measured loop")
    p.add_argument("--json", help="write the result rows here")
    return p


if __name__ == "__main__":
    arguments = parser().parse_args()
    if arguments.loop:
        side, endpoint, n = arguments.loop
        asyncio.run(loop(side, endpoint, int(n)))
    elif shutil.which("valgrind") is None:
        sys.exit("bench_instructions needs valgrind (apt install valgrind)")
    else:
        h.dump_results(arguments.json, main(arguments))
