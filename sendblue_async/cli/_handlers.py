"""What every subcommand shares: the handler shapes and a usage error."""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable
from typing import TypeAlias

from sinch_numbers import SinchNumbers

from ..client import SendblueClient
from ._backends import sendblue_session, sinch_session
from ._console import Console

# A handler returns its exit code, or None for success.
Handler = Callable[[argparse.Namespace, Console], Awaitable[int | None]]
SendblueHandler = Callable[[SendblueClient, argparse.Namespace, Console], Awaitable[int | None]]
SinchHandler = Callable[[SinchNumbers, argparse.Namespace, Console], Awaitable[int | None]]
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class UsageError(Exception):
    """A bad argument the parser cannot check (exit code 2)."""


def on_sendblue(handler: SendblueHandler) -> Handler:
    """Run ``handler`` with a client for the chosen Sendblue server."""

    async def run(args: argparse.Namespace, console: Console) -> int | None:
        async with sendblue_session(args, console) as client:
            return await handler(client, args, console)

    return run


def on_sinch(handler: SinchHandler) -> Handler:
    """Run ``handler`` with a client for the chosen Sinch server."""

    async def run(args: argparse.Namespace, console: Console) -> int | None:
        async with sinch_session(args, console) as client:
            return await handler(client, args, console)

    return run


def add_command(
    commands: Commands,
    name: str,
    handler: Handler,
    help_text: str,
    *parents: argparse.ArgumentParser,
) -> argparse.ArgumentParser:
    parser = commands.add_parser(name, help=help_text, description=help_text,
                                 parents=list(parents))
    parser.set_defaults(handler=handler)
    return parser
