"""The Sendblue webhook receiver against a bare aiohttp handler: same load, same run.

Two server processes on 127.0.0.1. ``sdk`` serves ``sendblue_async.inbound.Receiver``
(``aiohttp_app()``, in-memory de-duplication or ``--dedup redis://...``, a no-op ``receive``
handler, up to 1,000 handlers at once); ``raw`` is an aiohttp app whose handler only
answers 200. One load generator, an aiohttp client with ``--concurrency`` senders, posts the
same inbound-message webhooks (a fresh ``message_handle`` each, with the
``sb-signing-secret`` header) to each side in alternating paired rounds. Headline:
deliveries per second, receiver / bare (target >= 0.8 with in-memory de-duplication; other
stores are reported), with each server's CPU per delivery beside it. At the end the
receiver's counters must show every delivery accepted and handled once, none refused, none
failed. ``--dedup redis://`` needs the Redis store of ``transports.dedup`` and a running
``redis-server``.

    .venv/bin/python -m benchmarks.bench_receiver [--deliveries 5000] [--concurrency 50]
        [--rounds 9] [--dedup memory|redis://127.0.0.1:6379/0] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import signal
import sys
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import attrs
from aiohttp import web

if __package__ in (None, ""):  # run as a file: make the `benchmarks` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import _harness as h

SECRET = "whsec-bench-receiver"
PATH = "/webhooks/receive"
# An inbound message as Sendblue posts it; %s is the message handle.
TEMPLATE = json.dumps({
    "accountEmail": "ops@example.com", "content": "Is my order on its way?",
    "is_outbound": False, "status": "RECEIVED", "error_code": None, "error_message": None,
    "message_handle": "%s", "date_sent": "2026-05-18T14:30:00.000Z",
    "date_updated": "2026-05-18T14:30:00.000Z", "from_number": "+14155550100",
    "number": "+14155550100", "to_number": "+12125550101", "sendblue_number": "+12125550101",
    "was_downgraded": None, "plan": "blue", "media_url": "", "message_type": "message",
    "group_id": "", "participants": [], "send_style": "", "opted_out": False,
    "service": "iMessage",
}, separators=(",", ":"))
Call = Callable[[], Awaitable[object]]


# --------------------------------------------------------------------------- servers


def make_store(spec: str) -> Any:
    """``memory``, or a ``redis://`` URL for the Redis store of ``transports.dedup``."""
    from transports.dedup import MemoryDedup

    if spec == "memory":
        return MemoryDedup()
    try:
        from transports.dedup import RedisDedup
    except ImportError:
        sys.exit("--dedup redis:// needs transports.dedup.RedisDedup (the Redis store)")
    return RedisDedup(spec)


def receiver_app(dedup: str) -> web.Application:
    from sendblue_async.inbound import InboundMessage, Receiver

    receiver = Receiver(signing_secret=SECRET, dedup=make_store(dedup), max_concurrency=1000)

    @receiver.on("receive")
    async def noop(message: InboundMessage) -> None:
        return None

    async def stats(request: web.Request) -> web.Response:
        await receiver.join()
        return web.json_response(attrs.asdict(receiver.stats))

    app = receiver.aiohttp_app()
    app.router.add_get("/stats", stats)
    return app


def bare_app() -> web.Application:
    async def answer(request: web.Request) -> web.Response:
        return web.Response(status=200)

    app = web.Application()
    app.router.add_post(PATH, answer)
    return app


async def serve(side: str, dedup: str) -> None:
    """Serve one side on a free port of 127.0.0.1, print its URL, stop on SIGTERM."""
    app = receiver_app(dedup) if side == "sdk" else bare_app()
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0, backlog=1024).start()
    print(f"http://127.0.0.1:{runner.addresses[0][1]}", flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    await runner.cleanup()


class Server(h.ServerProcess):
    """One side in a subprocess (``--serve``)."""

    def __init__(self, side: str, dedup: str) -> None:
        super().__init__(["-m", "benchmarks.bench_receiver", "--serve", side, "--dedup", dedup],
                         f"the {side} server")


# --------------------------------------------------------------------------- load


def sender(session: aiohttp.ClientSession, url: str, handles: itertools.count[int],
           run: str) -> Call:
    headers = {"sb-signing-secret": SECRET, "content-type": "application/json"}

    async def deliver() -> object:
        body = (TEMPLATE % f"bench-{run}-{next(handles)}").encode()
        async with session.post(url, data=body, headers=headers) as resp:
            await resp.read()
            if resp.status != 200:
                raise RuntimeError(f"unexpected HTTP {resp.status}")
        return None

    return deliver


async def compare(servers: dict[str, Server], args: argparse.Namespace
                  ) -> tuple[dict[str, h.SideStats], int]:
    handles, run = itertools.count(), uuid.uuid4().hex[:8]
    runs: dict[str, list[h.Run]] = {"sdk": [], "raw": []}
    sent = 0
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        def load(side: str, total: int) -> Awaitable[h.Run]:
            url = servers[side].base_url + PATH
            return h.closed_loop(lambda i: sender(session, url, handles, run), total,
                                 args.concurrency, args.deadline, [servers[side]])

        for side in runs:  # warm both connection pools and code paths
            done = await load(side, args.concurrency * 20)
            sent += done.units if side == "sdk" else 0
        for index in range(args.rounds):
            for side in h.sides_in_turn(index):
                runs[side].append(await load(side, args.deliveries))
    sent += sum(r.units for r in runs["sdk"])
    return {side: h.summarise(r) for side, r in runs.items()}, sent


async def receiver_counts(server: Server) -> dict[str, int]:
    async with aiohttp.ClientSession() as session, session.get(
            server.base_url + "/stats") as resp:
        counts: dict[str, int] = await resp.json()
        return counts


async def main(args: argparse.Namespace) -> list[h.Result]:
    servers = {"sdk": Server("sdk", args.dedup), "raw": Server("raw", args.dedup)}
    try:
        stats, sent = await compare(servers, args)
        counts = await receiver_counts(servers["sdk"])
    finally:
        for server in servers.values():
            server.close()
    title = f"webhook deliveries, {args.concurrency} senders, de-duplication: {args.dedup}"
    h.print_comparison(title, "delivery", stats)
    sdk, raw = stats["sdk"], stats["raw"]
    rate, _ = h.ratios(sdk, raw)
    server_us = {side: s.server_share / s.rate * 1e6 for side, s in stats.items()}
    print(f"server CPU per delivery: receiver {server_us['sdk']:.0f} us, bare "
          f"{server_us['raw']:.0f} us ({server_us['sdk'] / server_us['raw']:.2f}x)")
    print(f"receiver counters: {counts} (sent {sent})")
    print(f"ratio (receiver / bare aiohttp, deliveries per second): {rate:.2f}")
    whole = (counts["accepted"] == counts["handled"] == sent
             and counts["duplicates"] == counts["busy"] == counts["failed"] == 0)
    note = f"receiver {sdk.rate:.0f}/s, bare {raw.rate:.0f}/s; server CPU " \
           f"{server_us['sdk']:.0f} vs {server_us['raw']:.0f} us/delivery"
    name = f"receiver deliveries/s vs bare aiohttp ({args.dedup})"
    results = [
        # The target is for in-memory de-duplication; another store's figure is reported.
        h.at_least(name, rate, 0.80, note) if args.dedup == "memory"
        else h.Result(name, "reported", rate, "{:.2f}x", True, note),
        h.Result("receiver: every delivery handled once", "all", float(whole), "{:.0f}",
                 whole, f"{counts['handled']} of {sent}"),
    ]
    h.print_results(results)
    return results


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--deliveries", type=int, default=5000, help="per side per round")
    p.add_argument("--concurrency", type=int, default=50, help="concurrent senders")
    p.add_argument("--rounds", type=int, default=9)
    p.add_argument("--deadline", type=float, default=20.0, help="seconds per run, at most")
    p.add_argument("--dedup", default="memory", help="memory, or a redis:// URL")
    p.add_argument("--serve", choices=("sdk", "raw"), help=argparse.SUPPRESS)
    p.add_argument("--json", help="write the result rows here (for run_all)")
    return p


if __name__ == "__main__":
    arguments = parser().parse_args()
    if arguments.serve:
        asyncio.run(serve(arguments.serve, arguments.dedup))
    else:
        h.dump_results(arguments.json, asyncio.run(main(arguments)))
