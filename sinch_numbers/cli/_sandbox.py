"""``sandbox``: the Sinch fake on 127.0.0.1, for trying things without credentials."""

from __future__ import annotations

import argparse

from transports.cli import Commands, Console, add_command, add_faults_option, serve_backends

from ._backends import sandbox_backend


def register(commands: Commands) -> None:
    sandbox = add_command(commands, "sandbox", _sandbox, "serve the fake Sinch API on 127.0.0.1")
    sandbox.add_argument("--port", type=int, default=8081, help="port (0: any free)")
    add_faults_option(sandbox)


async def _sandbox(args: argparse.Namespace, console: Console) -> None:
    await serve_backends([(sandbox_backend(), args.port)], args.faults, console)
