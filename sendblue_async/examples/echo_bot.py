"""An echo bot: answers each message it receives with the same text, once per message
however often the webhook is delivered, on one host or several replicas.

Against the sandbox (export what ``sendblue-async sandbox`` prints first)::

    python -m sendblue_async.examples.echo_bot --port 8000 [--dedup redis://127.0.0.1:6379/0]
    sendblue-async sandbox inbound +14155551234 "hello"
"""

from __future__ import annotations

import argparse
import os

import anyio
from aiohttp import web

from sendblue_async import SendblueClient
from sendblue_async.inbound import InboundMessage, Receiver
from transports.dedup import DedupStore, MemoryDedup, RedisDedup

SECRET = os.environ.get("ECHO_BOT_SECRET", "echo-bot-secret")


def echo_receiver(client: SendblueClient, dedup: DedupStore) -> Receiver:
    receiver = Receiver(signing_secret=SECRET, dedup=dedup)

    @receiver.on("receive")
    async def echo(message: InboundMessage) -> None:
        if message.number and message.content:
            await client.messages.send(message.number, message.content,
                                       from_number=message.sendblue_number)

    return receiver


async def serve(port: int, dedup: DedupStore) -> None:
    async with SendblueClient() as client:
        runner = web.AppRunner(echo_receiver(client, dedup).aiohttp_app())
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        url = f"http://127.0.0.1:{port}/webhooks/receive"
        await client.webhooks.add([url], global_secret=SECRET)
        print(f"echo bot listening on {url}", flush=True)
        try:
            await anyio.sleep_forever()
        finally:
            await runner.cleanup()  # waits for the replies in flight
            await dedup.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--dedup", help="a redis:// URL shared by replicas (default: memory)")
    args = parser.parse_args()
    dedup = RedisDedup(args.dedup) if args.dedup else MemoryDedup()
    anyio.run(serve, args.port, dedup)


if __name__ == "__main__":
    main()
