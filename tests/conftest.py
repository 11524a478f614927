"""Short names for the fixtures the package ships (sendblue_async.pytest_plugin)."""

import pytest

from sendblue_async import SendblueClient
from sendblue_async.fake import FakeSendblue
from sendblue_async.pytest_plugin import TEST_KEY, TEST_SECRET
from transports import FakeClock, FakeTransport

KEY, SECRET = TEST_KEY, TEST_SECRET


@pytest.fixture
def clock(sendblue_clock: FakeClock) -> FakeClock:
    return sendblue_clock


@pytest.fixture
def fake(sendblue_fake: FakeSendblue) -> FakeSendblue:
    return sendblue_fake


@pytest.fixture
def transport(sendblue_transport: FakeTransport) -> FakeTransport:
    return sendblue_transport


@pytest.fixture
def client(sendblue_client: SendblueClient) -> SendblueClient:
    return sendblue_client
