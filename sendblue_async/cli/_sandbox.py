"""``demo`` and ``sandbox``: the fakes, for trying things without credentials."""

from __future__ import annotations

import argparse
import signal

import anyio

from transports.sandbox import FAULTS_HELP, fault_plan_argument, serve

from ._backends import (
    SENDBLUE_TEST_KEY,
    SENDBLUE_TEST_SECRET,
    SINCH_TEST_KEY_ID,
    SINCH_TEST_KEY_SECRET,
    SINCH_TEST_PROJECT,
    fake_sendblue,
    fake_sinch,
)
from ._console import Console
from ._handlers import Commands, add_command


def register(commands: Commands) -> None:
    add_command(commands, "demo", _demo, "preview -> confirm -> child account on the sandbox")
    sandbox = add_command(commands, "sandbox", _sandbox,
                          "serve the fake Sendblue and Sinch APIs on 127.0.0.1")
    sandbox.add_argument("--port", type=int, default=8080, help="Sendblue port (0: any free)")
    sandbox.add_argument("--sinch-port", type=int,
                         help="Sinch port (default: --port + 1, or any free one with --port 0)")
    sandbox.add_argument("--faults", type=fault_plan_argument, help=FAULTS_HELP)


async def _demo(args: argparse.Namespace, console: Console) -> None:
    from ..demo import run_demo

    await run_demo()


async def _sandbox(args: argparse.Namespace, console: Console) -> None:
    sinch_port = args.sinch_port
    if sinch_port is None:
        sinch_port = args.port + 1 if args.port else 0
    with anyio.open_signal_receiver(signal.SIGINT, signal.SIGTERM) as signals:
        async with serve(fake_sendblue(), port=args.port, faults=args.faults) as sendblue, serve(
            fake_sinch(), port=sinch_port, faults=args.faults
        ) as sinch:
            # Lines a shell can `export`; the first is the Sendblue base URL.
            console.result("\n".join([
                f"SENDBLUE_BASE_URL={sendblue.base_url}",
                f"SENDBLUE_API_KEY={SENDBLUE_TEST_KEY}",
                f"SENDBLUE_API_SECRET={SENDBLUE_TEST_SECRET}",
                f"SINCH_BASE_URL={sinch.base_url}",
                f"SINCH_PROJECT_ID={SINCH_TEST_PROJECT}",
                f"SINCH_KEY_ID={SINCH_TEST_KEY_ID}",
                f"SINCH_KEY_SECRET={SINCH_TEST_KEY_SECRET}",
            ]), None)
            console.note("Serving the fake Sendblue and Sinch APIs with the test credentials "
                         "above (not secrets). Ctrl-C to stop.")
            async for _ in signals:
                return
