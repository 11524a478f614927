"""A stateful in-memory Sendblue backend for tests: ``FakeSendblue``.

It speaks the wire JSON of the Sendblue provisioning API (line tickets, preview/confirm
purchases, limits, child accounts) and is served by ``transports.FakeTransport`` in process
or by the sandbox over real HTTP. It delivers webhooks as Sendblue does (see
``FakeSendblue``), and imports nothing from the client package.
"""

from ._backend import FakeSendblue
from ._records import FakeAccount, Limits, LineRecord, LineTicket, PreviewGrant, iso_timestamp

__all__ = [
    "FakeAccount",
    "FakeSendblue",
    "Limits",
    "LineRecord",
    "LineTicket",
    "PreviewGrant",
    "iso_timestamp",
]
