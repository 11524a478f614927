import pytest

from sinch_numbers import SinchNumbers
from sinch_numbers.fake import FakeSinchNumbers
from transports import FakeClock, FakeTransport

PROJECT, KEY_ID, KEY_SECRET = "test-project", "test-key-id", "test-key-secret"
BASE_URL = "https://numbers.sinch.test"
AUTH_URL = "https://auth.sinch.test"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def fake(clock: FakeClock) -> FakeSinchNumbers:
    return FakeSinchNumbers(clock=clock, project_id=PROJECT, key_id=KEY_ID, key_secret=KEY_SECRET)


@pytest.fixture
def transport(fake: FakeSinchNumbers) -> FakeTransport:
    return FakeTransport(fake)


@pytest.fixture
async def client(transport: FakeTransport, clock: FakeClock):
    async with SinchNumbers(
        PROJECT,
        KEY_ID,
        KEY_SECRET,
        base_url=BASE_URL,
        auth_url=AUTH_URL,
        transport=transport,
        clock=clock,
    ) as sinch:
        yield sinch
