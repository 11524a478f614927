"""What every transport shares: the response value, the Protocol, the two errors."""

from __future__ import annotations

import json as _json
from collections.abc import Mapping
from typing import Any, Protocol

import attrs

from ._spec import RequestSpec

DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024
DEFAULT_TIMEOUT = 30.0  # seconds a request may take, unless its spec says otherwise


def _lower_keys(headers: Mapping[str, str]) -> Mapping[str, str]:
    return {k.lower(): v for k, v in headers.items()}


def header_names(headers: Mapping[str, str]) -> str:
    return repr(tuple(headers))


def body_size(body: bytes) -> str:
    return f"<{len(body)} bytes>"


@attrs.frozen(slots=False)  # a __dict__: from_case_insensitive fills it without calls
class Response:
    """A complete HTTP response. ``headers`` is looked up by lowercase name: its names are
    lowercased when it is built, unless it ignores case already (``from_case_insensitive``)."""

    status: int
    # A repr shows names and sizes only: a token reply carries its token in the body.
    headers: Mapping[str, str] = attrs.field(
        factory=dict, converter=_lower_keys, repr=header_names, eq=_lower_keys
    )
    body: bytes = attrs.field(default=b"", repr=body_size)

    @classmethod
    def from_case_insensitive(
        cls, status: int, headers: Mapping[str, str], body: bytes
    ) -> Response:
        """A response over a header mapping that ignores case (aiohttp's ``CIMultiDictProxy``),
        kept as it is instead of copied (about 0.6 µs a response)."""
        response = object.__new__(cls)
        fields = response.__dict__
        fields["status"] = status
        fields["headers"] = headers
        fields["body"] = body
        return response

    def json(self) -> Any:
        """Decode the body as JSON (raises ``ValueError`` when it is not JSON)."""
        return _json.loads(self.body)

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


class Transport(Protocol):
    """Carries out a :class:`RequestSpec`. Never interprets the HTTP status."""

    async def send(self, spec: RequestSpec[Any], /) -> Response: ...

    async def aclose(self) -> None: ...


class TransportError(Exception):
    """The request could not be completed (connection refused, reset, protocol error).

    ``maybe_sent`` is ``False`` only when the request certainly never left (the connection
    was never made): otherwise the server may have received it and acted on it.
    The message names the method and path only: never headers, never the body.
    """

    def __init__(
        self, message: str, *, method: str = "", path: str = "", maybe_sent: bool = True
    ) -> None:
        super().__init__(message)
        self.method = method
        self.path = path
        self.maybe_sent = maybe_sent


class TransportTimeout(TransportError):
    """The request did not complete within the transport's timeout."""


class ResponseTooLarge(TransportError):
    """The response body is larger than the transport's ``max_response_bytes``."""
