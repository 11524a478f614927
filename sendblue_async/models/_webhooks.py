"""Models of webhook configuration (``/api/account/webhooks``) and of the payloads Sendblue
posts to your server (inbound messages, status callbacks)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs


class WebhookType:
    """Documented webhook types. Reading keeps any other type the API adds."""

    RECEIVE = "receive"
    OUTBOUND = "outbound"
    TYPING_INDICATOR = "typing_indicator"
    CALL_LOG = "call_log"
    LINE_BLOCKED = "line_blocked"
    LINE_ASSIGNED = "line_assigned"
    CONTACT_CREATED = "contact_created"
    CALL_COMPLETED = "call_completed"
    INBOUND_CALL = "inbound_call"
    CONTACT_PROFILE = "contact_profile"
    ALL = frozenset({
        RECEIVE, OUTBOUND, TYPING_INDICATOR, CALL_LOG, LINE_BLOCKED, LINE_ASSIGNED,
        CONTACT_CREATED, CALL_COMPLETED, INBOUND_CALL, CONTACT_PROFILE,
    })


@attrs.frozen
class WebhookEntry:
    """A webhook URL; ``sendblue_numbers`` limits ``receive`` hooks to those lines.
    A plain URL string on the wire reads as an entry with only ``url``."""

    url: str
    secret: str | None = attrs.field(default=None, repr=False)
    sendblue_numbers: tuple[str, ...] = ()


@attrs.frozen
class WebhookConfig:
    """Every registered webhook by type (unknown types included) and the account secret."""

    by_type: Mapping[str, tuple[WebhookEntry, ...]] = attrs.field(factory=dict)
    global_secret: str | None = attrs.field(default=None, repr=False)

    @property
    def types(self) -> frozenset[str]:
        """The types that have at least one webhook."""
        return frozenset(t for t, entries in self.by_type.items() if entries)

    def get(self, webhook_type: str) -> tuple[WebhookEntry, ...]:
        return self.by_type.get(webhook_type, ())

    def urls(self, webhook_type: str) -> tuple[str, ...]:
        return tuple(entry.url for entry in self.get(webhook_type))


@attrs.frozen
class WebhooksResponse:
    webhooks: WebhookConfig = attrs.field(factory=WebhookConfig)
    message: str = ""


@attrs.frozen
class WebhooksDeleted:
    message: str = ""


@attrs.frozen
class StatusCallback:
    """A message status callback. ``status`` is kept as sent, known or not; fields this
    model does not name are in ``extra``."""

    message_handle: str
    status: str | None = None
    content: str | None = None
    is_outbound: bool | None = None
    number: str | None = None
    from_number: str | None = None
    to_number: str | None = None
    sendblue_number: str | None = None
    service: str | None = None
    error_code: int | None = None
    error_message: str | None = None
    error_reason: str | None = None
    error_detail: str | None = None
    date_sent: datetime | None = None
    date_updated: datetime | None = None
    was_downgraded: bool | None = None
    plan: str | None = None
    account_email: str | None = None
    extra: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen
class InboundMessage:
    """A message delivered to a ``receive`` webhook. Unknown fields are in ``extra``."""

    message_handle: str
    content: str | None = None
    media_url: str | None = None
    number: str | None = None
    from_number: str | None = None
    to_number: str | None = None
    sendblue_number: str | None = None
    status: str | None = None
    service: str | None = None
    message_type: str | None = None
    is_outbound: bool | None = None
    send_style: str | None = None
    group_id: str | None = None
    group_display_name: str | None = None
    participants: tuple[str, ...] = ()
    error_code: int | None = None
    error_message: str | None = None
    error_reason: str | None = None
    error_detail: str | None = None
    date_sent: datetime | None = None
    date_updated: datetime | None = None
    was_downgraded: bool | None = None
    opted_out: bool | None = None
    plan: str | None = None
    account_email: str | None = None
    extra: Mapping[str, Any] = attrs.field(factory=dict)

    @property
    def is_group(self) -> bool:
        return self.message_type == "group" or bool(self.group_id)
