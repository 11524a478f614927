"""The test side of the runtime: fake backends' toolkit, in-process transport, fault
injection, webhook delivery (an outbox and its deliverer), the loopback sandbox, and running
one scenario both ways.

:mod:`transports.testing.sandbox` (the HTTP server, ``python -m transports.testing.sandbox``)
is imported by name, not here: it needs aiohttp, which ``import transports`` must not load.
"""

from .both_ways import BOTH_WAYS, IN_PROCESS_URL, Way, in_process, over_http
from .delivery import Deliverer, wait_for_attempts
from .fake import FakeTransport, Fault, InjectedFault
from .faults import FaultInjector, FaultPlan, RequestCounter
from .outbox import Attempt, Delivery, Outbox
from .router import Handler, Router, ServerRequest, json_response

__all__ = [
    "BOTH_WAYS",
    "IN_PROCESS_URL",
    "Attempt",
    "Deliverer",
    "Delivery",
    "FakeTransport",
    "Fault",
    "FaultInjector",
    "FaultPlan",
    "Handler",
    "InjectedFault",
    "Outbox",
    "RequestCounter",
    "Router",
    "ServerRequest",
    "Way",
    "in_process",
    "json_response",
    "over_http",
    "wait_for_attempts",
]
