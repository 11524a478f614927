"""One messaging scenario, run in process (FakeTransport) and over real HTTP
(AiohttpTransport -> sandbox on 127.0.0.1): both must give the same result."""

from typing import Any

from sendblue_async import MessageFilter, SendblueClient, SendblueError
from sendblue_async.fake import FakeSendblue
from transports import FakeClock, testing

KEY, SECRET = "contract-key", "contract-secret"
TO, OTHER = "+14155550123", "+14155550124"


async def scenario(client: SendblueClient, fake: FakeSendblue, clock: FakeClock) -> list[Any]:
    seen: list[Any] = []

    async def expect_error(coro: Any) -> None:
        try:
            await coro
        except SendblueError as exc:
            seen.append((type(exc).__name__, getattr(exc, "status", None)))

    line = (await client.lines.list())[0]
    sent = await client.messages.send(TO, "hello", send_style="confetti")
    clock.advance(2)
    seen.append((await client.messages.status(sent.message_handle)).status)
    inbound = fake.receive_message(TO, "hi back")
    seen.append((await client.messages.react(inbound.handle, "love", from_number=line)).reaction)
    seen.append((await client.messages.mark_read(TO, from_number=line)).number)
    seen.append((await client.messages.typing(TO)).status)
    await expect_error(client.messages.typing(OTHER))
    group = await client.groups.create([TO, OTHER], group_name="Team")
    seen.append((await client.groups.send("all", group_id=group.group_id)).group_id)
    carousel = await client.messages.send_carousel(
        TO, ["https://img.example/1.png", "https://img.example/2.png"])
    seen.append((carousel.message_type, carousel.media_url))
    seen.append((await client.messages.evaluate_service("kim@example.com")).service)
    uploaded = await client.media.upload_file(b"\x00binary\r\n", filename="f.bin")
    seen.append(fake.uploads[uploaded.media_object_id].data)
    await client.messages.delete(carousel.message_handle)
    clock.advance(5)
    seen.append([m async for m in client.messages.iter(page_size=2)])
    seen.append([m.content async for m in client.messages.iter(MessageFilter(is_outbound=False))])
    await expect_error(client.messages.send(TO, "x", from_number="+19995550100"))
    await expect_error(client.messages.get(carousel.message_handle))
    return seen


async def run_over(transport_factory: Any) -> list[Any]:
    clock = FakeClock()
    fake = FakeSendblue(clock=clock, api_key=KEY, api_secret=SECRET)
    async with transport_factory(fake) as (transport, base_url), SendblueClient(
        KEY, SECRET, base_url=base_url, transport=transport, clock=clock
    ) as client:
        return await scenario(client, fake, clock)


async def test_same_result_in_process_and_over_http():
    in_process = await run_over(testing.in_process)
    over_http = await run_over(testing.over_http)
    assert in_process == over_http
    assert in_process[:4] == ["SENT", "love", TO, "SENT"]
    assert in_process[4] == ("APIStatusError", 200)
    history = in_process[9]
    assert [(m.content, m.status) for m in history] == [
        ("hi back", "RECEIVED"), ("all", "DELIVERED"), ("hello", "DELIVERED")]
    assert in_process[10] == ["hi back"]
    assert in_process[-2:] == [("BadRequestError", 400), ("NotFoundError", 404)]
