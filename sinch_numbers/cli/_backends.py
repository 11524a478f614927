"""Which Sinch server a command talks to (see :func:`transports.cli.chosen_server`), and
the Sinch fake as the ``sandbox`` commands serve it."""

from __future__ import annotations

import argparse
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from transports.cli import (
    Console,
    SandboxBackend,
    UsageError,
    chosen_server,
    credentials_in_env,
    with_session,
)

from ..client import DEFAULT_AUTH_URL, DEFAULT_BASE_URL, SinchNumbers
from ..fake import FakeSinchNumbers

# The fixed test credentials of the fake: not secrets, printed by `sandbox`.
SINCH_TEST_PROJECT, SINCH_TEST_KEY_ID, SINCH_TEST_KEY_SECRET = (
    "test-project", "test-key-id", "test-key-secret",
)


def fake_sinch() -> FakeSinchNumbers:
    return FakeSinchNumbers(
        project_id=SINCH_TEST_PROJECT, key_id=SINCH_TEST_KEY_ID, key_secret=SINCH_TEST_KEY_SECRET
    )


def sandbox_backend() -> SandboxBackend:
    """The Sinch fake and its settings; ``sendblue-async sandbox`` loads it by name."""
    return SandboxBackend("Sinch", fake_sinch(), lambda base_url: [
        f"SINCH_BASE_URL={base_url}",
        f"SINCH_AUTH_URL={base_url}",
        f"SINCH_PROJECT_ID={SINCH_TEST_PROJECT}",
        f"SINCH_KEY_ID={SINCH_TEST_KEY_ID}",
        f"SINCH_KEY_SECRET={SINCH_TEST_KEY_SECRET}",
    ])


def with_auth_option(common: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """``common`` plus ``--auth-url``, for the commands that talk to a Sinch server."""
    parser = argparse.ArgumentParser(add_help=False, parents=[common])
    parser.add_argument("--auth-url", help=(
        f"where the key is traded for tokens (default: SINCH_AUTH_URL, else {DEFAULT_AUTH_URL});"
        " needed with --base-url when credentials are set, since the key secret never goes"
        " to --base-url"))
    return parser


@asynccontextmanager
async def sinch_session(args: argparse.Namespace, console: Console) -> AsyncIterator[SinchNumbers]:
    real = credentials_in_env("SINCH_PROJECT_ID", "SINCH_KEY_ID", "SINCH_KEY_SECRET")
    base_url: str | None = args.base_url or os.environ.get("SINCH_BASE_URL") or None
    auth_url: str | None = getattr(args, "auth_url", None) or os.environ.get("SINCH_AUTH_URL")
    if real and base_url is not None and not auth_url:
        raise UsageError(NEEDS_AUTH_URL)
    async with (
        chosen_server(real, base_url, fake_sinch, console) as url,
        _sinch(real, url, auth_url or None) as client,
    ):
        yield client


NEEDS_AUTH_URL = (
    "--base-url with credentials set (SINCH_KEY_ID, SINCH_KEY_SECRET) needs --auth-url or "
    "SINCH_AUTH_URL: the key secret goes only to the token URL you name, never to --base-url"
)


def _sinch(real: bool, base_url: str | None, auth_url: str | None) -> SinchNumbers:
    """Real credentials go to ``auth_url`` (as given, or Sinch's own); the fake's test
    credentials to the server at ``base_url``, which issues their tokens."""
    if real:  # the client reads the credentials from the environment itself
        return SinchNumbers(base_url=base_url or DEFAULT_BASE_URL,
                            auth_url=auth_url or DEFAULT_AUTH_URL)
    server = base_url or DEFAULT_BASE_URL  # without credentials there is always a server
    return SinchNumbers(SINCH_TEST_PROJECT, SINCH_TEST_KEY_ID, SINCH_TEST_KEY_SECRET,
                        base_url=server, auth_url=auth_url or server)


on_sinch = with_session(sinch_session)
"""Run a handler with a client for the chosen Sinch server."""
