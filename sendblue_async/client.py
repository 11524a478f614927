"""``SendblueClient``: the async glue between pure builders, a transport and the parser."""

from __future__ import annotations

import logging
import os
import time
import warnings
from types import TracebackType
from typing import TypeVar

import anyio

from transports import (
    Clock,
    RequestSpec,
    SystemClock,
    Transport,
    TransportError,
    TransportTimeout,
    lowercase_headers,
)
from transports.retry import RetryingTransport, RetryPolicy

from . import builders, errors
from ._parse import parse_response
from .contacts import Contacts, Totp, Webhooks
from .messaging import Groups, Media, Messages
from .models import (
    ChildAccount,
    LineRequest,
    PreviewToken,
    ProvisionedLine,
    ProvisioningLimits,
)

T = TypeVar("T")
log = logging.getLogger("sendblue_async")

DEFAULT_BASE_URL = "https://api.sendblue.co"
PREVIEW_TOKEN_LIFETIME = 600.0
_DEFAULT_RETRY = RetryPolicy()


class SendblueClient:
    """Async Sendblue client. Use as ``async with SendblueClient() as client: ...``.

    Credentials come from the arguments or ``SENDBLUE_API_KEY`` / ``SENDBLUE_API_SECRET``;
    the base URL from ``base_url`` or ``SENDBLUE_BASE_URL``. ``transport`` defaults to an
    aiohttp transport; ``retry=None`` turns retries off. ``confirm_margin`` is how long before
    expiry a preview token is already treated as expired (the confirm must land in time).
    """

    def __init__(
        self,
        api_key: str | None = None,
        api_secret: str | None = None,
        *,
        base_url: str | None = None,
        transport: Transport | None = None,
        clock: Clock | None = None,
        retry: RetryPolicy | None = _DEFAULT_RETRY,
        confirm_margin: float = 5.0,
    ) -> None:
        key = api_key if api_key is not None else os.environ.get("SENDBLUE_API_KEY")
        secret = api_secret if api_secret is not None else os.environ.get("SENDBLUE_API_SECRET")
        if not key or not secret:
            raise errors.ConfigurationError(
                "Sendblue credentials missing: pass api_key and api_secret or set "
                "SENDBLUE_API_KEY and SENDBLUE_API_SECRET"
            )
        self._auth = lowercase_headers({"sb-api-key-id": key, "sb-api-secret-key": secret})
        self.base_url = (base_url or os.environ.get("SENDBLUE_BASE_URL") or DEFAULT_BASE_URL)
        self.clock: Clock = clock or SystemClock()
        self.confirm_margin = confirm_margin
        self._owned = transport is None
        inner = transport if transport is not None else _default_transport()
        self._inner = inner
        self._transport: Transport = (
            inner if retry is None else RetryingTransport(inner, retry, self.clock)
        )
        self.lines = Lines(self)
        self.accounts = Accounts(self)
        self.contacts = Contacts(self)
        self.webhooks = Webhooks(self)
        self.totp = Totp(self)
        self.messages = Messages(self)
        self.groups = Groups(self)
        self.media = Media(self)

    def __repr__(self) -> str:
        return f"SendblueClient(base_url={self.base_url!r})"

    async def __aenter__(self) -> SendblueClient:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the transport if this client created it (a transport passed in is yours)."""
        if self._owned:
            await self._inner.aclose()

    async def call(self, spec: RequestSpec[T]) -> T:
        """Send any spec from :mod:`sendblue_async.builders` and parse its response."""
        bound = spec.bind(self.base_url, self._auth)
        debug = log.isEnabledFor(logging.DEBUG)
        started = time.perf_counter() if debug else 0.0
        try:
            response = await self._transport.send(bound)
        except TransportTimeout as exc:
            raise errors.APITimeoutError(str(exc)) from exc
        except TransportError as exc:
            raise errors.APIConnectionError(str(exc)) from exc
        if debug:
            elapsed = (time.perf_counter() - started) * 1000
            log.debug("%s %s -> %d (%.1f ms)", spec.method, spec.path, response.status, elapsed)
        return parse_response(spec, response)


    async def call_to_completion(self, spec: RequestSpec[T]) -> T:
        """Like :meth:`call`, but shielded from cancellation: for calls that buy or create
        something, whose result must reach the caller. A cancellation that arrives meanwhile
        takes effect at the caller's next checkpoint, after the result is returned."""
        with anyio.CancelScope(shield=True):
            result = await self.call(spec)
        return result


class Lines:
    """Line provisioning: preview → confirm purchases, limits, and line-request tickets."""

    def __init__(self, client: SendblueClient) -> None:
        self._client = client

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
        return await self._client.call_to_completion(spec)

    async def provision_line(self) -> ProvisionedLine:
        """Preview and confirm in one call: buys one inbound-only line."""
        return await self.confirm(await self.preview())

    async def list(self) -> tuple[str, ...]:
        """The numbers this account can send from (``GET /api/lines``)."""
        return (await self._client.call(builders.list_lines())).numbers

    async def get_limits(self) -> ProvisioningLimits:
        return (await self._client.call(builders.get_limits())).limits

    async def request_line(self, desired_area_code: str | None = None) -> LineRequest:
        """Open a line-request ticket. Deprecated for purchases: use ``provision_line()``."""
        warnings.warn(
            "request_line() uses the deprecated ticket flow; use lines.provision_line()",
            DeprecationWarning,
            stacklevel=2,
        )
        return (await self._client.call(builders.request_line(desired_area_code))).data

    async def get_line_request(self, ticket_id: int) -> LineRequest:
        return (await self._client.call(builders.get_line_request(ticket_id))).data

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

    async def create_child_account(
        self,
        company_name: str,
        primary_email: str,
        *,
        provision_line: bool,
        desired_area_code: str | None = None,
        user: str | None = None,
        email: str | None = None,
    ) -> ChildAccount:
        """Create a child account. A ``PARTIAL`` outcome (account created, line assignment
        failed) is returned with ``partial=True``: its one-time credentials are in it."""
        spec = builders.request_child_account(
            company_name, primary_email, provision_line=provision_line,
            desired_area_code=desired_area_code, user=user, email=email,
        )
        return (await self._client.call_to_completion(spec)).account

    async def available_area_codes(self) -> tuple[str, ...]:
        return (await self._client.call(builders.available_area_codes())).data.area_codes


def _default_transport() -> Transport:
    from transports.aiohttp import AiohttpTransport  # imported lazily: aiohttp is heavy

    return AiohttpTransport()
