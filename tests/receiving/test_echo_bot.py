"""The example echo bot end to end over real HTTP: the sandbox delivers an injected message to
the bot's webhook, and the bot replies exactly once, even when the webhook is delivered twice
and when two replicas share a Redis de-duplication store."""

import os
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
import anyio

from sendblue_async import SendblueClient
from sendblue_async.examples.echo_bot import SECRET
from sendblue_async.fake import FakeSendblue
from transports.testing.sandbox import serve

KEY, API_SECRET = "sb-test-key", "sb-test-secret"
CONTACT = "+14155551234"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@asynccontextmanager
async def echo_bot(base_url: str, *extra: str) -> AsyncIterator[int]:
    """The bot as users run it, ``python -m sendblue_async.examples.echo_bot``, on a free port;
    ready once it says it listens (it has registered its webhook by then)."""
    port = free_port()
    env = {**os.environ, "SENDBLUE_BASE_URL": base_url, "SENDBLUE_API_KEY": KEY,
           "SENDBLUE_API_SECRET": API_SECRET}
    command = [sys.executable, "-m", "sendblue_async.examples.echo_bot", "--port", str(port),
               *extra]
    async with await anyio.open_process(command, env=env, stderr=None) as bot:
        try:
            assert bot.stdout is not None
            with anyio.fail_after(30):
                said = b""
                while b"\n" not in said:
                    said += await bot.stdout.receive()
            assert b"listening" in said
            yield port
        finally:
            bot.terminate()


@asynccontextmanager
async def sandbox() -> AsyncIterator[tuple[FakeSendblue, str]]:
    fake = FakeSendblue(api_key=KEY, api_secret=API_SECRET)
    async with serve(fake) as server:  # its lifespan delivers the webhooks
        yield fake, server.base_url


async def inject(base_url: str, content: str) -> None:
    async with aiohttp.ClientSession() as http, http.post(
        f"{base_url}/_sandbox/inbound", json={"number": CONTACT, "content": content}
    ) as response:
        assert response.status == 200, await response.text()


async def replies(fake: FakeSendblue, content: str, *, settle: float = 1.0) -> list[str]:
    """The bot's replies: waits for the first, then ``settle`` seconds for any other."""
    def found() -> list[str]:
        return [m.handle for m in list(fake.messages.values())
                if m.is_outbound and m.number == CONTACT and m.content == content]

    with anyio.fail_after(20):
        while not found():  # noqa: ASYNC110 - the fake has no event to wait on
            await anyio.sleep(0.05)
    await anyio.sleep(settle)
    return found()


async def test_a_message_delivered_twice_gets_one_reply():
    async with sandbox() as (fake, base_url), echo_bot(base_url) as port:
        # A second registration of the same bot: each message is delivered to it twice.
        async with SendblueClient(KEY, API_SECRET, base_url=base_url) as client:
            await client.webhooks.add([f"http://127.0.0.1:{port}/webhooks/receive?copy=2"],
                                      global_secret=SECRET)
        await inject(base_url, "hello once")
        assert len(await replies(fake, "hello once")) == 1
    deliveries = [a for a in fake.outbox.attempts if a.delivery.url.startswith("http://127")]
    assert len({a.delivery.url for a in deliveries}) == 2


async def test_two_replicas_sharing_redis_reply_once(redis_url):
    async with sandbox() as (fake, base_url), echo_bot(base_url, "--dedup", redis_url), \
                echo_bot(base_url, "--dedup", redis_url):
        await inject(base_url, "hello replicas")  # delivered to both replicas
        assert len(await replies(fake, "hello replicas")) == 1
