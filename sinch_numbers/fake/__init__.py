"""A stateful in-memory Sinch Numbers backend for tests: ``FakeSinchNumbers``.

It speaks the Numbers API v1 wire JSON (and the OAuth token endpoint) and is served by
``transports.FakeTransport`` in process or by the sandbox over real HTTP. It imports nothing
from the client package, so it checks what the client really sends.
"""

from ._backend import FakeSinchNumbers
from ._records import ActiveRecord, FakeNumber, default_stock, iso_timestamp

__all__ = ["ActiveRecord", "FakeNumber", "FakeSinchNumbers", "default_stock", "iso_timestamp"]
