"""What the fake does as a sandbox: the admin route that injects an inbound message, and
the webhook deliveries that run for as long as it is served."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from transports import Response, ServerRequest, Transport
from transports.testing.delivery import DELIVERY_TIMEOUT, Deliverer

from ._message_state import MessageState, content_problem, is_e164
from ._records import FakeAccount
from ._wire import bad_request, ok

INBOUND_ROUTE = "/_sandbox/inbound"
AdminHandler = Callable[[ServerRequest], Response]


def _inbound_problem(body: dict[str, Any]) -> str | None:
    if not is_e164(body.get("number")):
        return "number is required and must be in E.164 format"
    if (problem := content_problem(body)) is not None:
        return problem
    line = body.get("sendblue_number")
    if line is not None and not is_e164(line):
        return "sendblue_number must be in E.164 format"
    return None


class SandboxRoutes(MessageState):
    @asynccontextmanager
    async def delivering(self, transport: Transport) -> AsyncIterator[Deliverer]:
        """Deliver this fake's webhooks through ``transport`` for the block (the transport
        stays open: it is the caller's)."""
        async with Deliverer(self.outbox, transport).running() as deliverer:
            yield deliverer

    @asynccontextmanager
    async def lifespan(self) -> AsyncIterator[None]:
        """What the sandbox server runs while it serves this fake: webhook deliveries over
        real HTTP."""
        from transports.aiohttp import AiohttpTransport  # aiohttp only when served

        transport = AiohttpTransport(timeout=DELIVERY_TIMEOUT)
        async with transport, self.delivering(transport):
            yield

    def _admin_routes(self) -> list[tuple[str, str, AdminHandler]]:
        return [("POST", INBOUND_ROUTE, self._on_inject_inbound)]

    def _on_inject_inbound(self, request: ServerRequest) -> Response:
        try:
            body = request.json()
        except (ValueError, RecursionError):  # RecursionError: nested too deeply
            return bad_request("Malformed JSON body")
        if not isinstance(body, dict):
            return bad_request("Request body must be a JSON object")
        problem = _inbound_problem(body)
        owner = self._line_owner(body.get("sendblue_number")) if problem is None else None
        if owner is None:
            return bad_request(problem or "sendblue_number is not a line of this sandbox")
        record = self.receive_message(
            body["number"], body.get("content"), to_number=body.get("sendblue_number"),
            media_url=body.get("media_url"), account=owner,
        )
        return ok({"data": record.wire(camel_email=True)})

    def _line_owner(self, line: str | None) -> FakeAccount | None:
        """The account a line belongs to; the shared line (or none given): the primary."""
        if line is None or line == self.shared_line:
            return self.account
        owners = (a for a in self.accounts.values() for r in a.lines if r.phone_number == line)
        return next(owners, None)
