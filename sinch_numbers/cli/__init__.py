"""The Sinch Numbers command line: ``python -m sinch_numbers`` (console script
``sinch-numbers``).

Without credentials in the environment a command runs against an embedded sandbox; with
``--base-url`` it talks to that server; with credentials (``SINCH_PROJECT_ID``,
``SINCH_KEY_ID``, ``SINCH_KEY_SECRET``), to the real API. Real credentials are traded for
tokens only at ``--auth-url`` (or ``SINCH_AUTH_URL``, else Sinch's own auth server), never at
``--base-url``.
"""

from __future__ import annotations

import argparse

from transports.cli import CommandLine, Commands, ErrorExits

from . import _numbers, _sandbox
from ._backends import sandbox_backend, with_auth_option

__all__ = ["PROGRAM", "build_parser", "main", "run", "sandbox_backend"]


def _register(commands: Commands, common: argparse.ArgumentParser) -> None:
    _sandbox.register(commands)
    _numbers.register(commands, with_auth_option(common))


PROGRAM = CommandLine(
    "sinch-numbers", __doc__ or "", _register,
    ErrorExits(),
)


# Parse argv, run the command, return the exit code (0 ok, 1 API, 2 usage); ``run`` does the
# same inside an already running event loop.
build_parser, main, run = PROGRAM.build_parser, PROGRAM.main, PROGRAM.run
