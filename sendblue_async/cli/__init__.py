"""The command line: ``python -m sendblue_async`` (console script ``sendblue-async``).

Without credentials in the environment a command runs against an embedded sandbox; with
``--base-url`` it talks to that server; with credentials, to the real API.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

import anyio

from sinch_numbers import ConfigurationError as SinchConfigurationError
from sinch_numbers import SinchError
from sinch_numbers import ValidationError as SinchValidationError

from ..errors import (
    ConfigurationError,
    ProvisioningFailedError,
    SendblueError,
    ValidationError,
)
from . import _accounts, _contacts, _lines, _numbers, _sandbox
from ._console import Console
from ._handlers import UsageError

__all__ = ["build_parser", "main", "run"]

USAGE_ERROR, API_ERROR = 2, 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sendblue-async", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--base-url", help="talk to this server (for example `sandbox`)")
    common.add_argument("--output", choices=("text", "json"), default="text")
    _sandbox.register(commands)
    _lines.register(commands, common)
    _accounts.register(commands, common)
    _contacts.register(commands, common)
    _numbers.register(commands, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv``, run the command, return the exit code (0 ok, 1 API, 2 usage)."""
    args = _parse(argv)
    if isinstance(args, int):
        return args
    try:
        return anyio.run(_dispatch, args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (`| head`) left: point stdout at devnull so the exit flush stays quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return API_ERROR


async def run(argv: Sequence[str]) -> int:
    """:func:`main` inside an already running event loop."""
    args = _parse(argv)
    return args if isinstance(args, int) else await _dispatch(args)


def _parse(argv: Sequence[str] | None) -> argparse.Namespace | int:
    try:
        return build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage line (or --help)
        return exc.code if isinstance(exc.code, int) else USAGE_ERROR


async def _dispatch(args: argparse.Namespace) -> int:
    console = Console(getattr(args, "output", "text"))
    try:
        code: int | None = await args.handler(args, console)
    except (ValidationError, SinchValidationError) as exc:
        console.error(f"invalid {exc}")
        return USAGE_ERROR
    except (ConfigurationError, SinchConfigurationError, UsageError) as exc:
        console.error(str(exc))
        return USAGE_ERROR
    except ProvisioningFailedError as exc:
        console.error(f"{exc} ({exc.CARD_WARNING})")
        return API_ERROR
    except (SendblueError, SinchError) as exc:
        console.error(str(exc) or type(exc).__name__)
        return API_ERROR
    return code or 0
