"""API-agnostic async runtime: request specs, transports, retries, clocks, token cache."""

from ._base import Response, Transport, TransportError, TransportTimeout
from ._spec import (
    EncodedBody,
    MultipartField,
    RequestSpec,
    encode_body,
    lowercase_headers,
    path_segment,
    read_body,
)
from .clock import Clock, FakeClock, SystemClock
from .fake import FakeTransport, InjectedFault, Router, ServerRequest, json_response
from .faults import FaultInjector, FaultPlan, RequestCounter
from .retry import RetryingTransport, RetryPolicy
from .tokens import Token, TokenCache

# transports.aiohttp and transports.sandbox are imported by name, not here: aiohttp is heavy,
# and ``python -m transports.sandbox`` must not find the module already imported.

__all__ = [
    "Clock",
    "EncodedBody",
    "FakeClock",
    "FakeTransport",
    "FaultInjector",
    "FaultPlan",
    "InjectedFault",
    "MultipartField",
    "RequestCounter",
    "RequestSpec",
    "Response",
    "RetryPolicy",
    "RetryingTransport",
    "Router",
    "ServerRequest",
    "SystemClock",
    "Token",
    "TokenCache",
    "Transport",
    "TransportError",
    "TransportTimeout",
    "encode_body",
    "json_response",
    "lowercase_headers",
    "path_segment",
    "read_body",
]
