"""Receiving Sinch Numbers callbacks.

:class:`Receiver` serves them (aiohttp or ASGI), verifies each signature, de-duplicates
retried deliveries by event id and runs your handler per resource type in the background.
The helpers below it (:func:`verify_and_parse`, :func:`verify_signature`,
:func:`parse_event`) are for your own web server; see :mod:`._callbacks` for the scheme.
"""

from transports.receiver import ANY

from ._callbacks import (
    EVENT_TYPES,
    MAX_CALLBACK_BYTES,
    SIGNATURE_HEADER,
    ActiveNumberEvent,
    CallbackEvent,
    EventStatus,
    NumberOrderEvent,
    ResourceType,
    UnknownEvent,
    compute_signature,
    parse_event,
    verify_and_parse,
    verify_signature,
)
from ._receiver import Receiver, event_key

__all__ = [
    "ANY",
    "EVENT_TYPES",
    "MAX_CALLBACK_BYTES",
    "SIGNATURE_HEADER",
    "ActiveNumberEvent",
    "CallbackEvent",
    "EventStatus",
    "NumberOrderEvent",
    "Receiver",
    "ResourceType",
    "UnknownEvent",
    "compute_signature",
    "event_key",
    "parse_event",
    "verify_and_parse",
    "verify_signature",
]
