"""Responses read as they arrive: the optional streaming capability of a transport.

A :class:`StreamingTransport` opens a request whose body is read chunk by chunk (a
Server-Sent Events stream) instead of whole. ``spec.timeout`` bounds the connection and
each wait for the next chunk, never the stream as a whole: on a stream that sends a
heartbeat every 15 s, a timeout of 45 s notices a silent server.

A fake backend answers with a :class:`StreamingResponse` to stream its body; the in-process
:class:`~transports.testing.FakeTransport` and the sandbox both carry it.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Mapping
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol, runtime_checkable

import attrs

from ._base import Response, _lower_keys, header_names
from ._spec import RequestSpec


@attrs.frozen
class StreamResponse:
    """An open response: the status and headers, and the body as ``chunks`` of bytes.
    ``headers`` is looked up by lowercase name. The chunks end when the server ends the
    body; a failure while reading raises ``TransportError`` (``TransportTimeout`` when no
    chunk came in time)."""

    status: int
    headers: Mapping[str, str] = attrs.field(converter=_lower_keys, repr=header_names)
    chunks: AsyncIterator[bytes] = attrs.field(repr=False)

    async def read(self, limit: int = 64 * 1024) -> bytes:
        """The rest of the body, up to ``limit`` bytes (an error reply's body)."""
        data = b""
        async for chunk in self.chunks:
            data += chunk
            if len(data) >= limit:
                break
        return data[:limit]


@runtime_checkable
class StreamingTransport(Protocol):
    """A transport that can also open a streamed response."""

    def stream(self, spec: RequestSpec[Any], /) -> AbstractAsyncContextManager[StreamResponse]:
        ...


@attrs.frozen(slots=False)
class StreamingResponse(Response):
    """What a fake backend's handler returns to stream its body: ``body_chunks`` is sent
    chunk by chunk as it produces them (``body`` stays empty). The carrier closes the
    iterator (if it has ``aclose``) once the client goes away."""

    body_chunks: AsyncIterable[bytes] = attrs.field(kw_only=True, repr=False)


async def close_chunks(chunks: AsyncIterable[bytes]) -> None:
    """Close a chunk source that can be closed (an async generator), now rather than when
    it is garbage-collected."""
    close = getattr(chunks, "aclose", None)
    if close is not None:
        await close()
