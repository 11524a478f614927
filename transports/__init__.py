"""API-agnostic async runtime: request specs, transports, retries, clocks, token cache."""

from ._base import Response, Transport, TransportError, TransportTimeout
from ._spec import EncodedBody, MultipartField, RequestSpec, encode_body, path_segment, read_body
from .clock import Clock, FakeClock, SystemClock
from .fake import FakeTransport, Router, ServerRequest, json_response

__all__ = [
    "Clock",
    "EncodedBody",
    "FakeClock",
    "FakeTransport",
    "MultipartField",
    "RequestSpec",
    "Response",
    "Router",
    "ServerRequest",
    "SystemClock",
    "Transport",
    "TransportError",
    "TransportTimeout",
    "encode_body",
    "json_response",
    "path_segment",
    "read_body",
]
