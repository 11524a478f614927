"""client.events.stream against FakeSendblue, in process and over real HTTP on 127.0.0.1."""

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import anyio
import pytest

from sendblue_async import (
    AccountEvent,
    APIConnectionError,
    AuthenticationError,
    EventStream,
    Reconnect,
    SendblueClient,
)
from sendblue_async.fake import FakeSendblue
from transports import FakeClock
from transports.testing import BOTH_WAYS, Way

KEY, SECRET = "sb-test-key", "sb-test-secret"
FROM = "+14155550100"

both_ways = pytest.mark.parametrize("way", BOTH_WAYS, ids=["in_process", "over_http"])


@asynccontextmanager
async def sendblue(
    way: Way, fake: FakeSendblue, secret: str = SECRET
) -> AsyncIterator[tuple[SendblueClient, FakeClock]]:
    clock = FakeClock()
    async with way(fake) as (transport, base_url):
        client = SendblueClient(KEY, secret, base_url=base_url, transport=transport, clock=clock)
        yield client, clock


async def wait_until(condition: Callable[[], bool]) -> None:
    with anyio.fail_after(5):
        while not condition():  # noqa: ASYNC110 - polls state the fake changes
            await anyio.sleep(0.002)


async def take(stream: EventStream, count: int, into: list[AccountEvent]) -> None:
    async for event in stream:
        into.append(event)
        if len(into) == count:
            return


@both_ways
async def test_events_arrive_typed_and_filtered(way: Way) -> None:
    fake = FakeSendblue()
    async with sendblue(way, fake) as (client, _):
        seen: list[AccountEvent] = []
        stream = client.events.stream(types=["message.received", "contact.created"])
        async with stream, anyio.create_task_group() as tasks:
            tasks.start_soon(take, stream, 2, seen)
            await wait_until(lambda: fake.event_log.opened == 1)
            fake.contact_typing(FROM)  # filtered out
            fake.receive_message(FROM, "hello")
            await client.contacts.create(FROM, first_name="Ada")
    assert [e.type for e in seen] == ["message.received", "contact.created"]
    received = seen[0]
    assert received.id.startswith("evt_")
    assert received.data["content"] == "hello" and received.data["number"] == FROM
    assert received.occurred_at is not None and received.occurred_at.tzinfo is not None
    assert received.version == 1


@both_ways
async def test_a_rotation_reconnects_with_last_event_id_losing_nothing(way: Way) -> None:
    fake = FakeSendblue()
    async with sendblue(way, fake) as (client, clock):
        seen: list[AccountEvent] = []
        stream = client.events.stream()
        async with stream, anyio.create_task_group() as tasks:
            tasks.start_soon(take, stream, 4, seen)
            await wait_until(lambda: fake.event_log.opened == 1)
            fake.receive_message(FROM, "one")
            await wait_until(lambda: len(seen) == 1)
            fake.event_log.rotate()
            fake.receive_message(FROM, "two")  # before the client is back: replayed
            fake.receive_message(FROM, "three")
            await wait_until(lambda: fake.event_log.opened == 2)
            fake.receive_message(FROM, "four")
    assert [e.data["content"] for e in seen] == ["one", "two", "three", "four"]
    assert len({e.id for e in seen}) == 4
    assert stream.connections == 2 and stream.last_event_id == seen[-1].id
    assert len(clock.sleeps) == 1 and 0.25 <= clock.sleeps[0] <= 0.5  # Reconnect.initial


@both_ways
async def test_the_stream_lifetime_ends_it_and_the_client_comes_back(way: Way) -> None:
    fake = FakeSendblue()
    fake.event_log.lifetime = 0.05
    async with sendblue(way, fake) as (client, _):
        seen: list[AccountEvent] = []
        stream = client.events.stream()
        async with stream, anyio.create_task_group() as tasks:
            tasks.start_soon(take, stream, 1, seen)
            await wait_until(lambda: fake.event_log.opened >= 3)
            fake.receive_message(FROM, "still here")
    assert [e.data["content"] for e in seen] == ["still here"]


@both_ways
async def test_a_dropped_connection_reconnects_after_a_backoff(way: Way) -> None:
    fake = FakeSendblue()
    async with sendblue(way, fake) as (client, clock):
        seen: list[AccountEvent] = []
        stream = client.events.stream(reconnect=Reconnect(initial=1.0, jitter=0.0))
        async with stream, anyio.create_task_group() as tasks:
            tasks.start_soon(take, stream, 2, seen)
            await wait_until(lambda: fake.event_log.opened == 1)
            fake.receive_message(FROM, "before")
            await wait_until(lambda: len(seen) == 1)
            fake.event_log.drop()
            await wait_until(lambda: fake.event_log.opened == 2)
            fake.receive_message(FROM, "after")
    assert [e.data["content"] for e in seen] == ["before", "after"]
    assert clock.sleeps == [1.0]


@both_ways
async def test_a_silent_server_times_out_and_is_reconnected(way: Way) -> None:
    fake = FakeSendblue()
    fake.event_log.heartbeat = 60.0  # no heartbeat within the client's timeout
    async with sendblue(way, fake) as (client, clock):
        seen: list[AccountEvent] = []
        stream = client.events.stream(heartbeat_timeout=0.05)
        async with stream, anyio.create_task_group() as tasks:
            tasks.start_soon(take, stream, 1, seen)
            await wait_until(lambda: fake.event_log.opened == 2)
            fake.receive_message(FROM, "awake")
    assert [e.data["content"] for e in seen] == ["awake"]
    assert clock.sleeps and clock.sleeps[0] <= 0.5


async def test_heartbeats_keep_a_quiet_stream_open() -> None:
    fake = FakeSendblue()
    fake.event_log.heartbeat = 0.01
    async with sendblue(BOTH_WAYS[1], fake) as (client, clock):
        seen: list[AccountEvent] = []
        stream = client.events.stream(heartbeat_timeout=0.2)
        async with stream, anyio.create_task_group() as tasks:
            tasks.start_soon(take, stream, 1, seen)
            await wait_until(lambda: fake.event_log.opened == 1)
            await anyio.sleep(0.3)  # longer than the timeout, shorter than heartbeats' gaps
            fake.receive_message(FROM, "late")
    assert stream.connections == 1 and clock.sleeps == []


@both_ways
async def test_bad_credentials_raise_at_once(way: Way) -> None:
    async with sendblue(way, FakeSendblue(), secret="wrong") as (client, clock):
        stream = client.events.stream()
        with pytest.raises(AuthenticationError) as caught:
            await anext(stream)
    assert caught.value.status == 401
    assert stream.connections == 1 and clock.sleeps == []


async def test_without_reconnect_a_rotation_ends_the_stream() -> None:
    fake = FakeSendblue()
    async with sendblue(BOTH_WAYS[0], fake) as (client, _):
        seen: list[AccountEvent] = []
        stream = client.events.stream(reconnect=None)
        async with stream, anyio.create_task_group() as tasks:
            tasks.start_soon(take, stream, 2, seen)
            await wait_until(lambda: fake.event_log.opened == 1)
            fake.receive_message(FROM, "only")
            await wait_until(lambda: len(seen) == 1)
            fake.event_log.rotate()
    assert len(seen) == 1


async def test_without_reconnect_a_drop_raises() -> None:
    fake = FakeSendblue()
    async with sendblue(BOTH_WAYS[0], fake) as (client, _):
        stream = client.events.stream(reconnect=None)
        async with stream, anyio.create_task_group() as tasks:
            tasks.start_soon(fake_drop_once_open, fake)
            with pytest.raises(APIConnectionError):
                await anext(stream)


async def fake_drop_once_open(fake: FakeSendblue) -> None:
    await wait_until(lambda: fake.event_log.opened == 1)
    fake.event_log.drop()


async def test_outbound_messages_are_created_then_updated() -> None:
    fake = FakeSendblue(clock=FakeClock())
    async with sendblue(BOTH_WAYS[0], fake) as (client, _):
        seen: list[AccountEvent] = []
        stream = client.events.stream(types=["message.created", "message.updated"])
        async with stream, anyio.create_task_group() as tasks:
            tasks.start_soon(take, stream, 2, seen)
            await wait_until(lambda: fake.event_log.opened == 1)
            sent = await client.messages.send(FROM, "hi")
            assert isinstance(fake.clock, FakeClock)
            fake.clock.advance(2.0)
            await client.messages.status(sent.message_handle)  # the fake applies SENT
    assert [(e.type, e.data["status"]) for e in seen] == [
        ("message.created", "QUEUED"), ("message.updated", "SENT"),
    ]


@both_ways
async def test_the_stream_is_connected_once_the_block_is_entered(way: Way) -> None:
    fake = FakeSendblue()
    seen: list[AccountEvent] = []
    async with sendblue(way, fake) as (client, _), \
            client.events.stream(types=["message.received"]) as stream:
        assert fake.event_log.opened == 1  # before anything is read
        fake.receive_message(FROM, "right after entering")
        with anyio.fail_after(5):
            await take(stream, 1, seen)
    assert [e.data["content"] for e in seen] == ["right after entering"]
