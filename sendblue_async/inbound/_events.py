"""What a webhook delivery becomes: its type, a typed event, and the key that tells a retried
delivery from a new one.

Sendblue documents the fields of message webhooks (``receive``: :class:`InboundMessage`;
``outbound`` and per-message status callbacks: :class:`StatusCallback`) but not those of the
other types, so each of those is a :class:`WebhookEvent` subclass holding the whole body in
``data``; a type this SDK does not know is an :class:`UnknownWebhook`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from ..models import InboundMessage, StatusCallback, WebhookType
from ._webhooks import structure_payload

# A route is a webhook type: lowercase words joined by underscores.
ROUTE = re.compile(r"[a-z][a-z0-9_]{0,63}")
UNKNOWN = "unknown"  # the type of a payload the single path cannot tell
# Fields that identify one event among the payloads whose fields are not documented.
_ID_FIELDS = ("event_id", "id", "call_id")
MAX_KEY_LENGTH = 200


@attrs.frozen
class WebhookEvent:
    """A webhook of a type whose payload Sendblue does not document: ``type`` is the
    webhook type and ``data`` the whole body (a JSON object)."""

    TYPE: ClassVar[str] = UNKNOWN
    type: str
    data: Mapping[str, Any] = attrs.field(factory=dict, repr=False)

    @property
    def event_id(self) -> str | None:
        """The first of ``event_id``, ``id`` and ``call_id`` the body holds as text or a
        number; ``None`` when it holds none of them."""
        for name in _ID_FIELDS:
            value = self.data.get(name)
            if isinstance(value, str | int) and not isinstance(value, bool) and value != "":
                return str(value)
        return None


class TypingIndicator(WebhookEvent):
    """A ``typing_indicator`` webhook: a contact started or stopped typing."""

    TYPE = WebhookType.TYPING_INDICATOR


class CallLog(WebhookEvent):
    """A ``call_log`` webhook."""

    TYPE = WebhookType.CALL_LOG


class LineBlocked(WebhookEvent):
    """A ``line_blocked`` webhook."""

    TYPE = WebhookType.LINE_BLOCKED


class LineAssigned(WebhookEvent):
    """A ``line_assigned`` webhook."""

    TYPE = WebhookType.LINE_ASSIGNED


class ContactCreated(WebhookEvent):
    """A ``contact_created`` webhook."""

    TYPE = WebhookType.CONTACT_CREATED


class UnknownWebhook(WebhookEvent):
    """A webhook of a type this SDK has no class for (``type`` says which; ``unknown`` when
    it came to the single path and its fields did not tell)."""


Webhook = InboundMessage | StatusCallback | WebhookEvent
_EVENT_CLASSES: dict[str, type[WebhookEvent]] = {
    cls.TYPE: cls for cls in (TypingIndicator, CallLog, LineBlocked, LineAssigned, ContactCreated)
}


def sniff_type(data: Mapping[str, Any]) -> str:
    """The type of a payload posted to the single path: a message (it has a
    ``message_handle``) is ``outbound`` when ``is_outbound`` is true, else ``receive``;
    anything else is ``unknown``."""
    if "message_handle" not in data:
        return UNKNOWN
    return WebhookType.OUTBOUND if data.get("is_outbound") is True else WebhookType.RECEIVE


def webhook_event(webhook_type: str, data: Mapping[str, Any]) -> Webhook:
    """The typed event of a decoded body (a ``WebhookPayloadError`` when a message webhook
    has no usable ``message_handle`` or a known field of the wrong type)."""
    if webhook_type == WebhookType.RECEIVE:
        return structure_payload(data, InboundMessage)
    if webhook_type == WebhookType.OUTBOUND:
        return structure_payload(data, StatusCallback)
    return _EVENT_CLASSES.get(webhook_type, UnknownWebhook)(webhook_type, data)


def dedup_key(webhook_type: str, event: Webhook) -> str | None:
    """What makes a delivery the same as an earlier one: the type, the message handle and
    the status for message webhooks, else the type and the event's id. ``None`` (no
    de-duplication) for an event that carries neither."""
    if isinstance(event, InboundMessage | StatusCallback):
        return _bounded(f"{webhook_type}:{event.message_handle}:{event.status or ''}")
    event_id = event.event_id
    if event_id is not None:
        return _bounded(f"{webhook_type}:{event_id}")
    handle, status = event.data.get("message_handle"), event.data.get("status")
    if isinstance(handle, str) and handle:
        return _bounded(f"{webhook_type}:{handle}:{status if isinstance(status, str) else ''}")
    return None


def _bounded(key: str) -> str:
    # A store holds many keys for a day: an id of unusual length is kept as its digest.
    if len(key) <= MAX_KEY_LENGTH:
        return key
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    return f"sha256:{digest}"
