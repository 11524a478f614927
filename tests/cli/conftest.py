"""CLI tests run in process (``main`` / ``run``) against embedded or served fakes."""

from collections.abc import AsyncIterator

import pytest

from sendblue_async.fake import FakeSendblue
from sinch_numbers.fake import FakeSinchNumbers
from transports.testing.sandbox import serve

CREDENTIAL_VARS = (
    "SENDBLUE_API_KEY", "SENDBLUE_API_SECRET", "SENDBLUE_BASE_URL",
    "SINCH_PROJECT_ID", "SINCH_KEY_ID", "SINCH_KEY_SECRET", "SINCH_BASE_URL", "SINCH_AUTH_URL",
)


@pytest.fixture(autouse=True)
def no_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the developer's shell holds, a test starts with no credentials."""
    for name in CREDENTIAL_VARS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
async def sendblue() -> AsyncIterator[tuple[FakeSendblue, str]]:
    fake = FakeSendblue(ticket_fulfil_after=0.05)
    async with serve(fake) as server:
        yield fake, server.base_url


@pytest.fixture
async def sinch() -> AsyncIterator[tuple[FakeSinchNumbers, str]]:
    fake = FakeSinchNumbers()
    async with serve(fake) as server:
        yield fake, server.base_url
