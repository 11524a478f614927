"""An in-memory transport: :class:`FakeTransport` hands each request to a fake backend
(a :data:`~transports.testing.router.Handler`) in process, and can script failures.
"""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

import anyio
import attrs

from .._base import DEFAULT_TIMEOUT, Response, TransportError, TransportTimeout
from .._spec import RequestSpec, encode_body, read_body
from ..streaming import StreamingResponse, StreamResponse, close_chunks
from .router import Handler, ServerRequest


@attrs.frozen
class Fault:
    """A scripted failure. ``after_server``: the server handles the request, the reply is lost."""

    status: int | None = None
    headers: Mapping[str, str] = attrs.field(factory=dict)
    body: bytes = b""
    timeout: bool = False
    connection_error: bool = False
    after_server: bool = False


class InjectedFault(Exception):
    """Raised by a handler to fail the connection as ``fault`` says (a reset or a stall).

    Each carrier renders it in its own medium: :class:`FakeTransport` raises
    ``TransportError`` / ``TransportTimeout``, the sandbox drops the connection.
    """

    def __init__(self, fault: Fault) -> None:
        super().__init__(fault)
        self.fault = fault


async def to_server_request(spec: RequestSpec[Any]) -> ServerRequest:
    """Render a spec into the request a server would receive."""
    encoded = encode_body(spec)
    headers = dict(spec.headers)
    if encoded.content_type and "content-type" not in headers:
        headers["content-type"] = encoded.content_type
    return ServerRequest(
        spec.method.upper(), spec.path, spec.query, headers, await read_body(encoded)
    )


class FakeTransport:
    """A :class:`~transports.Transport` that hands each request to an in-process handler.

    A handler that raises :class:`InjectedFault` fails the send with ``TransportError`` or
    ``TransportTimeout`` (see :mod:`transports.testing.faults`).
    """

    def __init__(self, handler: Handler) -> None:
        self._handler = handler
        self._faults: deque[Fault] = deque()
        self.requests: list[ServerRequest] = []
        self.closed = False

    def fail_next(
        self,
        status: int | None = None,
        *,
        headers: Mapping[str, str] | None = None,
        body: bytes = b"",
        timeout: bool = False,
        connection_error: bool = False,
        after_server: bool = False,
        times: int = 1,
    ) -> None:
        """Script the next ``times`` sends to fail with a status, a timeout or a reset."""
        if [status is not None, timeout, connection_error].count(True) != 1:
            raise ValueError("give exactly one of status, timeout, connection_error")
        fault = Fault(status, headers or {}, body, timeout, connection_error, after_server)
        self._faults.extend([fault] * times)

    async def send(self, spec: RequestSpec[Any]) -> Response:
        if self.closed:
            raise TransportError("transport is closed", method=spec.method, path=spec.path)
        request = await to_server_request(spec)
        fault = self._faults.popleft() if self._faults else None
        if fault is not None and not fault.after_server:
            return _raise_or_respond(fault, spec)
        self.requests.append(request)
        try:
            response = await self._handler(request)
        except InjectedFault as injected:
            return _raise_or_respond(injected.fault, spec)
        return response if fault is None else _raise_or_respond(fault, spec)

    @asynccontextmanager
    async def stream(self, spec: RequestSpec[Any]) -> AsyncIterator[StreamResponse]:
        """:meth:`send`, with the body handed over chunk by chunk: a handler's
        :class:`~transports.streaming.StreamingResponse` as it produces it, any other reply
        as one chunk. ``spec.timeout`` bounds each wait for a chunk."""
        response = await self.send(spec)
        if not isinstance(response, StreamingResponse):
            yield StreamResponse(response.status, response.headers, _one(response.body))
            return
        source = response.body_chunks
        timeout = spec.timeout or DEFAULT_TIMEOUT
        try:
            yield StreamResponse(response.status, response.headers,
                                 _timed(aiter(source), timeout, spec))
        finally:
            await close_chunks(source)

    async def aclose(self) -> None:
        self.closed = True


async def _one(body: bytes) -> AsyncIterator[bytes]:
    if body:
        yield body


async def _timed(
    source: AsyncIterator[bytes], timeout: float, spec: RequestSpec[Any]
) -> AsyncIterator[bytes]:
    while True:
        with anyio.move_on_after(timeout) as waited:
            try:
                chunk = await anext(source)
            except StopAsyncIteration:
                return
            except InjectedFault as injected:  # the handler cut the stream
                _raise_or_respond(injected.fault, spec)
                raise TransportError(f"{spec.method} {spec.path}: stream cut",
                                     method=spec.method, path=spec.path) from None
        if waited.cancelled_caught:
            raise TransportTimeout(f"{spec.method} {spec.path} timed out",
                                   method=spec.method, path=spec.path)
        yield chunk


def _raise_or_respond(fault: Fault, spec: RequestSpec[Any]) -> Response:
    if fault.timeout:
        raise TransportTimeout(
            f"{spec.method} {spec.path} timed out", method=spec.method, path=spec.path
        )
    if fault.connection_error:
        raise TransportError(
            f"{spec.method} {spec.path}: connection reset", method=spec.method, path=spec.path
        )
    assert fault.status is not None
    return Response(fault.status, fault.headers, fault.body)
