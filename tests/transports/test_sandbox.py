"""The sandbox serves a Handler over real HTTP exactly as FakeTransport serves it in process."""

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import attrs
import pytest

from transports import (
    FakeTransport,
    RequestSpec,
    Response,
    Router,
    ServerRequest,
    json_response,
)
from transports.aiohttp import AiohttpTransport
from transports.testing.sandbox import RunningSandbox, main, serve

HERE = Path(__file__).parent
REPO = HERE.parent.parent


class Recorder:
    """A Router that remembers every request it is handed."""

    def __init__(self) -> None:
        self.seen: list[ServerRequest] = []
        self.router = Router()
        self.router.add("GET", "/numbers/{number}", self.number)
        self.router.add("POST", "/numbers/{number}/messages", self.message)
        self.router.add("GET", "/boom", self.boom)

    async def __call__(self, request: ServerRequest) -> Response:
        self.seen.append(request)
        return await self.router(request)

    async def number(self, request: ServerRequest, number: str) -> Response:
        return json_response(200, {"number": number}, {"X-Custom": "1", "Connection": "close"})

    async def message(self, request: ServerRequest, number: str) -> Response:
        headers = {"Retry-After": "4", "Transfer-Encoding": "gzip"}
        return Response(429, headers, b"slow down")

    async def boom(self, request: ServerRequest) -> Response:
        raise RuntimeError("handler bug with s3cret detail")


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
async def sandbox(recorder: Recorder) -> AsyncIterator[RunningSandbox]:
    async with serve(recorder) as server:
        yield server


@pytest.fixture
async def http() -> AsyncIterator[AiohttpTransport]:
    async with AiohttpTransport(timeout=5.0) as transport:
        yield transport


SPECS = [
    RequestSpec("GET", "/numbers/%2B1555%20123", query=[("tag", "a"), ("tag", "b c"), ("x", "")]),
    RequestSpec(
        "POST",
        "/numbers/%2B1/messages",
        json={"content": "héllo", "to": ["+1", "+2"]},
        headers={"X-Api-Key": "key", "X-Idem": "42"},
    ),
    RequestSpec("POST", "/numbers/1/messages", form=[("to", "+1 555"), ("to", "a&b")]),
]


@pytest.mark.parametrize("sent", SPECS, ids=["query", "json", "form"])
async def test_the_handler_sees_what_fake_transport_would_give_it(recorder, sandbox, http, sent):
    in_process = Recorder()
    await FakeTransport(in_process).send(sent.bind("https://fake.test"))
    over_http = await http.send(sent.bind(sandbox.base_url))
    [expected], [seen] = in_process.seen, recorder.seen
    assert over_http.status in (200, 429)
    # Over HTTP the client adds its own headers (host, user-agent, ...); all of ours arrive.
    assert {name: seen.headers.get(name) for name in expected.headers} == expected.headers
    assert attrs.evolve(seen, headers=expected.headers) == expected


async def test_params_are_percent_decoded_and_404_405_pass_through(sandbox, http):
    ok = await http.send(RequestSpec("GET", "/numbers/%2B1%2F2").bind(sandbox.base_url))
    missing = await http.send(RequestSpec("GET", "/nope").bind(sandbox.base_url))
    wrong = await http.send(RequestSpec("DELETE", "/numbers/1").bind(sandbox.base_url))
    assert ok.json() == {"number": "+1/2"}
    assert (missing.status, wrong.status) == (404, 405)
    assert missing.json()["message"] == "No route for /nope"


async def test_response_status_headers_and_body_pass_through_minus_hop_by_hop(sandbox, http):
    ok = await http.send(RequestSpec("GET", "/numbers/1").bind(sandbox.base_url))
    assert ok.headers["x-custom"] == "1"
    assert ok.headers["content-type"] == "application/json"
    assert "connection" not in ok.headers  # the handler's hop-by-hop header is not relayed
    limited = await http.send(RequestSpec("POST", "/numbers/1/messages").bind(sandbox.base_url))
    assert limited.status == 429
    assert limited.headers["retry-after"] == "4"
    assert limited.body == b"slow down"


async def test_bodies_bigger_than_aiohttps_1_mib_default_arrive(recorder, sandbox, http):
    big = {"blob": "x" * (3 * 1024 * 1024)}
    sent = RequestSpec("POST", "/numbers/1/messages", json=big).bind(sandbox.base_url)
    assert (await http.send(sent)).status == 429
    assert recorder.seen[0].json() == big


async def test_a_handler_exception_is_a_500_json_reply(sandbox, http, caplog):
    response = await http.send(RequestSpec("GET", "/boom").bind(sandbox.base_url))
    assert response.status == 500
    assert response.json() == {"status": "ERROR", "message": "sandbox handler raised RuntimeError"}
    assert "s3cret" not in response.body.decode()
    assert "handler bug" in caplog.text  # the traceback goes to the log


async def test_base_url_names_the_bound_port(sandbox):
    assert sandbox.port > 0
    assert sandbox.base_url == f"http://127.0.0.1:{sandbox.port}"
    assert RunningSandbox("::1", 8080).base_url == "http://[::1]:8080"


@pytest.mark.parametrize("target", ["no_colon", "sandbox_app:missing", "no_such_module_x:make"])
def test_cli_rejects_a_bad_factory(target, capsys):
    sys.path.insert(0, str(HERE))
    try:
        with pytest.raises(SystemExit) as info:
            main([target, "--port", "0"])
    finally:
        sys.path.remove(str(HERE))
    assert info.value.code == 2
    assert "usage:" in capsys.readouterr().err


@pytest.mark.parametrize(("plan", "message"), [
    ("503=2", "'unavailable' must be <= 1"),
    ("x", "expected NAME=VALUE with NAME one of 503, 429, reset"),
    ("503=lots", "503: not a number: 'lots'"),
    ("503=0.6,reset=0.6", "the fault fractions add up to more than 1"),
])
def test_cli_rejects_a_bad_fault_plan(plan, message, capsys):
    with pytest.raises(SystemExit) as info:
        main(["sandbox_app:make", "--faults", plan])
    assert info.value.code == 2
    assert f"argument --faults: {message}" in capsys.readouterr().err


@pytest.mark.parametrize("faults", [[], ["--faults", "503=1, after=0"]])
async def test_cli_serves_until_terminated(http, faults):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), str(REPO)])}
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "transports.testing.sandbox",
        "sandbox_app:make",
        "--port",
        "0",
        *faults,
        cwd=REPO,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        line = await asyncio.wait_for(proc.stdout.readline(), 15)
        base_url = line.decode().strip()
        assert base_url.startswith("http://127.0.0.1:")
        spec = RequestSpec("GET", "/hello/%2Bme", query=[("q", "1"), ("q", "2")])
        response = await http.send(spec.bind(base_url))
        if faults:  # every request answered 503 before the handler runs
            assert response.status == 503 and b"injected fault" in response.body
        else:
            assert response.json() == {"hello": "+me", "q": ["1", "2"]}
    finally:
        proc.terminate()
        _, stderr = await asyncio.wait_for(proc.communicate(), 15)
    assert proc.returncode == 0  # SIGTERM is a clean shutdown
    assert b"Warning" not in stderr and b"Traceback" not in stderr
