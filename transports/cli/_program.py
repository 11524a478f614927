"""An argparse program on anyio: subcommands, one-line errors and exit codes.

Exit codes: 0 success, 1 an API error (or a command that reports failure), 2 a usage error
(bad arguments, bad input, incomplete configuration), 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import TypeAlias, TypeVar

import anyio
import attrs

from .. import errors
from ._console import Console

API_ERROR, USAGE_ERROR, INTERRUPTED = 1, 2, 130

# A handler returns its exit code, or None for success.
Handler = Callable[[argparse.Namespace, Console], Awaitable[int | None]]
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
Register = Callable[[Commands, argparse.ArgumentParser], None]
Errors = tuple[type[Exception], ...]
C = TypeVar("C")
# A handler that needs a client, and what opens one for a command's arguments.
ClientHandler = Callable[[C, argparse.Namespace, Console], Awaitable[int | None]]
Session = Callable[[argparse.Namespace, Console], AbstractAsyncContextManager[C]]


class UsageError(Exception):
    """A bad argument the parser cannot check (exit code 2)."""


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


def with_session(session: Session[C]) -> Callable[[ClientHandler[C]], Handler]:
    """Turn handlers that take a client into plain handlers: ``session`` opens the client
    (and whatever server it talks to) around each run."""

    def wrap(handler: ClientHandler[C]) -> Handler:
        async def run(args: argparse.Namespace, console: Console) -> int | None:
            async with session(args, console) as client:
                return await handler(client, args, console)

        return run

    return wrap


def _describe(exc: Exception) -> str:
    return str(exc) or type(exc).__name__


@attrs.frozen
class ErrorExits:
    """How exceptions end a command: ``invalid`` (bad input, printed as ``invalid ...``) and
    ``usage`` exit 2, ``api`` exits 1 with ``describe(exc)``. By default, the shared bases
    of every API package's errors."""

    invalid: Errors = (errors.ValidationError,)
    usage: Errors = (errors.ConfigurationError,)
    api: Errors = (errors.SDKError,)
    describe: Callable[[Exception], str] = _describe


@attrs.frozen
class CommandLine:
    """A program: ``register`` adds the subcommands (given the options every command takes:
    ``--base-url`` and ``--output``); ``errors`` says how exceptions end a command."""

    prog: str
    description: str
    register: Register
    errors: ErrorExits

    def build_parser(self) -> argparse.ArgumentParser:
        parser = argparse.ArgumentParser(prog=self.prog, description=self.description,
                                         formatter_class=argparse.RawDescriptionHelpFormatter)
        commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
        common = argparse.ArgumentParser(add_help=False)
        common.add_argument("--base-url", help="talk to this server (for example `sandbox`)")
        common.add_argument("--output", choices=("text", "json"), default="text")
        self.register(commands, common)
        return parser

    def main(self, argv: Sequence[str] | None = None) -> int:
        """Parse ``argv``, run the command, return the exit code."""
        args = self._parse(argv)
        if isinstance(args, int):
            return args
        try:
            return anyio.run(self._dispatch, args)
        except KeyboardInterrupt:
            return INTERRUPTED
        except BrokenPipeError:
            # The reader (`| head`) left: point stdout at devnull so the exit flush stays quiet.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return API_ERROR

    async def run(self, argv: Sequence[str]) -> int:
        """:meth:`main` inside an already running event loop."""
        args = self._parse(argv)
        return args if isinstance(args, int) else await self._dispatch(args)

    def _parse(self, argv: Sequence[str] | None) -> argparse.Namespace | int:
        try:
            return self.build_parser().parse_args(argv)
        except SystemExit as exc:  # argparse has printed the usage line (or --help)
            return exc.code if isinstance(exc.code, int) else USAGE_ERROR

    async def _dispatch(self, args: argparse.Namespace) -> int:
        console = Console(getattr(args, "output", "text"))
        usage: Errors = (*self.errors.usage, UsageError)
        try:
            code: int | None = await args.handler(args, console)
        except self.errors.invalid as exc:
            console.error(f"invalid {exc}")
            return USAGE_ERROR
        except usage as exc:
            console.error(str(exc))
            return USAGE_ERROR
        except self.errors.api as exc:
            console.error(self.errors.describe(exc))
            return API_ERROR
        return code or 0
