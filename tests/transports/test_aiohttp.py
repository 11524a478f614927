"""AiohttpTransport against a real aiohttp.web server on 127.0.0.1."""

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import anyio
import attrs
import pytest
from aiohttp import web
from aioresponses import aioresponses

from transports import (
    MultipartField,
    RequestSpec,
    Response,
    TransportError,
    TransportTimeout,
    encode_body,
    read_body,
)
from transports.aiohttp import AiohttpTransport


@attrs.define
class Seen:
    method: str
    raw_path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    body: bytes


@attrs.define
class EchoServer:
    base_url: str
    seen: list[Seen]
    release: asyncio.Event
    crowd: int = 0
    crowd_target: int = 0
    crowd_full: asyncio.Event = attrs.field(factory=asyncio.Event)


async def record(request: web.Request, server: EchoServer) -> None:
    server.seen.append(
        Seen(
            request.method,
            request.raw_path.partition("?")[0],
            list(request.query.items()),
            {k.lower(): v for k, v in request.headers.items()},
            await request.read(),
        )
    )


def make_app(server: EchoServer) -> web.Application:
    async def echo(request: web.Request) -> web.Response:
        await record(request, server)
        status = int(request.query.get("status", "200"))
        return web.Response(status=status, body=b"echo", headers={"X-Reply": "yes"})

    async def slow(request: web.Request) -> web.Response:
        await server.release.wait()
        return web.Response(text="late")

    async def crowd(request: web.Request) -> web.Response:
        server.crowd += 1
        if server.crowd >= server.crowd_target:
            server.crowd_full.set()
        await server.crowd_full.wait()  # answer only once every request is in flight
        return web.json_response({"n": request.match_info["n"]})

    app = web.Application()
    app.router.add_route("*", "/slow", slow)
    app.router.add_get("/crowd/{n}", crowd)
    app.router.add_route("*", "/{tail:.*}", echo)
    return app


@pytest.fixture
async def echo_server() -> AsyncIterator[EchoServer]:
    server = EchoServer("", [], asyncio.Event())
    runner = web.AppRunner(make_app(server), access_log=None, shutdown_timeout=1)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0, backlog=1024).start()
    server.base_url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    yield server
    server.release.set()
    await runner.cleanup()


@pytest.fixture
async def transport() -> AsyncIterator[AiohttpTransport]:
    async with AiohttpTransport(timeout=5.0) as t:
        yield t


def spec(server: EchoServer, method: str, path: str, **kw: Any) -> RequestSpec:
    return RequestSpec(method, path, **kw).bind(server.base_url)


@pytest.mark.parametrize("prefix", ["", "/", "/gateway", "/gateway/"])
async def test_a_base_url_with_a_path_prefix_keeps_it(echo_server, transport, prefix):
    sent = RequestSpec("GET", "/api/v2/contacts/%2B1415", query={"q": "a b"})
    await transport.send(sent.bind(echo_server.base_url + prefix))
    for _ in range(2):  # a URL without a query is built once, then reused
        await transport.send(RequestSpec("POST", "/api/x%2By").bind(echo_server.base_url + prefix))
    with_query, *without = echo_server.seen
    assert with_query.raw_path == prefix.rstrip("/") + "/api/v2/contacts/%2B1415"
    assert with_query.query == [("q", "a b")]
    assert [(s.raw_path, s.query) for s in without] == [(prefix.rstrip("/") + "/api/x%2By", [])] * 2


@pytest.mark.parametrize("status", [200, 201, 204, 302, 404, 429, 500, 503])
async def test_every_status_is_passed_through_without_raising(echo_server, transport, status):
    response = await transport.send(spec(echo_server, "GET", "/s", query={"status": status}))
    assert response.status == status
    assert response.body == (b"" if status == 204 else b"echo")
    if status != 204:
        assert response.headers["x-reply"] == "yes"  # names lowercased
    assert len(echo_server.seen) == 1  # a 302 is not followed


async def test_headers_query_and_encoded_path_arrive_as_sent(echo_server, transport):
    sent = spec(
        echo_server,
        "GET",
        "/numbers/%2B15551234567/a%2Fb%20c",
        query=[("tag", "x"), ("tag", "y z"), ("plus", "+1"), ("none", None)],
        headers={"X-Api-Key": "key-1", "Accept": "application/json"},
    )
    await transport.send(sent)
    [seen] = echo_server.seen
    assert seen.method == "GET"
    assert seen.raw_path == "/numbers/%2B15551234567/a%2Fb%20c"
    assert seen.query == [("tag", "x"), ("tag", "y z"), ("plus", "+1")]
    assert seen.headers["x-api-key"] == "key-1"
    assert seen.headers["accept"] == "application/json"
    assert seen.body == b""


async def test_json_and_form_bodies_arrive_intact(echo_server, transport):
    await transport.send(spec(echo_server, "POST", "/j", json={"name": "Zoë", "n": [1, 2]}))
    await transport.send(spec(echo_server, "PUT", "/f", form={"to": "+1 555", "msg": "a&b"}))
    as_json, as_form = echo_server.seen
    assert as_json.headers["content-type"] == "application/json"
    assert json.loads(as_json.body) == {"name": "Zoë", "n": [1, 2]}
    assert as_form.headers["content-type"] == "application/x-www-form-urlencoded"
    assert as_form.body == b"to=%2B1+555&msg=a%26b"


async def test_a_content_type_in_the_spec_wins(echo_server, transport):
    sent = spec(echo_server, "POST", "/j", json={}, headers={"Content-Type": "application/x+json"})
    await transport.send(sent)
    assert echo_server.seen[0].headers["content-type"] == "application/x+json"


async def test_every_request_carries_its_own_headers_past_the_header_cache(
    echo_server, transport
):
    # Header sets are built once and reused; more distinct sets than the cache holds (a
    # rotating token), the same set with and without a body, and a spec's own content type
    # must each still arrive exactly as that request asked.
    token = [("authorization", "Bearer same")]
    sent = [spec(echo_server, "GET", f"/n/{i}", headers={"authorization": f"Bearer {i}"})
            for i in range(300)]
    sent += [
        spec(echo_server, "POST", "/body", json={"a": 1}, headers=token),
        spec(echo_server, "GET", "/nobody", headers=token),
        spec(echo_server, "POST", "/own", json={}, headers=[*token, ("content-type", "a/b")]),
    ]
    for s in sent:
        await transport.send(s)
    seen = {s.raw_path: s.headers for s in echo_server.seen}
    assert all(seen[f"/n/{i}"]["authorization"] == f"Bearer {i}" for i in range(300))
    assert seen["/body"]["content-type"] == "application/json"
    assert "content-type" not in seen["/nobody"]
    assert seen["/own"]["content-type"] == "a/b"
    shared = [h for p, h in seen.items() if not p.startswith("/n/")]
    assert all(h["authorization"] == "Bearer same" for h in shared)


async def test_multipart_is_streamed_and_arrives_intact(echo_server, transport, tmp_path: Path):
    big = tmp_path / "big.bin"
    big.write_bytes(bytes(range(256)) * 1024)  # 256 KiB, read in 64 KiB chunks

    async def log_lines() -> AsyncIterator[bytes]:
        for n in range(3):
            yield f"line {n}\n".encode()

    fields = (
        MultipartField("caption", "hello"),
        MultipartField("file", big, content_type="application/octet-stream"),
        MultipartField("log", log_lines(), filename="log.txt", content_type="text/plain"),
    )
    response = await transport.send(spec(echo_server, "POST", "/upload", multipart=fields))
    assert response.status == 200
    [seen] = echo_server.seen
    assert seen.headers.get("transfer-encoding") == "chunked"  # streamed, no content-length
    boundary = seen.headers["content-type"].split("boundary=")[1]
    again = (
        MultipartField("caption", "hello"),
        fields[1],
        _replay(fields[2], b"line 0\nline 1\nline 2\n"),
    )
    expected = await read_body(
        encode_body(RequestSpec("POST", "/", multipart=again), boundary=boundary)
    )
    assert seen.body == expected


def _replay(field: MultipartField, data: bytes) -> MultipartField:
    return attrs.evolve(field, value=data)


async def test_connection_refused_is_a_transport_error(transport):
    with socket.socket() as sock:  # bound but not listening: connections are refused
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        sent = RequestSpec("GET", "/v1/x", headers={"X-Key": "s3cret"}, query={"q": "private"})
        with pytest.raises(TransportError) as info:
            await transport.send(sent.bind(f"http://127.0.0.1:{port}"))
    error = info.value
    assert not isinstance(error, TransportTimeout)
    assert (error.method, error.path) == ("GET", "/v1/x")
    assert "GET /v1/x" in str(error)
    assert "s3cret" not in str(error) and "private" not in str(error)
    assert isinstance(error.__cause__, aiohttp.ClientError)


async def test_a_slow_server_is_a_transport_timeout(echo_server):
    async with AiohttpTransport(timeout=0.2) as quick:
        with pytest.raises(TransportTimeout, match="POST /slow timed out"):
            await quick.send(spec(echo_server, "POST", "/slow", json={"secret": "x"}))


def test_construction_needs_no_event_loop():
    AiohttpTransport()  # a session made here would need a loop: it is made on first send


async def test_it_creates_and_closes_its_own_session(echo_server):
    transport = AiohttpTransport()
    await transport.send(spec(echo_server, "GET", "/a"))
    session = transport._session  # white-box: the session it made lazily
    assert session is not None and not session.closed
    await transport.aclose()
    await transport.aclose()  # idempotent
    assert session.closed
    with pytest.raises(TransportError, match="closed"):
        await transport.send(spec(echo_server, "GET", "/a"))


async def test_a_session_passed_in_is_used_and_left_open(echo_server):
    session_headers = {"X-From-Session": "1"}
    async with aiohttp.ClientSession(headers=session_headers, raise_for_status=True) as session:
        async with AiohttpTransport(session) as transport:
            failed = await transport.send(spec(echo_server, "GET", "/a", query={"status": 500}))
        assert failed.status == 500  # the session's raise_for_status does not leak through
        assert not session.closed
        async with session.get(f"{echo_server.base_url}/b") as still_usable:
            assert still_usable.status == 200
    assert echo_server.seen[0].headers["x-from-session"] == "1"


async def test_150_concurrent_requests_are_all_in_flight_at_once(echo_server, transport):
    echo_server.crowd_target = 150
    with anyio.fail_after(10):  # a pool capped below 150 would never fill the crowd
        responses = await asyncio.gather(
            *(transport.send(spec(echo_server, "GET", f"/crowd/{n}")) for n in range(150))
        )
    assert [r.json() for r in responses] == [{"n": str(n)} for n in range(150)]


# --- one unit test without a server, through aioresponses ----------------------------


class _CompatResponse(aiohttp.ClientResponse):
    """aioresponses 0.7.9 builds responses without aiohttp 3.14's ``stream_writer``."""

    def __init__(self, method: str, url: Any, **kwargs: Any) -> None:
        kwargs.setdefault("stream_writer", _NoWriter())
        super().__init__(method, url, **kwargs)


class _NoWriter:
    output_size = 0


@pytest.fixture
def mocked_http() -> Any:
    with aioresponses() as mocked:
        yield mocked


async def test_unit_with_aioresponses(mocked_http):
    url = "https://api.example.test/v1/things/%2B1?page=2"
    mocked_http.get(
        url,
        status=503,
        body=b"busy",
        headers={"Retry-After": "3"},
        response_class=_CompatResponse,
    )
    mocked_http.post(url, exception=aiohttp.ServerDisconnectedError())
    sent = RequestSpec("GET", "/v1/things/%2B1", query={"page": 2}).bind("https://api.example.test")
    async with AiohttpTransport() as transport:
        response = await transport.send(sent)
        with pytest.raises(TransportError, match="POST /v1/things/%2B1 failed"):
            await transport.send(attrs.evolve(sent, method="POST"))
    assert response == Response(
        503, {"content-type": "application/json", "retry-after": "3"}, b"busy"
    )
