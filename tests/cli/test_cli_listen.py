"""``listen --forward-to``: the event stream of a sandbox, forwarded to a local receiver
over real HTTP, as signed webhooks."""

from collections.abc import Callable

import anyio

from sendblue_async.cli import run
from transports import Response, ServerRequest, json_response
from transports.testing.sandbox import serve

FROM = "+14155550100"


class Receiver:
    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.posts: list[ServerRequest] = []

    async def __call__(self, request: ServerRequest) -> Response:
        self.posts.append(request)
        return json_response(self.status, {})


async def wait_until(condition: Callable[[], bool]) -> None:
    with anyio.fail_after(5):
        while not condition():  # noqa: ASYNC110 - polls state the fake changes
            await anyio.sleep(0.002)


async def test_listen_forwards_each_event_as_a_signed_webhook(sendblue, capsys):
    fake, base_url = sendblue
    receiver = Receiver()
    async with serve(receiver) as local, anyio.create_task_group() as tasks:
        argv = ["listen", "--forward-to", f"{local.base_url}/webhooks", "--secret", "shh",
                "--types", "message.received,typing.changed", "--max-events", "2",
                "--base-url", base_url]
        codes: list[int] = []

        async def listen() -> None:
            codes.append(await run(argv))

        tasks.start_soon(listen)
        await wait_until(lambda: fake.event_log.opened == 1)
        fake.receive_message(FROM, "hello")
        fake.contact_typing(FROM)
    assert codes == [0]
    assert [p.path for p in receiver.posts] == ["/webhooks", "/webhooks"]
    assert {p.header("sb-signing-secret") for p in receiver.posts} == {"shh"}
    assert receiver.posts[0].json()["content"] == "hello"
    assert receiver.posts[1].json()["is_typing"] is True
    assert capsys.readouterr().out.splitlines() == [
        "message.received evt_1 -> 200", "typing.changed evt_2 -> 200"]


async def test_listen_reports_a_receiver_that_fails_or_is_down(sendblue, capsys):
    fake, base_url = sendblue
    async with serve(Receiver(500)) as down:
        gone = down.base_url
    argv = ["listen", "--forward-to", gone, "--max-events", "1", "--base-url", base_url]
    async with anyio.create_task_group() as tasks:
        tasks.start_soon(run, argv)
        await wait_until(lambda: fake.event_log.opened == 1)
        fake.receive_message(FROM, "nobody home")
    out = capsys.readouterr().out
    assert "message.received evt_1 -> failed (TransportError)" in out


async def test_listen_refuses_a_target_that_is_not_a_url(sendblue, capsys):
    _, base_url = sendblue
    assert await run(["listen", "--forward-to", "nowhere", "--base-url", base_url]) == 2
    assert "forward_to" in capsys.readouterr().err
