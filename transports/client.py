"""The one client core: each API client is a configuration of it.

It owns what every client does the same way: credentials from arguments or the environment,
the transport (created or given, and closed only when created), the retry wrapper,
authentication, ``send`` (a spec to a raw response, transport failures mapped to the API
package's errors) and ``call`` (``send`` then the package's parser), and ``async with``.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from types import TracebackType
from typing import Any, Self, TypeVar

import attrs

from ._base import (
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_TIMEOUT,
    Response,
    ResponseTooLarge,
    Transport,
    TransportError,
    TransportTimeout,
)
from ._spec import RequestSpec
from .auth import Auth, is_expired_token
from .clock import Clock, SystemClock
from .completion import Completions, OnUnclaimed, Unclaimed
from .errors import (
    APIConnectionError,
    APITimeoutError,
    ConfigurationError,
    OutcomeUnknownError,
    ResponseTooLargeError,
)
from .parse import Parser
from .retry import RetryingTransport, RetryPolicy
from .streaming import StreamingTransport, StreamResponse

__all__ = [
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_RETRY",
    "APIProfile",
    "ClientCore",
    "credentials",
    "default_transport",
]

T = TypeVar("T")
DEFAULT_RETRY = RetryPolicy()
_UNSENDABLE = re.compile(r"[\x00-\x1f\x7f]")


@attrs.frozen
class APIProfile:
    """What makes the core one API's client: its parser, the errors a failed transport
    becomes, and the logger its calls are logged to (at DEBUG, never with credentials)."""

    parser: Parser
    timeout_error: type[APITimeoutError]
    connection_error: type[APIConnectionError]
    too_large_error: type[ResponseTooLargeError]
    outcome_unknown_error: type[OutcomeUnknownError]
    logger: logging.Logger


class ClientCore:
    """A base URL, an :class:`~transports.auth.Auth` and a transport, driven by an API's
    :class:`APIProfile`. ``transport`` defaults to an aiohttp transport owned (and closed)
    by the client, reading no response body over ``max_response_bytes``; ``retry=None``
    turns retries off.

    A spec that buys, creates or sends something (``spec.creates``) runs to completion
    whatever happens to its caller: a result the caller did not wait for is appended to
    :attr:`unclaimed` and passed to ``on_unclaimed``; ``aclose`` waits for such calls."""

    def __init__(
        self,
        api: APIProfile,
        *,
        base_url: str,
        auth: Auth,
        transport: Transport | None = None,
        clock: Clock | None = None,
        retry: RetryPolicy | None = DEFAULT_RETRY,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        on_unclaimed: OnUnclaimed | None = None,
    ) -> None:
        self.base_url = base_url
        self.clock: Clock = clock or SystemClock()
        self._api = api
        self._completions = Completions(self.clock, api.logger, on_unclaimed)
        self._tries = 1 + (retry.max_retries if retry is not None else 0)
        self._parse = api.parser.parse
        self._owned = transport is None
        self._inner = (
            transport if transport is not None else default_transport(max_response_bytes)
        )
        self._transport: Transport = (
            self._inner if retry is None else RetryingTransport(self._inner, retry, self.clock)
        )
        auth.attach(self._transport, self.clock)
        self._auth = auth
        self._static_headers = auth.static_headers

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    @property
    def unclaimed(self) -> list[Unclaimed]:
        """Results of creating calls whose callers stopped waiting, newest last."""
        return self._completions.unclaimed

    async def aclose(self) -> None:
        """Wait for the creating calls in flight, then close the transport if this client
        created it (a transport passed in is yours)."""
        await self._completions.wait()
        if self._owned:
            await self._inner.aclose()

    async def call(self, spec: RequestSpec[T]) -> T:
        """Send any spec from the package's builders and parse its response into the model
        (a non-2xx status raises the package's typed error)."""
        if spec.creates is not None:
            limit = (spec.timeout or DEFAULT_TIMEOUT) * self._tries
            return await self._completions.run(spec.creates, self._call(spec), limit)
        return self._parse(spec, await self.send(spec))

    async def _call(self, spec: RequestSpec[T]) -> T:
        return self._parse(spec, await self.send(spec))

    async def send(self, spec: RequestSpec[Any]) -> Response:
        """Send a spec with authentication and return the response as it is: the status is
        not interpreted (see :meth:`call`). A failure to get any response raises the
        package's ``APIConnectionError`` or ``APITimeoutError``."""
        log = self._api.logger
        debug = log.isEnabledFor(logging.DEBUG)
        started = time.perf_counter() if debug else 0.0
        try:
            if self._static_headers is not None:
                bound = spec.bind(self.base_url, self._static_headers)
                response = await self._transport.send(bound)
            else:
                response = await self._send_with_token(spec)
        except TransportError as exc:
            raise self._failure(spec, exc) from exc
        if debug:
            elapsed = (time.perf_counter() - started) * 1000
            log.debug("%s %s -> %d (%.1f ms)", spec.method, spec.path, response.status, elapsed)
        return response

    @asynccontextmanager
    async def open_stream(self, spec: RequestSpec[Any]) -> AsyncIterator[StreamResponse]:
        """Open a streamed response with authentication, for as long as the block lasts.
        Nothing is retried and the status is not interpreted: a stream's reader decides
        when to reconnect. Transport failures raise ``TransportError`` as they are. The
        transport must be a :class:`~transports.streaming.StreamingTransport`."""
        transport = self._inner
        if not isinstance(transport, StreamingTransport):
            raise TypeError(f"{type(transport).__name__} cannot stream responses")
        headers = self._static_headers
        if headers is None:
            headers, _ = await self._auth.authorize()
        async with transport.stream(spec.bind(self.base_url, headers)) as response:
            yield response

    def _failure(self, spec: RequestSpec[Any], exc: TransportError) -> Exception:
        api, detail = self._api, str(exc)
        if spec.creates is not None and exc.maybe_sent:
            return api.outcome_unknown_error(spec.creates.operation, detail, spec.creates.check)
        if isinstance(exc, TransportTimeout):
            return api.timeout_error(detail)
        if isinstance(exc, ResponseTooLarge):
            return api.too_large_error(detail)
        return api.connection_error(detail)

    async def _send_with_token(self, spec: RequestSpec[Any]) -> Response:
        headers, token = await self._auth.authorize()
        response = await self._transport.send(spec.bind(self.base_url, headers))
        if token is None or not is_expired_token(response):
            return response
        # The server rejected the token before acting on the request, so sending it again
        # cannot do anything twice, even for a purchase. Once per call: a second 401 is
        # returned as it is.
        self._auth.invalidate(token)
        if not spec.is_replayable:
            return response
        headers, _ = await self._auth.authorize()
        return await self._transport.send(spec.bind(self.base_url, headers))


def credentials(
    api: str, settings: Mapping[str, tuple[str | None, str]], error: type[ConfigurationError]
) -> tuple[str, ...]:
    """Each setting from its argument, else its environment variable (``{argument name:
    (value, variable)}``). A missing one, or one a header cannot carry (CR, LF, NUL or another
    control character), raises ``error`` naming the settings, never their values."""
    values = tuple(
        value if value is not None else os.environ.get(variable, "")
        for value, variable in settings.values()
    )
    if not all(values):
        names, variables = _listing(settings), _listing(v for _, v in settings.values())
        raise error(f"{api} credentials missing: pass {names} or set {variables}")
    for name, value in zip(settings, values, strict=True):
        if _UNSENDABLE.search(value):
            raise error(f"{api} credential {name} contains a control character (CR, LF, NUL...)")
    return values


def _listing(names: Any) -> str:
    *first, last = names
    return f"{', '.join(first)} and {last}" if first else last


def default_transport(max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES) -> Transport:
    from .aiohttp import AiohttpTransport  # imported lazily: aiohttp is heavy

    return AiohttpTransport(max_response_bytes=max_response_bytes)
