"""``listen --forward-to URL``: the account event stream, forwarded to a local receiver as
the matching webhooks (the way ``stripe listen`` does), signed with ``--secret``.

Each event's ``data`` is POSTed as the webhook body: a message event carries the message
as its webhook does, and so do typing, contact and line events.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from transports import RequestSpec, TransportError
from transports.cli import Commands, Console, add_command

from .. import _validate as v
from ..events import AccountEvent
from ._backends import on_sendblue

if TYPE_CHECKING:
    from transports.aiohttp import AiohttpTransport

    from ..client import SendblueClient

SIGNING_SECRET_HEADER = "sb-signing-secret"
FORWARD_TIMEOUT = 45.0  # what Sendblue allows a receiver


def register(commands: Commands, common: argparse.ArgumentParser) -> None:
    listen = add_command(
        commands, "listen", on_sendblue(_listen),
        "forward the live event stream to a local webhook receiver (like `stripe listen`)",
        common,
    )
    listen.add_argument("--forward-to", required=True, metavar="URL",
                        help="the receiver, e.g. http://127.0.0.1:8000/webhooks")
    listen.add_argument("--secret", help="sent in sb-signing-secret with each webhook")
    listen.add_argument("--types", help="comma-separated event types (default: every type)")
    listen.add_argument("--max-events", type=int, metavar="N",
                        help="stop after forwarding N events (default: run until stopped)")


async def _listen(client: SendblueClient, args: argparse.Namespace, console: Console) -> None:
    from transports.aiohttp import AiohttpTransport

    target = v.url("forward_to", args.forward_to)
    types = [t for t in (args.types or "").split(",") if t]
    forwarded = 0
    async with (
        AiohttpTransport(timeout=FORWARD_TIMEOUT) as transport,
        client.events.stream(types=types) as events,
    ):
        async for event in events:
            status = await _forward(transport, target, args.secret, event)
            console.result(f"{event.type} {event.id} -> {status}",
                           {"id": event.id, "type": event.type, "status": status})
            forwarded += 1
            if args.max_events is not None and forwarded >= args.max_events:
                return


async def _forward(
    transport: AiohttpTransport, url: str, secret: str | None, event: AccountEvent
) -> int | str:
    """POST the event's webhook body; the receiver's status, or why it did not answer."""
    headers = {"content-type": "application/json"}
    if secret:
        headers[SIGNING_SECRET_HEADER] = secret
    spec: RequestSpec[None] = RequestSpec(
        "POST", "", headers=headers, json=dict(event.data), base_url=url)
    try:
        response = await transport.send(spec)
    except TransportError as exc:
        return f"failed ({type(exc).__name__})"
    return response.status
