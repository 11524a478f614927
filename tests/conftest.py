import pytest

from sendblue_async import SendblueClient
from sendblue_async.fake import FakeSendblue
from transports import FakeClock, FakeTransport

KEY, SECRET = "sb-test-key", "sb-test-secret"
BASE_URL = "https://sendblue.test"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def fake(clock: FakeClock) -> FakeSendblue:
    return FakeSendblue(clock=clock, api_key=KEY, api_secret=SECRET)


@pytest.fixture
def transport(fake: FakeSendblue) -> FakeTransport:
    return FakeTransport(fake)


@pytest.fixture
async def client(transport: FakeTransport, clock: FakeClock):
    async with SendblueClient(KEY, SECRET, base_url=BASE_URL, transport=transport,
                              clock=clock) as sendblue:
        yield sendblue
