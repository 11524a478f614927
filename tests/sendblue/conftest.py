"""Shared by the FakeSendblue wire-level tests: raw JSON through FakeTransport, time on a
FakeClock."""

from typing import Any

import pytest

from sendblue_async.fake import FakeSendblue
from transports import FakeTransport, RequestSpec

KEY, SECRET = "sb-test-key", "sb-test-secret"
PREVIEW, CONFIRM = "/accounts/lines/provision-preview", "/accounts/lines/provision-confirm"
ADD_LINE, TICKET = "/accounts/lines/add-line", "/accounts/lines/line-request/{}"
CHILD, CODES = "/accounts/lines/request-child-account", "/accounts/lines/available-area-codes"
DAY = 24 * 3600


class Wire:
    """Send raw requests to a fake as one account; answer ``(status, json)``."""

    def __init__(self, target: FakeSendblue | FakeTransport, key: str | None = KEY,
                 secret: str | None = SECRET) -> None:
        self.transport = target if isinstance(target, FakeTransport) else FakeTransport(target)
        self.key, self.secret = key, secret

    def as_(self, key: str | None, secret: str | None) -> "Wire":
        return Wire(self.transport, key, secret)

    async def __call__(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        headers = {"sb-api-key-id": self.key, "sb-api-secret-key": self.secret}
        headers = {k: v for k, v in headers.items() if v is not None}
        response = await self.transport.send(RequestSpec(method, path, headers=headers, json=body))
        return response.status, response.json()

    async def preview(self) -> str:
        status, body = await self("POST", PREVIEW)
        assert status == 200, body
        return str(body["preview_token"])

    async def confirm(self, token: str) -> tuple[int, Any]:
        return await self("POST", CONFIRM, {"preview_token": token})

    async def buy(self) -> tuple[int, Any]:
        return await self.confirm(await self.preview())

    async def child(self, name: str, **extra: Any) -> tuple[int, Any]:
        body = {"company_name": name, "primary_email": f"{name}@example.com", **extra}
        return await self("POST", CHILD, body)


@pytest.fixture
def wire(fake: FakeSendblue) -> Wire:
    return Wire(fake)


def error(status: int, code: str | None = None) -> tuple[int, dict[str, Any]]:
    """What to compare ``(status, body-without-message)`` with."""
    return status, {"status": "ERROR", **({"error": code} if code else {})}


def sans_message(result: tuple[int, Any]) -> tuple[int, Any]:
    status, body = result
    assert isinstance(body["message"], str) and body["message"]
    return status, {k: v for k, v in body.items() if k != "message"}
