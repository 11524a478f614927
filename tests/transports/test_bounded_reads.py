"""Bounded reads (no response body is read past ``max_response_bytes``, counted after
decompression) and per-spec timeouts, against a real aiohttp server on 127.0.0.1."""

import asyncio
import time
import tracemalloc
import zlib
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

import sendblue_async
import sinch_numbers
from sendblue_async import SendblueClient
from sinch_numbers import SinchNumbers
from transports import RequestSpec, ResponseTooLarge, TransportTimeout
from transports.aiohttp import AiohttpTransport

MIB = 1024 * 1024


def gzip_bomb(megabytes: int) -> bytes:
    """``megabytes`` MiB of zeros, gzip-compressed (about a thousandth of the size)."""
    packer = zlib.compressobj(6, zlib.DEFLATED, 31)
    zeros = bytes(MIB)
    return b"".join(packer.compress(zeros) for _ in range(megabytes)) + packer.flush()


BOMB = gzip_bomb(128)  # four times the default limit


async def sized(request: web.Request) -> web.Response:
    return web.Response(body=b"x" * int(request.query["n"]))


async def streamed(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse()
    await response.prepare(request)
    chunk = b"y" * 65536
    for _ in range(int(request.query["chunks"])):
        await response.write(chunk)
    await response.write_eof()
    return response


async def bomb(request: web.Request) -> web.Response:
    return web.Response(body=BOMB, headers={"content-encoding": "gzip",
                                            "content-type": "application/json"})


@pytest.fixture
async def base_url() -> AsyncIterator[str]:
    app = web.Application()
    app.router.add_get("/sized", sized)
    app.router.add_get("/streamed", streamed)
    app.router.add_get("/bomb", bomb)
    app.router.add_get("/slow", slow)
    app.router.add_get("/api/v2/contacts/count", bomb)
    app.router.add_get("/v1/projects/p/activeNumbers/{n}", bomb)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


async def get(transport: AiohttpTransport, url: str, path: str, **query: str) -> bytes:
    spec = RequestSpec("GET", path, query=tuple(query.items())).bind(url)
    return (await transport.send(spec)).body


async def test_a_body_within_the_limit_is_read_whole_sized_or_streamed(base_url):
    async with AiohttpTransport(max_response_bytes=MIB) as transport:
        assert await get(transport, base_url, "/sized", n=str(MIB)) == b"x" * MIB
        assert await get(transport, base_url, "/streamed", chunks="16") == b"y" * MIB


async def test_a_declared_length_over_the_limit_fails_before_reading(base_url):
    async with AiohttpTransport(max_response_bytes=MIB) as transport:
        with pytest.raises(ResponseTooLarge) as caught:
            await get(transport, base_url, "/sized", n=str(MIB + 1))
    assert str(caught.value) == f"GET /sized: response body over {MIB} bytes"


async def test_an_unsized_stream_stops_at_the_limit(base_url):
    async with AiohttpTransport(max_response_bytes=MIB) as transport:
        with pytest.raises(ResponseTooLarge):
            await get(transport, base_url, "/streamed", chunks="4096")  # 256 MiB on offer


async def test_a_decompression_bomb_fails_fast_without_inflating(base_url):
    tracemalloc.start()
    started = time.perf_counter()
    try:
        async with AiohttpTransport() as transport:  # the default limit: 32 MiB
            with pytest.raises(ResponseTooLarge):
                await get(transport, base_url, "/bomb")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(BOMB) < MIB  # 128 MiB of zeros on the wire in a few hundred KiB
    assert peak < 100 * MIB
    assert time.perf_counter() - started < 10


async def test_each_client_raises_its_own_typed_error(base_url):
    async with SendblueClient("k", "s", base_url=base_url, max_response_bytes=MIB) as client:
        with pytest.raises(sendblue_async.errors.ResponseTooLargeError) as sendblue_error:
            await client.contacts.count()
    async with SinchNumbers("p", "k", "s", auth="basic", base_url=base_url,
                            max_response_bytes=MIB) as sinch:
        with pytest.raises(sinch_numbers.errors.ResponseTooLargeError) as sinch_error:
            await sinch.active.get("+14155550000")
    assert isinstance(sendblue_error.value, sendblue_async.APIConnectionError)
    assert isinstance(sinch_error.value, sinch_numbers.APIConnectionError)


async def slow(request: web.Request) -> web.Response:
    await asyncio.sleep(0.3)
    return web.Response(body=b"late")


async def test_a_spec_timeout_overrides_the_transport_timeout(base_url):
    async with AiohttpTransport(timeout=0.05) as impatient, AiohttpTransport() as patient:
        long_wait = RequestSpec("GET", "/slow", timeout=5.0).bind(base_url)
        short_wait = RequestSpec("GET", "/slow", timeout=0.05).bind(base_url)
        assert (await impatient.send(long_wait)).body == b"late"
        with pytest.raises(TransportTimeout) as caught:
            await patient.send(short_wait)
    assert caught.value.maybe_sent
