"""``SendblueClient``: the async glue between pure builders, a transport and the parser."""

from __future__ import annotations

import logging
import os
import time
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

from . import errors
from ._parse import parse_response
from .contacts import Contacts, Totp, Webhooks
from .messaging import Groups, Media, Messages
from .provisioning import Accounts, Lines

T = TypeVar("T")
log = logging.getLogger("sendblue_async")

DEFAULT_BASE_URL = "https://api.sendblue.co"
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


def _default_transport() -> Transport:
    from transports.aiohttp import AiohttpTransport  # imported lazily: aiohttp is heavy

    return AiohttpTransport()
