"""The test side of the runtime: fake backends' toolkit, in-process transport, fault
injection, the loopback sandbox, and running one scenario both ways.

:mod:`transports.testing.sandbox` (the HTTP server, ``python -m transports.testing.sandbox``)
is imported by name, not here: it needs aiohttp, which ``import transports`` must not load.
"""

from .both_ways import BOTH_WAYS, IN_PROCESS_URL, Way, in_process, over_http
from .fake import FakeTransport, Fault, InjectedFault
from .faults import FaultInjector, FaultPlan, RequestCounter
from .router import Handler, Router, ServerRequest, json_response

__all__ = [
    "BOTH_WAYS",
    "IN_PROCESS_URL",
    "FakeTransport",
    "Fault",
    "FaultInjector",
    "FaultPlan",
    "Handler",
    "InjectedFault",
    "RequestCounter",
    "Router",
    "ServerRequest",
    "Way",
    "in_process",
    "json_response",
    "over_http",
]
