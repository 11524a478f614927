"""Callback events Sinch POSTs to a number's or order's ``callbackUrl``.

``resourceType`` picks the class; ``event_type``, ``status`` and ``failure_code`` are plain
strings, so values added by Sinch later are kept rather than rejected. Delivery order is not
guaranteed and failed deliveries are retried: re-read the resource when an event looks stale.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs


class ResourceType:
    ACTIVE_NUMBER = "ACTIVE_NUMBER"
    NUMBER_ORDER = "NUMBER_ORDER"


class EventStatus:
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


@attrs.frozen
class ActiveNumberEvent:
    """Provisioning of an active number to SMS, a campaign or voice; ``resource_id`` is the
    phone number. ``failure_code`` / ``internal_failure_code`` only come with FAILED."""

    resource_id: str
    event_type: str
    status: str
    event_id: str | None = None
    timestamp: datetime | None = None
    project_id: str | None = None
    failure_code: str | None = None
    internal_failure_code: str | None = None
    resource_type: str = ResourceType.ACTIVE_NUMBER

    @property
    def phone_number(self) -> str:
        return self.resource_id


@attrs.frozen
class NumberOrderEvent:
    """``NUMBER_ORDER_PROCESSING`` for a number order; ``resource_id`` is the order id."""

    resource_id: str
    event_type: str
    status: str
    event_id: str | None = None
    timestamp: datetime | None = None
    project_id: str | None = None
    resource_type: str = ResourceType.NUMBER_ORDER


@attrs.frozen
class UnknownEvent:
    """An event for a resource type this SDK does not know yet; ``raw`` is the whole body."""

    resource_type: str
    resource_id: str | None = None
    event_type: str | None = None
    status: str | None = None
    event_id: str | None = None
    timestamp: datetime | None = None
    project_id: str | None = None
    raw: dict[str, Any] = attrs.field(factory=dict, repr=False)


CallbackEvent = ActiveNumberEvent | NumberOrderEvent | UnknownEvent
