"""Pytest fixtures for testing code that uses this SDK, registered as a pytest plugin.

``sendblue_clock`` (a ``FakeClock``), ``sendblue_fake`` (a ``FakeSendblue`` on that clock),
``sendblue_transport`` (a ``FakeTransport`` serving it) and ``sendblue_client`` (a
``SendblueClient`` wired to the fake in process). Async fixtures
need pytest-asyncio (or anyio's plugin) in the project that uses them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from transports import FakeClock, FakeTransport

from .client import SendblueClient
from .fake import FakeSendblue

TEST_KEY, TEST_SECRET = "sb-test-key", "sb-test-secret"


@pytest.fixture
def sendblue_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sendblue_fake(sendblue_clock: FakeClock) -> FakeSendblue:
    return FakeSendblue(clock=sendblue_clock, api_key=TEST_KEY, api_secret=TEST_SECRET)


@pytest.fixture
def sendblue_transport(sendblue_fake: FakeSendblue) -> FakeTransport:
    """The in-process transport; ``fail_next(...)`` on it scripts faults."""
    return FakeTransport(sendblue_fake)


@pytest.fixture
async def sendblue_client(
    sendblue_transport: FakeTransport, sendblue_clock: FakeClock
) -> AsyncIterator[SendblueClient]:
    async with SendblueClient(
        TEST_KEY, TEST_SECRET, base_url="https://sendblue.fake",
        transport=sendblue_transport, clock=sendblue_clock,
    ) as client:
        yield client
