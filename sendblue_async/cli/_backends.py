"""Which Sendblue server a command talks to (see :func:`transports.cli.chosen_server`),
and the Sendblue fake as the ``sandbox`` command serves it."""

from __future__ import annotations

import argparse
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from transports.cli import (
    Console,
    SandboxBackend,
    chosen_server,
    credentials_in_env,
    with_session,
)

from ..client import SendblueClient
from ..fake import FakeSendblue

# The fixed test credentials of the fake: not secrets, printed by `sandbox`.
SENDBLUE_TEST_KEY, SENDBLUE_TEST_SECRET = "sb-test-key", "sb-test-secret"


def fake_sendblue() -> FakeSendblue:
    return FakeSendblue(api_key=SENDBLUE_TEST_KEY, api_secret=SENDBLUE_TEST_SECRET)


def sandbox_backend() -> SandboxBackend:
    return SandboxBackend("Sendblue", fake_sendblue(), lambda base_url: [
        f"SENDBLUE_BASE_URL={base_url}",
        f"SENDBLUE_API_KEY={SENDBLUE_TEST_KEY}",
        f"SENDBLUE_API_SECRET={SENDBLUE_TEST_SECRET}",
    ])


@asynccontextmanager
async def sendblue_session(
    args: argparse.Namespace, console: Console
) -> AsyncIterator[SendblueClient]:
    real = credentials_in_env("SENDBLUE_API_KEY", "SENDBLUE_API_SECRET")
    base_url: str | None = args.base_url or os.environ.get("SENDBLUE_BASE_URL") or None
    async with (
        chosen_server(real, base_url, fake_sendblue, console) as url,
        _sendblue(real, url) as client,
    ):
        yield client


def _sendblue(real: bool, base_url: str | None) -> SendblueClient:
    if real:  # the client reads the credentials from the environment itself
        return SendblueClient(base_url=base_url)
    return SendblueClient(SENDBLUE_TEST_KEY, SENDBLUE_TEST_SECRET, base_url=base_url)


on_sendblue = with_session(sendblue_session)
"""Run a handler with a client for the chosen Sendblue server."""
