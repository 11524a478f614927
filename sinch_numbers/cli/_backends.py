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
    chosen_server,
    env_credentials,
    with_session,
)

from ..client import SinchNumbers
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
        f"SINCH_PROJECT_ID={SINCH_TEST_PROJECT}",
        f"SINCH_KEY_ID={SINCH_TEST_KEY_ID}",
        f"SINCH_KEY_SECRET={SINCH_TEST_KEY_SECRET}",
    ])


@asynccontextmanager
async def sinch_session(args: argparse.Namespace, console: Console) -> AsyncIterator[SinchNumbers]:
    credentials = env_credentials("SINCH_PROJECT_ID", "SINCH_KEY_ID", "SINCH_KEY_SECRET")
    base_url: str | None = args.base_url or os.environ.get("SINCH_BASE_URL") or None
    async with (
        chosen_server(credentials, base_url, fake_sinch, console) as url,
        _sinch(credentials, url) as client,
    ):
        yield client


def _sinch(credentials: tuple[str, ...] | None, base_url: str | None) -> SinchNumbers:
    project, key_id, key_secret = credentials or (
        SINCH_TEST_PROJECT, SINCH_TEST_KEY_ID, SINCH_TEST_KEY_SECRET,
    )
    if base_url is None:
        return SinchNumbers(project, key_id, key_secret)
    # A custom server (the sandbox) also issues the OAuth tokens, unless told otherwise.
    auth_url = os.environ.get("SINCH_AUTH_URL") or base_url
    return SinchNumbers(project, key_id, key_secret, base_url=base_url, auth_url=auth_url)


on_sinch = with_session(sinch_session)
"""Run a handler with a client for the chosen Sinch server."""
