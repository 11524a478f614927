"""``demo`` and ``sandbox``: the fakes, for trying things without credentials."""

from __future__ import annotations

import argparse

from transports.cli import (
    Commands,
    Console,
    add_command,
    add_faults_option,
    load_backend,
    serve_backends,
)

from ._backends import sandbox_backend

# Loaded by name: this package never imports the Sinch one.
SINCH_SANDBOX = "sinch_numbers.cli:sandbox_backend"


def register(commands: Commands) -> None:
    add_command(commands, "demo", _demo, "preview -> confirm -> child account on the sandbox")
    sandbox = add_command(commands, "sandbox", _sandbox,
                          "serve the fake Sendblue and Sinch APIs on 127.0.0.1")
    sandbox.add_argument("--port", type=int, default=8080, help="Sendblue port (0: any free)")
    sandbox.add_argument("--sinch-port", type=int,
                         help="Sinch port (default: --port + 1, or any free one with --port 0)")
    add_faults_option(sandbox)


async def _demo(args: argparse.Namespace, console: Console) -> None:
    from ..demo import run_demo

    await run_demo()


async def _sandbox(args: argparse.Namespace, console: Console) -> None:
    sinch_port = args.sinch_port
    if sinch_port is None:
        sinch_port = args.port + 1 if args.port else 0
    backends = [(sandbox_backend(), args.port), (load_backend(SINCH_SANDBOX), sinch_port)]
    await serve_backends(backends, args.faults, console)
