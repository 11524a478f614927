"""An import of 100,000 contacts over the sandbox under seeded faults: 1% 503s, 0.5%
connection resets, 1% stalls past the client timeout, 0.5% 429s.

Checked on the server side (``transports.RequestCounter`` outside and inside the fault
injector, the stock ``FakeSendblue`` behind them, in this process):

- every row is accounted for exactly once (imported, or failed with a typed error);
- no contact reaches the server's bulk handler twice, and a batch is sent again only after
  a 429 (which promises the server did nothing);
- the contact book holds exactly what the server processed: the imported rows and the
  failed ones whose reply was lost after the server acted;
- a second, fault-free run over the same journal sends only the failed rows and completes
  the book.

Correctness under faults, not a ratio: rows/s is printed for information.

    .venv/bin/python -m benchmarks.bench_faults [--rows 100000] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a file: make the `benchmarks` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import _harness as h
from sendblue_async import APIConnectionError, RateLimitError, SendblueClient, ServerError
from sendblue_async.bulk import ImportReport, import_contacts
from sendblue_async.fake import FakeSendblue
from transports import FaultInjector, FaultPlan, RequestCounter, ServerRequest
from transports.aiohttp import AiohttpTransport
from transports.testing.sandbox import serve

BULK = "/api/v2/contacts/bulk"
KEY, SECRET = "sb-test-key", "sb-test-secret"
PLAN = FaultPlan(unavailable=0.01, reset=0.005, slow=0.01, rate_limited=0.005, seed=7,
                 slow_seconds=1.5, retry_after=0.2)
CLIENT_TIMEOUT, BATCH = 1.0, 100


def bulk_phones(request: ServerRequest) -> list[str]:
    if request.path != BULK:
        return []
    return [item["phone"] for item in request.json()["contacts"]]


def rows(n: int) -> list[dict[str, str]]:
    return [{"phone": f"+1415{i:07d}", "first_name": f"First{i}"} for i in range(n)]


async def import_over(handler: Any, n: int, journal: str) -> tuple[ImportReport, float]:
    async with serve(handler) as server, AiohttpTransport(timeout=CLIENT_TIMEOUT) as http:
        client = SendblueClient(KEY, SECRET, base_url=server.base_url, transport=http)
        started = time.perf_counter()
        report = await import_contacts(client, rows(n), batch_size=BATCH, journal=journal)
        return report, time.perf_counter() - started


async def main(args: argparse.Namespace) -> list[h.Result]:
    fake = FakeSendblue()
    handled = RequestCounter(fake, bulk_phones)
    injector = FaultInjector(handled, PLAN)
    arrived = RequestCounter(injector, bulk_phones)
    with tempfile.TemporaryDirectory(prefix="bench-faults-") as tmp:
        journal = str(Path(tmp) / "journal.sqlite")
        report, seconds = await import_over(arrived, args.rows, journal)
        book = set(fake.contacts.get(KEY, {}))
        again, _ = await import_over(fake, args.rows, journal)
    final = len(fake.contacts.get(KEY, {}))
    print(f"== import of {args.rows} rows under faults: {dict(injector.counts)}")
    print(f"   {report.imported} imported, {len(report.failed)} failed, "
          f"{args.rows / seconds:.0f} rows/s; re-run: {again.imported} imported, "
          f"{again.skipped} skipped; book {final}")
    return [accounted(report, args.rows), no_duplicates(injector, handled, arrived, report, book),
            completed(report, again, final, args.rows)]


def accounted(report: ImportReport, n: int) -> h.Result:
    once = len({o.row for o in report.failed}) == len(report.failed)
    typed = all(isinstance(o.error, APIConnectionError | ServerError | RateLimitError)
                for o in report.failed)
    counted = report.imported + len(report.failed)
    ok = once and typed and counted == report.total == n and not report.rejected
    return h.Result(f"import {n // 1000}k under faults: rows accounted", "all, once",
                    counted / n, "{:.0%}", ok,
                    f"{report.imported} imported + {len(report.failed)} failed (typed)")


def no_duplicates(injector: FaultInjector, handled: RequestCounter, arrived: RequestCounter,
                  report: ImportReport, book: set[str]) -> h.Result:
    twice = sum(1 for count in handled.counts.values() if count > 1)
    resent = sum(len(bulk_phones(r)) for r, f in injector.injected if f.status == 429)
    lost = {p for r, f in injector.injected if f.after_server for p in bulk_phones(r)}
    failed = {o.phone for o in report.failed}
    ok = (twice == 0 and arrived.counts.total() - len(arrived.counts) == resent
          and book == set(handled.counts) and failed & book == lost)
    return h.Result("import under faults: contacts processed twice", "0", twice, "{:.0f}",
                    ok, f"{resent} re-sent after 429s, {len(lost)} rows' replies lost")


def completed(first: ImportReport, again: ImportReport, book: int, n: int) -> h.Result:
    ok = again.ok and again.skipped == first.imported and book == n
    return h.Result("journaled re-run: contacts in the book", f"= {n}", book, "{:.0f}", ok,
                    f"{again.imported} sent again, {again.skipped} skipped")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--json", help="write the result rows here (for run_all)")
    return p


if __name__ == "__main__":
    arguments = parser().parse_args()
    results = asyncio.run(main(arguments))
    h.print_results(results)
    h.dump_results(arguments.json, results)
