"""API-agnostic async runtime: request specs, transports, retries, clocks, token cache.

The test side (fake transport, router, fault injection, sandbox) lives in
:mod:`transports.testing`; its main names are re-exported here.
"""

from ._base import Response, ResponseTooLarge, Transport, TransportError, TransportTimeout
from ._spec import (
    Creation,
    EncodedBody,
    MultipartField,
    RequestSpec,
    encode_body,
    lowercase_headers,
    path_segment,
    read_body,
)
from .clock import Clock, FakeClock, SystemClock
from .retry import RetryingTransport, RetryPolicy
from .streaming import StreamingResponse, StreamingTransport, StreamResponse
from .testing import (
    FakeTransport,
    FaultInjector,
    FaultPlan,
    InjectedFault,
    RequestCounter,
    Router,
    ServerRequest,
    json_response,
)
from .tokens import MintBackoff, Token, TokenCache

# transports.aiohttp and transports.testing.sandbox are imported by name, not here: aiohttp
# is heavy, and ``python -m transports.testing.sandbox`` must not find the module imported.

__all__ = [
    "Clock",
    "Creation",
    "EncodedBody",
    "FakeClock",
    "FakeTransport",
    "FaultInjector",
    "FaultPlan",
    "InjectedFault",
    "MintBackoff",
    "MultipartField",
    "RequestCounter",
    "RequestSpec",
    "Response",
    "ResponseTooLarge",
    "RetryPolicy",
    "RetryingTransport",
    "Router",
    "ServerRequest",
    "StreamResponse",
    "StreamingResponse",
    "StreamingTransport",
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
