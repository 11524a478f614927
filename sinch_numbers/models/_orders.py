"""Frozen value objects read from the Number Order API (``/numberOrders``).

Same rules as the other models: snake_case fields read from camelCase wire names,
enum-like fields are plain strings. ``NumberOrder`` uses ``numberType`` (not ``type``) and its
numbers carry ``capabilities`` (plural), unlike ``ActiveNumber``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from ._numbers import Money, SmsConfiguration, VoiceConfiguration


class NumberOrderState:
    UNSPECIFIED = "NUMBER_ORDER_STATE_UNSPECIFIED"
    CREATED = "CREATED"
    EXPIRED = "EXPIRED"
    IN_REVIEW = "IN_REVIEW"
    BLOCKED = "BLOCKED"
    REJECTED = "REJECTED"
    COMPLETED = "COMPLETED"


class UploadStatus:
    COMPLETED = "COMPLETED"
    WAITING = "WAITING"
    FAILED = "FAILED"


@attrs.frozen
class AttachmentTemplate:
    """A template file for a required attachment."""

    name: str | None = None
    url: str | None = None


@attrs.frozen
class RequiredAttachment:
    """A document the region asks for. Upload it under ``id``; empty ``allowed_*`` lists mean
    no restriction."""

    id: str
    title: str | None = None
    description: str | None = None
    mandatory: bool = False
    template: tuple[AttachmentTemplate, ...] = ()
    allowed_mime_types: tuple[str, ...] = ()
    allowed_document_types: tuple[str, ...] = ()


@attrs.frozen
class NumberRequirements:
    """What a region and number type require. ``fields`` is free-form (a JSON Schema of the
    registration details, as Sinch sends it)."""

    fields: dict[str, Any] = attrs.field(factory=dict)
    attachments: tuple[RequiredAttachment, ...] = ()

    @property
    def mandatory_attachments(self) -> tuple[RequiredAttachment, ...]:
        return tuple(a for a in self.attachments if a.mandatory)


@attrs.frozen
class NumberPrice:
    setup_price: Money | None = None
    monthly_price: Money | None = None
    payment_interval_months: int | None = None


@attrs.frozen
class OrderNumber:
    """One reserved number of an order. ``capabilities`` is plural here."""

    phone_number: str
    number_price: NumberPrice | None = None
    capabilities: tuple[str, ...] = ()


@attrs.frozen
class NumberOrder:
    """An order and its reserved numbers. ``expire_time`` is when an unsubmitted order lets
    its numbers go (absent once that no longer applies)."""

    id_number_order: str
    project_id: str | None = None
    region_code: str | None = None
    state: str | None = None
    number_type: str | None = None
    order_numbers: tuple[OrderNumber, ...] = ()
    sms_configuration: SmsConfiguration | None = None
    voice_configuration: VoiceConfiguration | None = None
    expire_time: datetime | None = None
    create_time: datetime | None = None
    update_time: datetime | None = None

    @property
    def phone_numbers(self) -> tuple[str, ...]:
        return tuple(n.phone_number for n in self.order_numbers)


@attrs.frozen
class RegistrationAttachment:
    """An uploaded attachment as the registration lists it."""

    attachment_id: str
    file_name: str | None = None
    mime_type: str | None = None
    document_type: str | None = None
    upload_status: str | None = None
    create_time: datetime | None = None
    update_time: datetime | None = None


@attrs.frozen
class RegistrationLog:
    """Feedback from Sinch's review team."""

    message: str | None = None
    create_time: datetime | None = None


@attrs.frozen
class Registration:
    """The order's KYC registration. ``request_details`` is personal data: kept out of reprs."""

    request_details: dict[str, Any] = attrs.field(factory=dict, repr=False)
    attachments: tuple[RegistrationAttachment, ...] = ()
    logs: tuple[RegistrationLog, ...] = ()
