"""The command line: ``python -m sendblue_async`` (console script ``sendblue-async``).

Without credentials in the environment a command runs against an embedded sandbox; with
``--base-url`` it talks to that server; with credentials, to the real API. The Sinch
Numbers commands have a console script of their own, ``sinch-numbers``.
"""

from __future__ import annotations

import argparse

from transports.cli import CommandLine, Commands, ErrorExits

from ..errors import ProvisioningFailedError
from . import _accounts, _contacts, _lines, _listen, _sandbox

__all__ = ["PROGRAM", "build_parser", "main", "run"]


def _register(commands: Commands, common: argparse.ArgumentParser) -> None:
    _sandbox.register(commands, common)
    _lines.register(commands, common)
    _accounts.register(commands, common)
    _contacts.register(commands, common)
    _listen.register(commands, common)


def _describe(exc: Exception) -> str:
    if isinstance(exc, ProvisioningFailedError):
        return f"{exc} ({exc.CARD_WARNING})"
    return str(exc) or type(exc).__name__


PROGRAM = CommandLine(
    "sendblue-async", __doc__ or "", _register,
    ErrorExits(describe=_describe),
)


# Parse argv, run the command, return the exit code (0 ok, 1 API, 2 usage); ``run`` does the
# same inside an already running event loop.
build_parser, main, run = PROGRAM.build_parser, PROGRAM.main, PROGRAM.run
