"""Receiving Sendblue webhooks.

:class:`Receiver` serves them (aiohttp or ASGI), checks the secret, de-duplicates retried
deliveries and runs your handler per webhook type in the background. The helpers below it
(:func:`verify_signing_secret`, :func:`parse_inbound_message`, :func:`parse_status_callback`)
are for your own web server.
"""

from transports.receiver import ANY

from ._events import (
    UNKNOWN,
    CallLog,
    ContactCreated,
    LineAssigned,
    LineBlocked,
    TypingIndicator,
    UnknownWebhook,
    Webhook,
    WebhookEvent,
    dedup_key,
    sniff_type,
)
from ._receiver import Receiver
from ._webhooks import (
    MAX_WEBHOOK_BYTES,
    SIGNING_SECRET_HEADER,
    InboundMessage,
    StatusCallback,
    WebhookPayloadError,
    WebhookPayloadTooLargeError,
    parse_inbound_message,
    parse_status_callback,
    verify_signing_secret,
)

__all__ = [
    "ANY",
    "MAX_WEBHOOK_BYTES",
    "SIGNING_SECRET_HEADER",
    "UNKNOWN",
    "CallLog",
    "ContactCreated",
    "InboundMessage",
    "LineAssigned",
    "LineBlocked",
    "Receiver",
    "StatusCallback",
    "TypingIndicator",
    "UnknownWebhook",
    "Webhook",
    "WebhookEvent",
    "WebhookPayloadError",
    "WebhookPayloadTooLargeError",
    "dedup_key",
    "parse_inbound_message",
    "parse_status_callback",
    "sniff_type",
    "verify_signing_secret",
]
