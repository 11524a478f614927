"""``demo`` and ``sandbox``: the fakes, for trying things without credentials.

``sandbox`` serves them; ``sandbox inbound NUMBER CONTENT`` makes a running one receive a
message, which it stores and delivers to the ``receive`` webhooks registered on it.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from transports import RequestSpec, Response, TransportError
from transports.cli import (
    API_ERROR,
    Commands,
    Console,
    UsageError,
    add_command,
    add_faults_option,
    fields_text,
    load_backend,
    serve_backends,
)

from .. import _validate as v
from ._backends import sandbox_backend

# Loaded by name: this package never imports the Sinch one.
SINCH_SANDBOX = "sinch_numbers.cli:sandbox_backend"
INBOUND_ROUTE = "/_sandbox/inbound"  # the fake's admin route


def register(commands: Commands, common: argparse.ArgumentParser) -> None:
    add_command(commands, "demo", _demo, "preview -> confirm -> child account on the sandbox")
    sandbox = add_command(commands, "sandbox", _sandbox,
                          "serve the fake Sendblue and Sinch APIs on 127.0.0.1, delivering "
                          "the webhooks registered on them (no ACTION: serve)")
    sandbox.add_argument("--port", type=int, default=8080, help="Sendblue port (0: any free)")
    sandbox.add_argument("--sinch-port", type=int,
                         help="Sinch port (default: --port + 1, or any free one with --port 0)")
    add_faults_option(sandbox)
    actions = sandbox.add_subparsers(dest="action", metavar="ACTION")
    inbound = add_command(
        actions, "inbound", _inbound,
        "make a running sandbox (--base-url, or SENDBLUE_BASE_URL as `sandbox` prints it) "
        "receive a message, and deliver it to its receive webhooks", common,
    )
    inbound.add_argument("number", help="the sender, E.164 (+14155551234)")
    inbound.add_argument("content", help="the message text")
    inbound.add_argument("--sendblue-number", metavar="E164",
                         help="the line it is sent to (default: the sandbox's shared line)")


async def _demo(args: argparse.Namespace, console: Console) -> None:
    from ..demo import run_demo

    await run_demo()


async def _sandbox(args: argparse.Namespace, console: Console) -> None:
    sinch_port = args.sinch_port
    if sinch_port is None:
        sinch_port = args.port + 1 if args.port else 0
    backends = [(sandbox_backend(), args.port), (load_backend(SINCH_SANDBOX), sinch_port)]
    await serve_backends(backends, args.faults, console)


async def _inbound(args: argparse.Namespace, console: Console) -> int | None:
    base_url = args.base_url or os.environ.get("SENDBLUE_BASE_URL")
    if not base_url:
        raise UsageError("no sandbox to talk to: pass --base-url or set SENDBLUE_BASE_URL "
                         "(`sendblue-async sandbox` prints it)")
    body = {"number": v.e164("number", args.number),
            "content": v.required_text("content", args.content)}
    if args.sendblue_number is not None:
        body["sendblue_number"] = v.e164("sendblue_number", args.sendblue_number)
    spec: RequestSpec[None] = RequestSpec(
        "POST", INBOUND_ROUTE, json=body, base_url=v.url("base_url", base_url))
    try:
        response = await _post(spec)
    except TransportError as exc:
        console.error(f"cannot reach the sandbox at {spec.base_url}: {exc}")
        return API_ERROR
    reply = _json_object(response)
    if response.status != 200 or not isinstance(reply.get("data"), dict):
        console.error(f"the sandbox answered {response.status}: "
                      f"{reply.get('message') or 'not an inbound message'}")
        return API_ERROR
    message = reply["data"]
    console.result(fields_text([(name, message.get(name)) for name in (
        "message_handle", "from_number", "to_number", "content", "status")]), message)
    return None


async def _post(spec: RequestSpec[None]) -> Response:
    from transports.aiohttp import AiohttpTransport

    async with AiohttpTransport(timeout=30.0) as transport:
        return await transport.send(spec)


def _json_object(response: Response) -> dict[str, Any]:
    try:
        reply = response.json()
    except ValueError:
        return {}
    return reply if isinstance(reply, dict) else {}
