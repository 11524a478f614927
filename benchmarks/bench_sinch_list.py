"""Sinch active-numbers listing: 20,000 numbers in pages of 100, SDK against raw aiohttp.

The SDK side is ``async with sinch.active.stream(page_size=100) as numbers: async for n in
numbers`` (a task fetches the next page while this one is parsed; models built for every
number), or with ``--form list`` the plain iterator ``sinch.active.list``. The raw side GETs
``/v1/projects/{id}/activeNumbers?pageSize=100[&pageToken=]`` with the same Basic
``Authorization`` header, ``json.loads`` each page and follows ``nextPageToken``. Rounds
interleave (SDK, raw, raw, SDK, ...). The server is ``benchmarks._servers:sinch_20k`` (the
stock fake with its selection memoised, so the server is not what is measured). "Latency"
is the time per page of 100.

    .venv/bin/python -m benchmarks.bench_sinch_list [--rounds 9] [--page-size 100]
        [--form stream|list] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp

from sinch_numbers import ActiveNumber, SinchNumbers
from sinch_numbers._auth import basic_header

if __package__ in (None, ""):  # run as a file: make the `benchmarks` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import _harness as h
from benchmarks._servers import (
    ACTIVE_NUMBERS,
    SINCH_KEY,
    SINCH_PROJECT,
    SINCH_SECRET,
)

FACTORY = "benchmarks._servers:sinch_20k"
MAX_PAGES = 10_000  # a bound on every listing loop, whatever the server says


async def sdk_listing(sinch: SinchNumbers, page_size: int, lat: list[float], form: str) -> int:
    if form == "list":
        return await count_numbers(sinch.active.list(page_size=page_size), page_size, lat)
    async with sinch.active.stream(page_size=page_size) as numbers:
        return await count_numbers(numbers, page_size, lat)


async def count_numbers(numbers: AsyncIterator[ActiveNumber], page_size: int,
                        lat: list[float]) -> int:
    count = 0
    mark = time.perf_counter()
    async for number in numbers:
        count += 1
        if number.phone_number and count % page_size == 0:
            now = time.perf_counter()
            lat.append(now - mark)
            mark = now
        if count >= ACTIVE_NUMBERS * 2:
            raise RuntimeError("listing did not end")
    return count


async def raw_listing(session: aiohttp.ClientSession, base_url: str, page_size: int,
                      lat: list[float]) -> int:
    url = f"{base_url}/v1/projects/{SINCH_PROJECT}/activeNumbers"
    headers = {"authorization": basic_header(SINCH_KEY, SINCH_SECRET)}
    params = {"pageSize": str(page_size)}
    count = 0
    for _ in range(MAX_PAGES):
        mark = time.perf_counter()
        async with session.get(url, params=params, headers=headers) as resp:
            if resp.status != 200:
                raise RuntimeError(f"unexpected HTTP {resp.status}")
            page = json.loads(await resp.read())
        for number in page.get("activeNumbers", ()):
            count += bool(number["phoneNumber"])
        lat.append(time.perf_counter() - mark)
        token = page.get("nextPageToken")
        if not token:
            break
        params = {"pageSize": str(page_size), "pageToken": token}
    return count


async def compare(server: h.Sandbox, rounds: int, page_size: int,
                  form: str) -> dict[str, h.SideStats]:
    runs: dict[str, list[h.Run]] = {"sdk": [], "raw": []}
    async with SinchNumbers(SINCH_PROJECT, SINCH_KEY, SINCH_SECRET, auth="basic",
                            base_url=server.base_url) as sinch, \
            aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        async def one(name: str) -> h.Run:
            lat: list[float] = []
            if name == "sdk":
                return await h.measure(lambda: sdk_listing(sinch, page_size, lat, form), [server],
                                       lat)
            return await h.measure(lambda: raw_listing(session, server.base_url, page_size, lat),
                                   [server], lat)

        for name in runs:  # warm-up: one listing each
            await one(name)
        for index in range(rounds):
            for name in h.sides_in_turn(index):
                run = await one(name)
                if run.units != ACTIVE_NUMBERS:
                    raise RuntimeError(f"{name} listed {run.units} numbers")
                runs[name].append(run)
    return {n: h.summarise(r) for n, r in runs.items()}


async def main(args: argparse.Namespace) -> list[h.Result]:
    server = h.Sandbox(FACTORY)
    try:
        stats = await compare(server, args.rounds, args.page_size, args.form)
    finally:
        server.close()
    h.print_comparison(f"Sinch active numbers: {ACTIVE_NUMBERS} in pages of {args.page_size}"
                       f" (sinch.active.{args.form})",
                       "item", stats)
    sdk, raw = stats["sdk"], stats["raw"]
    rate, cpu = h.ratios(sdk, raw)
    results = [
        h.at_least("Sinch listing 20k: items/s ours/raw", rate, 0.85,
                   f"{sdk.rate:.0f} vs {raw.rate:.0f}/s; server {raw.server_share:.0%} (raw)"),
        h.Result("Sinch listing 20k: CPU per item ours/raw", "(info)", cpu, "{:.2f}x", True,
                 f"{sdk.cpu_us:.1f} vs {raw.cpu_us:.1f} us"),
    ]
    h.print_results(results)
    return results


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rounds", type=int, default=9)
    p.add_argument("--page-size", type=int, default=100)
    p.add_argument("--form", choices=("stream", "list"), default="stream",
                   help="the SDK side: the structured stream (default) or the plain iterator")
    p.add_argument("--json", help="write the result rows here (for run_all)")
    return p


if __name__ == "__main__":
    arguments = parser().parse_args()
    h.dump_results(arguments.json, asyncio.run(main(arguments)))
