import json

import pytest

from sinch_numbers import SinchNumbers
from sinch_numbers.fake import FakeSinchNumbers
from transports import FakeClock, FakeTransport, RequestSpec, Response

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


async def send(client, method: str, path: str, **kwargs) -> Response:
    """A raw, authenticated request to the fake (past the client's own validation)."""
    return await client.send(RequestSpec(method, f"/v1/projects/{PROJECT}{path}", **kwargs))


def violation(response: Response) -> tuple[int, str, str]:
    """``(HTTP status, error.status, field)`` of a one-violation error reply."""
    error = json.loads(response.body)["error"]
    assert set(error) == {"code", "message", "status", "details"}
    assert error["code"] == response.status
    [detail] = error["details"]
    [item] = detail["fieldViolations"]
    assert detail["type"] == "BadRequest" and item["description"]
    return response.status, error["status"], item["field"]


def bad(field: str) -> tuple[int, str, str]:
    return 400, "INVALID_ARGUMENT", field
