"""Bulk import through ``POST /api/v2/contacts/bulk``: SDK against raw aiohttp, plus a
1,000,000-row CSV import whose peak RSS is measured in a fresh process.

Throughput: 100,000 CSV-like rows (``{"phone", "first_name", "last_name"}`` dicts), SDK
``sendblue_async.bulk.import_contacts(client, rows, batch_size=500, max_concurrency=8)``
against raw aiohttp posting the same rows in the same batches of 500 from 8 workers
(``json.dumps`` body, ``json.loads`` reply, status checked). The raw side sends the rows as
they are; the SDK also validates and normalises every row. Rounds interleave.

Memory: a 1,000,000-row CSV is generated into a temporary file and imported by
``import_contacts`` over a ``csv.DictReader`` in a fresh subprocess, which reports its own
peak RSS (``resource.getrusage``) and its RSS right after start-up.

The server is ``benchmarks._servers:sendblue_bulk`` (validates like the stock fake, keeps
nothing).

    .venv/bin/python -m benchmarks.bench_bulk [--rows 100000] [--rounds 7]
        [--csv-rows 1000000] [--skip-csv] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

from sendblue_async import SendblueClient

if __package__ in (None, ""):  # run as a file: make the `benchmarks` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import _harness as h

KEY, SECRET = "sb-test-key", "sb-test-secret"
JSON_HEADERS = {"sb-api-key-id": KEY, "sb-api-secret-key": SECRET,
                "content-type": "application/json"}
FACTORY = "benchmarks._servers:sendblue_bulk"
BATCH, WORKERS = 500, 8
RSS_TARGET_MB = 150.0


def rows(n: int) -> list[dict[str, str]]:
    return [{"phone": f"+1415{i:07d}", "first_name": f"First{i}", "last_name": "Bench"}
            for i in range(n)]


def import_contacts_or_none() -> Any:
    try:
        from sendblue_async.bulk import import_contacts
    except ImportError:
        return None
    return import_contacts


# --------------------------------------------------------------------------- the two sides


def shards(data: list[dict[str, str]], n: int) -> list[list[dict[str, str]]]:
    size = -(-len(data) // n)
    return [data[i * size:(i + 1) * size] for i in range(n)]


async def sdk_import(clients: list[SendblueClient], data: list[dict[str, str]]) -> int:
    """One ``import_contacts`` per server, each on its shard with its share of workers."""
    import_contacts = import_contacts_or_none()
    workers = max(1, WORKERS // len(clients))
    reports = await asyncio.gather(*(
        import_contacts(c, part, batch_size=BATCH, max_concurrency=workers)
        for c, part in zip(clients, shards(data, len(clients)), strict=True)))
    imported = sum(r.imported for r in reports)
    if not all(r.ok for r in reports) or imported != len(data):
        raise RuntimeError(f"SDK import incomplete: {imported}/{len(data)}")
    return int(imported)


async def raw_import(session: aiohttp.ClientSession, base_urls: list[str],
                     data: list[dict[str, str]], lat: list[float]) -> int:
    """The same shards, batches and worker counts as the SDK side."""
    workers = max(1, WORKERS // len(base_urls))
    done = await asyncio.gather(*(
        raw_shard(session, url, part, workers, lat)
        for url, part in zip(base_urls, shards(data, len(base_urls)), strict=True)))
    return sum(done)


async def raw_shard(session: aiohttp.ClientSession, base_url: str,
                    data: list[dict[str, str]], workers: int, lat: list[float]) -> int:
    url = base_url + "/api/v2/contacts/bulk"
    batches = iter([data[i:i + BATCH] for i in range(0, len(data), BATCH)])
    imported = 0

    async def worker() -> None:
        nonlocal imported
        for batch in batches:  # shared iterator: each batch goes to one worker
            started = time.perf_counter()
            body = json.dumps({"contacts": batch}, separators=(",", ":"),
                              ensure_ascii=False).encode()
            async with session.post(url, data=body, headers=JSON_HEADERS) as resp:
                if resp.status != 200:
                    raise RuntimeError(f"unexpected HTTP {resp.status}")
                json.loads(await resp.read())
            imported += len(batch)
            lat.append(time.perf_counter() - started)

    await asyncio.gather(*(worker() for _ in range(workers)))
    return imported


async def compare(servers: list[h.Sandbox], n: int, rounds: int) -> dict[str, h.SideStats]:
    data = rows(n)
    urls = [s.base_url for s in servers]
    runs: dict[str, list[h.Run]] = {"sdk": [], "raw": []}
    clients = [SendblueClient(KEY, SECRET, base_url=u) for u in urls]
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        async def one(name: str, part: list[dict[str, str]]) -> h.Run:
            lat: list[float] = []
            if name == "sdk":
                return await h.measure(lambda: sdk_import(clients, part), servers, lat)
            return await h.measure(lambda: raw_import(session, urls, part, lat), servers, lat)

        for name in runs:  # warm-up
            await one(name, data[: BATCH * WORKERS * 2])
        for index in range(rounds):
            for name in h.sides_in_turn(index):
                runs[name].append(await one(name, data))
    for c in clients:
        await c.aclose()
    return {n: h.summarise(r) for n, r in runs.items()}


# --------------------------------------------------------------------------- the CSV run


def write_csv(path: str, n: int) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["Phone", "First Name", "Last Name", "Company", "Tags", "custom.plan"])
        for i in range(n):
            out.writerow([f"+1{2_000_000_000 + i}", f"First{i}", "Bench", "Acme Inc",
                          "vip;bench", "gold" if i % 2 else "free"])


def csv_child(path: str, base_url: str) -> None:
    """Runs in the fresh subprocess: import the CSV, print a JSON line about it."""
    start_rss = h.peak_rss_mb()
    started = time.perf_counter()
    with open(path, newline="", encoding="utf-8") as f:
        report = asyncio.run(_import_csv(csv.DictReader(f), base_url))
    print(json.dumps({
        # VmHWM of this process's own memory map: ru_maxrss would carry over the parent's
        # peak across fork + exec on Linux, and the parent holds the 100k-row data set.
        "peak_rss_mb": h.peak_rss_mb(),
        "ru_maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "start_rss_mb": start_rss, "seconds": time.perf_counter() - started,
        "total": report.total, "imported": report.imported, "ok": report.ok,
    }), flush=True)


async def _import_csv(reader: csv.DictReader[str], base_url: str) -> Any:
    import_contacts = import_contacts_or_none()
    async with SendblueClient(KEY, SECRET, base_url=base_url) as client:
        return await import_contacts(client, reader, batch_size=BATCH, max_concurrency=WORKERS)


def csv_run(server: h.Sandbox, n: int, timeout: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-bulk-") as tmp:
        path = os.path.join(tmp, "contacts.csv")
        write_csv(path, n)
        size_mb = os.path.getsize(path) / 2**20
        env = dict(os.environ, PYTHONPATH=str(h.ROOT))
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.bench_bulk", "--csv-child", path,
             server.base_url],
            capture_output=True, text=True, cwd=h.ROOT, env=env, timeout=timeout, check=False,
        )
    if done.returncode != 0:
        raise RuntimeError(f"CSV import failed:\n{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["csv_mb"] = size_mb
    return result


# --------------------------------------------------------------------------- driver


async def main(args: argparse.Namespace) -> list[h.Result]:
    results: list[h.Result] = []
    servers = h.start_sandboxes(FACTORY, args.servers)
    server = servers[0]
    try:
        if import_contacts_or_none() is None:
            print("sendblue_async.bulk.import_contacts is not available yet: nothing to compare")
            return [h.Result("bulk import 100k: rows/s ours/raw", ">= 0.90x", float("nan"),
                             "{}", False, "sendblue_async.bulk missing")]
        stats = await compare(servers, args.rows, args.rounds)
        h.print_comparison(f"bulk import: {args.rows} rows, batches of {BATCH}, "
                           f"{WORKERS} in flight, {args.servers} server process(es)", "row", stats)
        sdk, raw = stats["sdk"], stats["raw"]
        rate, cpu = h.ratios(sdk, raw)
        results.append(h.at_least(
            f"bulk import {args.rows // 1000}k: rows/s ours/raw", rate, 0.90,
            f"{sdk.rate:.0f} vs {raw.rate:.0f}/s; server {raw.server_share:.0%} (raw)"))
        results.append(h.Result("bulk import: CPU per row ours/raw", "(info)", cpu,
                                "{:.2f}x", True,
                                f"{sdk.cpu_us:.1f} vs {raw.cpu_us:.1f} us"))
        if not args.skip_csv:
            got = csv_run(server, args.csv_rows, args.csv_timeout)
            print(f"\n== CSV import in a fresh process: {got['total']} rows "
                  f"({got['csv_mb']:.0f} MB file) in {got['seconds']:.1f} s, "
                  f"{got['total'] / got['seconds']:.0f} rows/s; peak RSS "
                  f"{got['peak_rss_mb']:.0f} MB (after start-up {got['start_rss_mb']:.0f} MB)")
            complete = got["ok"] and got["imported"] == args.csv_rows
            results.append(h.Result(
                f"CSV {args.csv_rows // 1000}k rows: peak RSS", f"<= {RSS_TARGET_MB:.0f} MB",
                got["peak_rss_mb"], "{:.0f} MB",
                complete and got["peak_rss_mb"] <= RSS_TARGET_MB,
                f"{got['imported']} imported, {got['total'] / got['seconds']:.0f} rows/s"))
    finally:
        for s in servers:
            s.close()
    h.print_results(results)
    return results


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--rounds", type=int, default=7)
    p.add_argument("--servers", type=int, default=2,
                   help="sandbox processes; rows are split into one shard per server")
    p.add_argument("--csv-rows", type=int, default=1_000_000)
    p.add_argument("--csv-timeout", type=float, default=240.0)
    p.add_argument("--skip-csv", action="store_true")
    p.add_argument("--csv-child", nargs=2, metavar=("CSV", "BASE_URL"), help=argparse.SUPPRESS)
    p.add_argument("--json", help="write the result rows here (for run_all)")
    return p


if __name__ == "__main__":
    arguments = parser().parse_args()
    if arguments.csv_child:
        csv_child(*arguments.csv_child)
    else:
        h.dump_results(arguments.json, asyncio.run(main(arguments)))
