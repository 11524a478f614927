"""Which server a command talks to: the real API (credentials in the environment), any
server at ``--base-url``, or an embedded sandbox started for this one command."""

from __future__ import annotations

import argparse
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sinch_numbers import SinchNumbers
from sinch_numbers.fake import FakeSinchNumbers
from transports.sandbox import serve

from ..client import SendblueClient
from ..errors import ConfigurationError
from ..fake import FakeSendblue
from ._console import Console

# The fixed test credentials of the fakes: not secrets, printed by `sandbox`.
SENDBLUE_TEST_KEY, SENDBLUE_TEST_SECRET = "sb-test-key", "sb-test-secret"
SINCH_TEST_PROJECT, SINCH_TEST_KEY_ID, SINCH_TEST_KEY_SECRET = (
    "test-project", "test-key-id", "test-key-secret",
)


def fake_sendblue() -> FakeSendblue:
    return FakeSendblue(api_key=SENDBLUE_TEST_KEY, api_secret=SENDBLUE_TEST_SECRET)


def fake_sinch() -> FakeSinchNumbers:
    return FakeSinchNumbers(
        project_id=SINCH_TEST_PROJECT, key_id=SINCH_TEST_KEY_ID, key_secret=SINCH_TEST_KEY_SECRET
    )


def _env(*names: str) -> tuple[str, ...] | None:
    """The values of ``names``; ``None`` when none is set; an error when only some are."""
    values = tuple(os.environ.get(name, "") for name in names)
    if all(values):
        return values
    if any(values):
        missing = ", ".join(n for n, v in zip(names, values, strict=True) if not v)
        raise ConfigurationError(f"incomplete credentials: {missing} not set")
    return None


@asynccontextmanager
async def sendblue_session(
    args: argparse.Namespace, console: Console
) -> AsyncIterator[SendblueClient]:
    credentials = _env("SENDBLUE_API_KEY", "SENDBLUE_API_SECRET")
    base_url: str | None = args.base_url or os.environ.get("SENDBLUE_BASE_URL") or None
    if credentials is None and base_url is None:
        async with serve(fake_sendblue()) as server:
            console.note(f"No credentials found: using the embedded sandbox at {server.base_url}")
            async with _sendblue(None, server.base_url) as client:
                yield client
        return
    if credentials is None:
        console.note(f"No credentials found: using the sandbox test credentials at {base_url}")
    async with _sendblue(credentials, base_url) as client:
        yield client


def _sendblue(credentials: tuple[str, ...] | None, base_url: str | None) -> SendblueClient:
    key, secret = credentials or (SENDBLUE_TEST_KEY, SENDBLUE_TEST_SECRET)
    return SendblueClient(key, secret, base_url=base_url)


@asynccontextmanager
async def sinch_session(args: argparse.Namespace, console: Console) -> AsyncIterator[SinchNumbers]:
    credentials = _env("SINCH_PROJECT_ID", "SINCH_KEY_ID", "SINCH_KEY_SECRET")
    base_url: str | None = args.base_url or os.environ.get("SINCH_BASE_URL") or None
    if credentials is None and base_url is None:
        async with serve(fake_sinch()) as server:
            console.note(f"No credentials found: using the embedded sandbox at {server.base_url}")
            async with _sinch(None, server.base_url) as client:
                yield client
        return
    if credentials is None:
        console.note(f"No credentials found: using the sandbox test credentials at {base_url}")
    async with _sinch(credentials, base_url) as client:
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
