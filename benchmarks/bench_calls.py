"""Single calls at high concurrency: this SDK against raw aiohttp, same server, same run.

Three endpoints, each its own interleaved comparison (SDK, raw, raw, SDK, ...):
create contact (``POST /api/v2/contacts``), send message (``POST /api/send-message``) and
get message status (``GET /api/status?handle=``). The raw side sends the identical request
(same headers, ``json.dumps`` body with the SDK's separators) and ``json.loads`` the reply.
The sandbox (``FakeSendblue``) runs in ``--servers`` subprocesses; worker ``i`` talks to
server ``i % servers`` on both sides. Also measured: pure build + parse CPU per endpoint
(builder, bind, body encoding, ``parse_response`` on a recorded reply; no I/O).

    .venv/bin/python -m benchmarks.bench_calls [--requests 4000] [--concurrency 100]
        [--rounds 15] [--servers 2] [--only create,send,status] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp

from sendblue_async import SendblueClient, builders
from sendblue_async._parse import parse_response
from transports import Response, encode_body

if __package__ in (None, ""):  # run as a file: make the `benchmarks` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import _harness as h

KEY, SECRET = "sb-test-key", "sb-test-secret"
HEADERS = {"sb-api-key-id": KEY, "sb-api-secret-key": SECRET}
JSON_HEADERS = {**HEADERS, "content-type": "application/json"}
FACTORY = "sendblue_async.fake:FakeSendblue"
CONTENT = "Your order #1234 has shipped and arrives Thursday."
ENDPOINTS = ("create", "send", "status")
Call = Callable[[], Awaitable[object]]

_phones = itertools.count(1)


def next_phone() -> str:
    """A fresh E.164 number per call (contacts must not collide); same cost on both sides."""
    return f"+1415{next(_phones) % 10_000_000:07d}"


def dumps(body: object) -> bytes:
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()


def check(status: int) -> None:
    if status != 200:
        raise RuntimeError(f"unexpected HTTP {status}")


# --------------------------------------------------------------------------- the two sides


def sdk_call(endpoint: str, client: SendblueClient, handles: list[str], i: int) -> Call:
    if endpoint == "create":
        async def create() -> object:
            return await client.contacts.create(
                next_phone(), first_name="Ada", last_name="Lovelace", tags=["bench"])
        return create
    if endpoint == "send":
        async def send() -> object:
            return await client.messages.send(next_phone(), CONTENT)
        return send
    cycle = itertools.cycle(handles[i % len(handles):] + handles[:i % len(handles)])

    async def status() -> object:
        return await client.messages.status(next(cycle))
    return status


def raw_call(endpoint: str, session: aiohttp.ClientSession, base_url: str,
             handles: list[str], i: int) -> Call:
    if endpoint == "create":
        url = base_url + "/api/v2/contacts"

        async def create() -> object:
            body = {"number": next_phone(), "first_name": "Ada", "last_name": "Lovelace",
                    "tags": ["bench"]}
            async with session.post(url, data=dumps(body), headers=JSON_HEADERS) as resp:
                check(resp.status)
                return json.loads(await resp.read())["contact"]
        return create
    if endpoint == "send":
        url = base_url + "/api/send-message"

        async def send() -> object:
            body = {"number": next_phone(), "content": CONTENT}
            async with session.post(url, data=dumps(body), headers=JSON_HEADERS) as resp:
                check(resp.status)
                return json.loads(await resp.read())
        return send
    url = base_url + "/api/status"
    cycle = itertools.cycle(handles[i % len(handles):] + handles[:i % len(handles)])

    async def status() -> object:
        async with session.get(url, params={"handle": next(cycle)}, headers=HEADERS) as resp:
            check(resp.status)
            return json.loads(await resp.read())
    return status


# --------------------------------------------------------------------------- pure overhead


def spec_for(endpoint: str, handle: str) -> object:
    if endpoint == "create":
        return builders.create_contact(
            "+14155550123", first_name="Ada", last_name="Lovelace", tags=["bench"])
    if endpoint == "send":
        return builders.send_message("+14155550123", CONTENT)
    return builders.message_status(handle)


def pure_overhead_us(endpoint: str, reply: Response, handle: str, n: int = 20_000) -> float:
    """CPU per request for builder + bind + body encoding + parse, no I/O (best of 3)."""
    auth = (("sb-api-key-id", KEY), ("sb-api-secret-key", SECRET))
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        for _ in range(n):
            spec = spec_for(endpoint, handle).bind("http://127.0.0.1:1", auth)  # type: ignore[attr-defined]
            encode_body(spec)
            parse_response(spec, reply)
        best = min(best, (time.process_time() - started) / n * 1e6)
    return best


async def record_replies(session: aiohttp.ClientSession, base_url: str,
                         handle: str) -> dict[str, Response]:
    """One real reply per endpoint, to parse in the no-I/O measurement."""
    requests = {
        "create": ("POST", "/api/v2/contacts", {"number": "+14155550123", "first_name": "Ada",
                                                "last_name": "Lovelace", "tags": ["bench"]}),
        "send": ("POST", "/api/send-message", {"number": "+14155550123", "content": CONTENT}),
        "status": ("GET", f"/api/status?handle={handle}", None),
    }
    replies = {}
    for name, (method, path, body) in requests.items():
        data = None if body is None else dumps(body)
        async with session.request(method, base_url + path, data=data,
                                   headers=JSON_HEADERS if data else HEADERS) as resp:
            check(resp.status)
            replies[name] = Response(resp.status, dict(resp.headers), await resp.read())
    return replies


# --------------------------------------------------------------------------- driver


async def seed_handles(session: aiohttp.ClientSession, base_url: str, n: int) -> list[str]:
    handles = []
    for _ in range(n):
        body = {"number": next_phone(), "content": CONTENT}
        async with session.post(base_url + "/api/send-message", data=dumps(body),
                                headers=JSON_HEADERS) as resp:
            check(resp.status)
            handles.append(json.loads(await resp.read())["message_handle"])
    return handles


async def compare(servers: list[h.Sandbox], endpoints: list[str], total: int,
                  concurrency: int, rounds: int, deadline: float
                  ) -> tuple[dict[str, dict[str, h.SideStats]], dict[str, float]]:
    urls = [s.base_url for s in servers]
    stats: dict[str, dict[str, h.SideStats]] = {}
    clients = [SendblueClient(KEY, SECRET, base_url=u) for u in urls]
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
    try:
        handles = [await seed_handles(session, u, 200) for u in urls]
        replies = await record_replies(session, urls[0], handles[0][0])
        overhead = {e: pure_overhead_us(e, replies[e], handles[0][0]) for e in endpoints}
        for endpoint in endpoints:
            def sides(i: int, e: str = endpoint) -> dict[str, Call]:
                k = i % len(urls)
                return {"sdk": sdk_call(e, clients[k], handles[k], i),
                        "raw": raw_call(e, session, urls[k], handles[k], i)}
            runs: dict[str, list[h.Run]] = {"sdk": [], "raw": []}
            for name in runs:  # warm both connection pools and code paths
                await h.closed_loop(lambda i, n=name: sides(i)[n], concurrency * 5,
                                    concurrency, deadline, servers)
            for index in range(rounds):
                for name in h.sides_in_turn(index):
                    runs[name].append(await h.closed_loop(
                        lambda i, n=name: sides(i)[n], total, concurrency, deadline, servers))
            stats[endpoint] = {n: h.summarise(r) for n, r in runs.items()}
    finally:
        await session.close()
        for c in clients:
            await c.aclose()
    return stats, overhead


TITLES = {"create": "create contact", "send": "send message", "status": "get message status"}


def results_for(stats: dict[str, dict[str, h.SideStats]], overhead: dict[str, float]
                ) -> list[h.Result]:
    results: list[h.Result] = []
    for endpoint, sides in stats.items():
        sdk, raw = sides["sdk"], sides["raw"]
        title = TITLES[endpoint]
        rate, cpu = h.ratios(sdk, raw)
        note = f"server {raw.server_share:.0%} / client {raw.client_share:.0%} of a core (raw)"
        results.append(h.at_least(f"{title}: throughput ours/raw", rate, 0.90, note))
        results.append(h.at_most(f"{title}: CPU per request ours/raw", cpu, 1.2, "{:.2f}x",
                                 "<= 1.20x", f"{sdk.cpu_us:.0f} vs {raw.cpu_us:.0f} us"))
    for endpoint, us in overhead.items():
        results.append(h.at_most(f"{TITLES[endpoint]}: pure build+parse CPU", us, 20.0,
                                 "{:.1f} us", "<= 20 us"))
    return results


async def main(args: argparse.Namespace) -> list[h.Result]:
    endpoints = [e for e in args.only.split(",") if e]
    servers = h.start_sandboxes(FACTORY, args.servers)
    try:
        stats, overhead = await compare(servers, endpoints, args.requests, args.concurrency,
                                        args.rounds, args.deadline)
    finally:
        for s in servers:
            s.close()
    for endpoint, sides in stats.items():
        h.print_comparison(f"{TITLES[endpoint]} ({args.concurrency} in flight, "
                           f"{args.servers} server process(es))", "req", sides)
    for endpoint, us in overhead.items():
        print(f"pure build+parse, {TITLES[endpoint]}: {us:.1f} us/request (no I/O)")
    results = results_for(stats, overhead)
    h.print_results(results)
    return results


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--requests", type=int, default=4000, help="per side per round")
    p.add_argument("--concurrency", type=int, default=100)
    p.add_argument("--rounds", type=int, default=15)
    p.add_argument("--servers", type=int, default=2, help="sandbox processes")
    p.add_argument("--deadline", type=float, default=20.0, help="seconds per run, at most")
    p.add_argument("--only", default=",".join(ENDPOINTS))
    p.add_argument("--json", help="write the result rows here (for run_all)")
    return p


if __name__ == "__main__":
    arguments = parser().parse_args()
    h.dump_results(arguments.json, asyncio.run(main(arguments)))
