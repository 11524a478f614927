"""Client namespaces for provisioning: ``client.lines`` and ``client.accounts``."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

from transports.endpoint import endpoint

from . import builders, errors
from .models import LineRequest, PreviewToken, ProvisionedLine

if TYPE_CHECKING:
    from .client import SendblueClient

PREVIEW_TOKEN_LIFETIME = 600.0


class Lines:
    """Line provisioning: preview → confirm purchases, limits, and line-request tickets."""

    def __init__(self, client: SendblueClient) -> None:
        self._client = client

    list = endpoint(builders.list_lines, pick=lambda reply: reply.numbers)
    get_limits = endpoint(builders.get_limits, pick=lambda reply: reply.limits)
    get_line_request = endpoint(builders.get_line_request, pick=lambda reply: reply.data)

    async def preview(self) -> PreviewToken:
        """Check eligibility and get a single-use token valid for at most 10 minutes."""
        clock = self._client.clock
        reply = await self._client.call(builders.provision_preview())
        received = clock.now()
        expires = min(reply.expires_at.timestamp(), received + PREVIEW_TOKEN_LIFETIME)
        return PreviewToken(reply.preview_token, expires, received, reply.message)

    async def confirm(self, token: PreviewToken) -> ProvisionedLine:
        """Buy the line (charges the card on file). The token is consumed by this call,
        whatever its outcome; an expired or used token raises before anything is sent."""
        if not isinstance(token, PreviewToken):
            raise errors.ValidationError("token", "must be a PreviewToken from lines.preview()")
        if token.used:
            raise errors.PreviewTokenUsed("this preview token was already used; call preview()")
        if self._client.clock.now() >= token.expires_at - self._client.confirm_margin:
            raise errors.PreviewTokenExpired("this preview token has expired; call preview()")
        spec = builders.provision_confirm(token.value)
        if not token._claim():
            raise errors.PreviewTokenUsed("this preview token was already used; call preview()")
        return await self._client.call(spec)

    async def provision_line(self) -> ProvisionedLine:
        """Preview and confirm in one call: buys one inbound-only line."""
        return await self.confirm(await self.preview())

    async def request_line(self, desired_area_code: str | None = None) -> LineRequest:
        """Open a line-request ticket. Deprecated for purchases: use ``provision_line()``."""
        warnings.warn(
            "request_line() uses the deprecated ticket flow; use lines.provision_line()",
            DeprecationWarning,
            stacklevel=2,
        )
        return (await self._client.call(builders.request_line(desired_area_code))).data

    async def wait_for_line_request(
        self, ticket_id: int, *, poll_interval: float = 60.0, timeout: float | None = None
    ) -> LineRequest:
        """Poll a ticket until it is FULFILLED or CANCELLED (returned, not raised).

        Raises ``LineRequestTimeout`` when ``timeout`` seconds pass first.
        """
        if poll_interval <= 0:
            raise errors.ValidationError("poll_interval", "must be positive")
        clock = self._client.clock
        started = clock.now()
        while True:
            ticket = await self.get_line_request(ticket_id)
            waited = clock.now() - started
            if ticket.is_final:
                return ticket
            if timeout is not None and waited + poll_interval > timeout:
                raise errors.LineRequestTimeout(ticket_id, waited)
            await clock.sleep(poll_interval)


class Accounts:
    """Child accounts for agency partners."""

    def __init__(self, client: SendblueClient) -> None:
        self._client = client

    available_area_codes = endpoint(
        builders.available_area_codes, pick=lambda reply: reply.data.area_codes
    )

    create_child_account = endpoint(
        builders.request_child_account, pick=lambda reply: reply.account
    )
