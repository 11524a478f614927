"""What every transport shares: the response value, the Protocol, the two errors."""

from __future__ import annotations

import json as _json
from collections.abc import Mapping
from typing import Any, Protocol

import attrs

from ._spec import RequestSpec


def _lower_keys(headers: Mapping[str, str]) -> Mapping[str, str]:
    return {k.lower(): v for k, v in headers.items()}


@attrs.frozen
class Response:
    """A complete HTTP response. Header names are lowercase."""

    status: int
    headers: Mapping[str, str] = attrs.field(factory=dict, converter=_lower_keys)
    body: bytes = b""

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

    The message names the method and path only: never headers, never the body.
    """

    def __init__(self, message: str, *, method: str = "", path: str = "") -> None:
        super().__init__(message)
        self.method = method
        self.path = path


class TransportTimeout(TransportError):
    """The request did not complete within the transport's timeout."""
