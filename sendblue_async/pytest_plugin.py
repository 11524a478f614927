"""Pytest fixtures for testing code that uses this SDK, registered as a pytest plugin.

``sendblue_clock`` (a ``FakeClock``), ``sendblue_fake`` (a ``FakeSendblue`` on that clock),
``sendblue_transport`` (a ``FakeTransport`` serving it) and ``sendblue_client`` (a
``SendblueClient`` wired to the fake in process). Every fixture is a plain one, so they
work under pytest-asyncio in strict or auto mode and under anyio's plugin alike.
"""

from __future__ import annotations

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
def sendblue_client(sendblue_transport: FakeTransport, sendblue_clock: FakeClock) -> SendblueClient:
    """A client of the fake. Its transport is in process and not the client's own, so there
    is nothing to close: the fixture needs no event loop."""
    return SendblueClient(
        TEST_KEY, TEST_SECRET, base_url="https://sendblue.fake",
        transport=sendblue_transport, clock=sendblue_clock,
    )
