"""The sandbox delivers webhooks over real HTTP: to a bare aiohttp server on 127.0.0.1 that
records what arrives. Messages are sent with the SDK client and injected with
``sendblue-async sandbox inbound``."""

import json
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import attrs
import pytest
from aiohttp import web
from anyio.streams.buffered import BufferedByteReceiveStream

from sendblue_async import SendblueClient, WebhookEntry
from sendblue_async.cli import run
from sendblue_async.fake import FakeSendblue
from transports import Response, ServerRequest
from transports.testing.delivery import wait_for_attempts
from transports.testing.sandbox import serve

FROM, TO = "+14155551234", "+14155550000"
KEY, SECRET = "sb-test-key", "sb-test-secret"


@attrs.define
class Arrival:
    path: str
    secret: str | None
    body: dict


class Receiver:
    """A webhook endpoint: records each request; answers the statuses queued per path
    (then 200)."""

    def __init__(self) -> None:
        self.arrivals: list[Arrival] = []
        self.answers: dict[str, list[int]] = {}
        self.base_url = ""
        self._changed = anyio.Event()

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.arrivals.append(Arrival(request.path, request.headers.get("sb-signing-secret"), body))
        self._changed.set()
        queued = self.answers.get(request.path) or [200]
        return web.json_response({}, status=queued.pop(0))

    async def wait_for(self, count: int, timeout: float = 10.0) -> list[Arrival]:
        with anyio.fail_after(timeout):
            while len(self.arrivals) < count:
                await self._changed.wait()
                self._changed = anyio.Event()
        return self.arrivals

    def url(self, path: str) -> str:
        return self.base_url + path


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    receiver = Receiver()
    app = web.Application()
    app.router.add_post("/{tail:.*}", receiver.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    receiver.base_url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    yield receiver
    await runner.cleanup()


async def settled(fake: FakeSendblue, count: int) -> list[int | None]:
    """The outcomes of the first ``count`` tries, once the deliverer has recorded them."""
    with anyio.fail_after(10):
        return [a.status for a in await wait_for_attempts(fake.outbox, count)]


@pytest.fixture
async def sandbox() -> AsyncIterator[tuple[FakeSendblue, str]]:
    fake = FakeSendblue()
    fake.message_progression = ((0.1, "SENT"), (0.2, "DELIVERED"))
    async with serve(fake) as server:
        yield fake, server.base_url


async def test_status_webhooks_arrive_in_order_as_a_sent_message_progresses(receiver, sandbox):
    fake, base_url = sandbox
    async with SendblueClient(KEY, SECRET, base_url=base_url) as client:
        await client.webhooks.add([receiver.url("/outbound")], webhook_type="outbound",
                                  global_secret="whsec")
        sent = await client.messages.send(TO, "hello", status_callback=receiver.url("/cb"))
        arrivals = await receiver.wait_for(6)
    by_path = {path: [(a.body["status"], a.secret) for a in arrivals if a.path == path]
               for path in ("/outbound", "/cb")}
    assert by_path == {
        "/outbound": [("QUEUED", "whsec"), ("SENT", "whsec"), ("DELIVERED", "whsec")],
        "/cb": [("QUEUED", None), ("SENT", None), ("DELIVERED", None)],
    }
    assert {a.body["message_handle"] for a in arrivals} == {sent.message_handle}
    assert await settled(fake, 6) == [200] * 6


async def test_an_inbound_message_injected_with_the_command_is_delivered(
    receiver, sandbox, capsys
):
    base_url = sandbox[1]
    async with SendblueClient(KEY, SECRET, base_url=base_url) as client:
        await client.webhooks.add([WebhookEntry(receiver.url("/in"), secret="bot-secret")])
        assert await run(["sandbox", "inbound", FROM, "hello bot", "--base-url", base_url]) == 0
        (arrival,) = await receiver.wait_for(1)
        history = await client.messages.list()
    assert (arrival.path, arrival.secret) == ("/in", "bot-secret")
    assert (arrival.body["number"], arrival.body["content"]) == (FROM, "hello bot")
    assert (arrival.body["is_outbound"], arrival.body["status"]) == (False, "RECEIVED")
    (stored,) = history.data
    assert (stored.message_handle, stored.is_outbound) == (arrival.body["message_handle"], False)
    out = capsys.readouterr().out
    assert f"message_handle: {stored.message_handle}" in out and "content:        hello bot" in out


async def test_a_webhook_that_answers_5xx_is_retried_until_it_answers(receiver, sandbox):
    fake, base_url = sandbox
    fake.outbox.retry_delays = (0.05, 0.05, 0.05)
    receiver.answers["/in"] = [503, 500]
    async with SendblueClient(KEY, SECRET, base_url=base_url) as client:
        await client.webhooks.add([receiver.url("/in")])
    fake.receive_message(FROM, "again")
    arrivals = await receiver.wait_for(3)
    assert len({a.body["message_handle"] for a in arrivals}) == 1
    assert await settled(fake, 3) == [503, 500, 200]


@asynccontextmanager
async def subprocess_sandbox(*command: str, lines: int) -> AsyncIterator[list[str]]:
    """Start a sandbox process; yield the first ``lines`` lines it prints."""
    async with await anyio.open_process([sys.executable, "-m", *command]) as proc:
        assert proc.stdout is not None
        stream = BufferedByteReceiveStream(proc.stdout)
        try:
            printed = [(await stream.receive_until(b"\n", 500)).decode() for _ in range(lines)]
            yield printed
        finally:
            proc.terminate()
        assert await proc.wait() == 0


async def test_the_sandbox_command_delivers_for_its_lifetime(receiver, monkeypatch, capsys):
    async with subprocess_sandbox("sendblue_async", "sandbox", "--port", "0",
                                  lines=8) as printed:
        settings = dict(line.partition("=")[::2] for line in printed)
        base_url = settings["SENDBLUE_BASE_URL"]
        monkeypatch.setenv("SENDBLUE_BASE_URL", base_url)
        async with SendblueClient(KEY, SECRET, base_url=base_url) as client:
            await client.webhooks.add([receiver.url("/in")])
        assert await run(["sandbox", "inbound", FROM, "from the shell", "--output", "json"]) == 0
        (arrival,) = await receiver.wait_for(1)
    assert arrival.body["content"] == "from the shell"
    shown = json.loads(capsys.readouterr().out)
    assert shown["message_handle"] == arrival.body["message_handle"]


async def test_the_module_sandbox_delivers_too(receiver):
    command = ("transports.testing.sandbox", "sendblue_async.fake:FakeSendblue", "--port", "0")
    async with subprocess_sandbox(*command, lines=1) as (base_url,):
        client = SendblueClient(KEY, SECRET, base_url=base_url)
        async with client:
            await client.webhooks.add([receiver.url("/outbound")], webhook_type="outbound")
            await client.messages.send(TO, "hi")
            (arrival,) = await receiver.wait_for(1)
    assert (arrival.path, arrival.body["status"]) == ("/outbound", "QUEUED")


# --- the command's failures ----------------------------------------------------------------


def error_line(capsys) -> str:
    (line,) = capsys.readouterr().err.splitlines()
    return line


async def test_without_a_sandbox_to_talk_to_it_is_a_usage_error(capsys):
    assert await run(["sandbox", "inbound", FROM, "hi"]) == 2
    assert error_line(capsys) == ("error: no sandbox to talk to: pass --base-url or set "
                                  "SENDBLUE_BASE_URL (`sendblue-async sandbox` prints it)")


@pytest.mark.parametrize(("argv", "field"), [
    ([FROM, "hi", "--base-url", "nope"], "base_url"),
    (["4155551234", "hi"], "number"),
    ([FROM, ""], "content"),
    ([FROM, "hi", "--sendblue-number", "x"], "sendblue_number"),
])
async def test_bad_arguments_are_usage_errors(monkeypatch, capsys, argv, field):
    monkeypatch.setenv("SENDBLUE_BASE_URL", "http://127.0.0.1:9")
    assert await run(["sandbox", "inbound", *argv]) == 2
    assert error_line(capsys).startswith(f"error: invalid {field}: ")


async def test_a_sandbox_that_cannot_be_reached_is_an_error(capsys):
    async with serve(FakeSendblue()) as server:
        base_url = server.base_url  # closed when the block ends
    assert await run(["sandbox", "inbound", FROM, "hi", "--base-url", base_url]) == 1
    assert error_line(capsys).startswith(f"error: cannot reach the sandbox at {base_url}: ")


async def test_what_the_sandbox_refuses_is_an_error(sandbox, capsys):
    base_url = sandbox[1]
    argv = ["sandbox", "inbound", FROM, "hi", "--sendblue-number", "+19995550100"]
    assert await run([*argv, "--base-url", base_url]) == 1
    assert error_line(capsys) == ("error: the sandbox answered 400: "
                                  "sendblue_number is not a line of this sandbox")


@pytest.mark.parametrize(("status", "body"), [(200, b"{}"), (200, b"[]"), (502, b"<html>")])
async def test_a_server_that_is_not_the_sandbox_is_an_error(capsys, status, body):
    async def not_the_sandbox(request: ServerRequest) -> Response:
        return Response(status, {}, body)

    async with serve(not_the_sandbox) as server:
        assert await run(["sandbox", "inbound", FROM, "hi", "--base-url", server.base_url]) == 1
    assert error_line(capsys) == f"error: the sandbox answered {status}: not an inbound message"
