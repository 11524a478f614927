"""``SinchNumbers``: the async glue between pure builders, auth, a transport and the parser."""

from __future__ import annotations

import logging
import os
from types import TracebackType
from typing import Any, Literal, TypeVar

from transports import (
    Clock,
    RequestSpec,
    Response,
    SystemClock,
    Transport,
    TransportError,
    TransportTimeout,
)
from transports.retry import RetryingTransport, RetryPolicy

from . import errors
from ._auth import Auth, BasicAuth, OAuth, is_expired_token
from ._orders import NumberOrdersResource
from ._parse import parse_response
from ._resources import (
    ActiveNumbersResource,
    AvailableNumbersResource,
    CallbackConfigResource,
    EmergencyAddressResource,
    RegionsResource,
)

T = TypeVar("T")
log = logging.getLogger("sinch_numbers")

DEFAULT_BASE_URL = "https://numbers.api.sinch.com"
DEFAULT_AUTH_URL = "https://auth.sinch.com"
_DEFAULT_RETRY = RetryPolicy()


class SinchNumbers:
    """Async Sinch Numbers API client. Use as ``async with SinchNumbers(...) as sinch: ...``.

    Credentials come from the arguments or ``SINCH_PROJECT_ID`` / ``SINCH_KEY_ID`` /
    ``SINCH_KEY_SECRET``. ``auth="oauth"`` (default) trades them for bearer tokens at
    ``{auth_url}/oauth2/token``; ``auth="basic"`` sends them on every request. ``transport``
    defaults to an aiohttp transport; ``retry=None`` turns retries off.
    """

    def __init__(
        self,
        project_id: str | None = None,
        key_id: str | None = None,
        key_secret: str | None = None,
        *,
        auth: Literal["oauth", "basic"] = "oauth",
        base_url: str = DEFAULT_BASE_URL,
        auth_url: str = DEFAULT_AUTH_URL,
        transport: Transport | None = None,
        clock: Clock | None = None,
        retry: RetryPolicy | None = _DEFAULT_RETRY,
        token_refresh_margin: float = 60.0,
    ) -> None:
        if auth not in ("oauth", "basic"):
            raise errors.ConfigurationError(f"auth must be 'oauth' or 'basic', got {auth!r}")
        project_id, key_id, key_secret = _credentials(project_id, key_id, key_secret)
        self.project_id = project_id
        self.base_url = base_url
        self.clock: Clock = clock or SystemClock()
        self._owned = transport is None
        self._inner = transport if transport is not None else _default_transport()
        self._transport: Transport = (
            self._inner if retry is None else RetryingTransport(self._inner, retry, self.clock)
        )
        self._auth = _make_auth(
            auth, key_id, key_secret, auth_url, self._transport, self.clock, token_refresh_margin
        )
        self.available = AvailableNumbersResource(self)
        self.active = ActiveNumbersResource(self)
        self.emergency = EmergencyAddressResource(self)
        self.regions = RegionsResource(self)
        self.callbacks = CallbackConfigResource(self)
        self.orders = NumberOrdersResource(self)

    def __repr__(self) -> str:
        return f"SinchNumbers(project_id={self.project_id!r}, auth={self._auth!r})"

    async def __aenter__(self) -> SinchNumbers:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the transport if this client created it (a transport passed in is yours)."""
        if self._owned:
            await self._inner.aclose()

    async def call(self, spec: RequestSpec[T]) -> T:
        """Send any spec from :mod:`sinch_numbers.builders` and parse its response."""
        return parse_response(spec, await self.send(spec))

    async def send(self, spec: RequestSpec[Any]) -> Response:
        """Send a spec with authentication and return the response as it is: the status is
        not interpreted (see :meth:`call`). A failure to get any response raises
        :class:`~sinch_numbers.errors.APIConnectionError` or ``APITimeoutError``."""
        try:
            response = await self._send(spec)
        except TransportTimeout as exc:
            raise errors.APITimeoutError(str(exc)) from exc
        except TransportError as exc:
            raise errors.APIConnectionError(str(exc)) from exc
        log.debug("%s %s -> %d", spec.method, spec.path, response.status)
        return response

    async def _send(self, spec: RequestSpec[T]) -> Response:
        headers, token = await self._auth.authorize()
        response = await self._transport.send(spec.bind(self.base_url, headers))
        if token is None or not is_expired_token(response):
            return response
        # The server rejected the token before acting on the request, so sending it again
        # cannot do anything twice, even for :rent. Once per call: a second 401 is returned.
        self._auth.invalidate(token)
        if not _replayable(spec):
            return response
        headers, _ = await self._auth.authorize()
        return await self._transport.send(spec.bind(self.base_url, headers))


def _replayable(spec: RequestSpec[T]) -> bool:
    # A streamed upload was consumed by the first send: resending it would send an empty file.
    parts = spec.multipart or ()
    return all(isinstance(p.value, str | bytes | os.PathLike) for p in parts)


def _credentials(
    project_id: str | None, key_id: str | None, key_secret: str | None
) -> tuple[str, str, str]:
    project_id = project_id or os.environ.get("SINCH_PROJECT_ID")
    key_id = key_id or os.environ.get("SINCH_KEY_ID")
    key_secret = key_secret or os.environ.get("SINCH_KEY_SECRET")
    if not project_id or not key_id or not key_secret:
        raise errors.ConfigurationError(
            "Sinch credentials missing: pass project_id, key_id and key_secret or set "
            "SINCH_PROJECT_ID, SINCH_KEY_ID and SINCH_KEY_SECRET"
        )
    return project_id, key_id, key_secret


def _make_auth(
    kind: str,
    key_id: str,
    key_secret: str,
    auth_url: str,
    transport: Transport,
    clock: Clock,
    refresh_margin: float,
) -> Auth:
    if kind == "basic":
        return BasicAuth(key_id, key_secret)
    return OAuth(
        key_id,
        key_secret,
        auth_url=auth_url,
        transport=transport,
        clock=clock,
        refresh_margin=refresh_margin,
    )


def _default_transport() -> Transport:
    from transports.aiohttp import AiohttpTransport  # imported lazily: aiohttp is heavy

    return AiohttpTransport()
