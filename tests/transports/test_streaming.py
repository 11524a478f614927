"""Streamed responses: chunks arrive as the server produces them, in process and over HTTP."""

from collections.abc import AsyncIterator

import anyio
import pytest

from transports import (
    FakeTransport,
    InjectedFault,
    RequestSpec,
    Response,
    ServerRequest,
    StreamingResponse,
    StreamingTransport,
    TransportError,
    TransportTimeout,
    json_response,
)
from transports.aiohttp import AiohttpTransport
from transports.testing import Fault
from transports.testing.sandbox import serve


class Ticker:
    """Streams ``count`` chunks ``gap`` seconds apart; remembers whether it was closed."""

    def __init__(self, count: int = 3, gap: float = 0.0) -> None:
        self.count, self.gap = count, gap
        self.closed = anyio.Event()
        self.sent = 0

    async def __call__(self, request: ServerRequest) -> Response:
        if request.path == "/plain":
            return json_response(200, {"ok": True})
        return StreamingResponse(200, {"Content-Type": "text/event-stream"},
                                 body_chunks=self._chunks())

    async def _chunks(self) -> AsyncIterator[bytes]:
        try:
            for n in range(self.count):
                await anyio.sleep(self.gap)
                self.sent += 1
                yield f"chunk {n}\n".encode()
        finally:
            self.closed.set()


def spec(
    path: str = "/ticks", base_url: str = "", timeout: float | None = None
) -> RequestSpec[None]:
    return RequestSpec("GET", path, base_url=base_url, timeout=timeout)


async def collect(transport: StreamingTransport, request: RequestSpec[None]) -> tuple[int, bytes]:
    async with transport.stream(request) as response:
        return response.status, b"".join([c async for c in response.chunks])


async def test_fake_transport_streams_a_streaming_response() -> None:
    transport = FakeTransport(Ticker())
    assert isinstance(transport, StreamingTransport)
    async with transport.stream(spec()) as response:
        assert response.status == 200
        assert response.headers["content-type"] == "text/event-stream"
        assert [c async for c in response.chunks] == [b"chunk 0\n", b"chunk 1\n", b"chunk 2\n"]


async def test_fake_transport_streams_a_whole_response_as_one_chunk() -> None:
    assert await collect(FakeTransport(Ticker()), spec("/plain")) == (200, b'{"ok":true}')


async def test_fake_transport_times_out_between_chunks_and_closes_the_source() -> None:
    ticker = Ticker(gap=1.0)
    async with FakeTransport(ticker).stream(spec(timeout=0.02)) as response:
        with pytest.raises(TransportTimeout):
            await response.read()
    assert ticker.closed.is_set()


async def test_read_stops_at_its_limit() -> None:
    async with FakeTransport(Ticker(count=100)).stream(spec()) as response:
        assert await response.read(limit=10) == b"chunk 0\nch"


async def test_sandbox_streams_chunks_as_they_are_produced() -> None:
    ticker = Ticker(count=3, gap=0.01)
    async with serve(ticker) as server, AiohttpTransport() as transport:
        status, body = await collect(transport, spec(base_url=server.base_url))
    assert (status, body) == (200, b"chunk 0\nchunk 1\nchunk 2\n")


async def test_sandbox_streams_a_whole_response_too() -> None:
    async with serve(Ticker()) as server, AiohttpTransport() as transport:
        assert await collect(transport, spec("/plain", server.base_url)) == (200, b'{"ok":true}')


async def test_aiohttp_read_timeout_is_per_chunk() -> None:
    slow = Ticker(count=2, gap=0.3)
    async with serve(slow) as server, AiohttpTransport() as transport:
        request = spec(base_url=server.base_url, timeout=0.05)
        with pytest.raises(TransportTimeout):
            await collect(transport, request)
    steady = Ticker(count=4, gap=0.03)  # 0.12 s in all, no gap over the timeout
    async with serve(steady) as server, AiohttpTransport(timeout=0.09) as transport:
        assert (await collect(transport, spec(base_url=server.base_url)))[0] == 200


async def test_sandbox_closes_the_source_when_the_client_leaves() -> None:
    endless = Ticker(count=10_000, gap=0.005)
    async with serve(endless) as server, AiohttpTransport() as transport:
        async with transport.stream(spec(base_url=server.base_url)) as response:
            await anext(response.chunks)
        with anyio.fail_after(5):
            await endless.closed.wait()
    assert endless.sent < 10_000


async def test_aiohttp_stream_connection_refused_is_a_transport_error() -> None:
    async with serve(Ticker()) as server:
        base_url = server.base_url
    async with AiohttpTransport() as transport:
        with pytest.raises(TransportError) as caught:
            await collect(transport, spec(base_url=base_url))
    assert caught.value.maybe_sent is False


async def test_aiohttp_stream_needs_a_base_url() -> None:
    async with AiohttpTransport() as transport:
        with pytest.raises(ValueError, match="base_url"):
            await collect(transport, spec())


async def test_a_stream_cut_short_by_the_server_is_a_transport_error() -> None:
    async def broken(request: ServerRequest) -> Response:
        async def chunks() -> AsyncIterator[bytes]:
            yield b"first\n"
            raise RuntimeError("the backend failed")

        return StreamingResponse(200, {}, body_chunks=chunks())

    async with (
        serve(broken) as server, AiohttpTransport() as transport,
        transport.stream(spec(base_url=server.base_url)) as response,
    ):
        assert await anext(response.chunks) == b"first\n"
        with pytest.raises(TransportError):
            await anext(response.chunks)


async def cut_short(request: ServerRequest) -> Response:
    async def chunks() -> AsyncIterator[bytes]:
        yield b"first\n"
        raise InjectedFault(Fault(status=503))  # not a connection fault: a cut all the same

    return StreamingResponse(200, {}, body_chunks=chunks())


async def test_an_injected_fault_cuts_the_stream_both_ways() -> None:
    async with FakeTransport(cut_short).stream(spec()) as response:
        assert await anext(response.chunks) == b"first\n"
        with pytest.raises(TransportError, match="stream cut"):
            await anext(response.chunks)
    async with (
        serve(cut_short) as server, AiohttpTransport() as transport,
        transport.stream(spec(base_url=server.base_url)) as response,
    ):
        assert await anext(response.chunks) == b"first\n"
        with pytest.raises(TransportError):
            await anext(response.chunks)
