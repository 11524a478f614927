"""Builders for the message history: list (paged), get and delete."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from transports import RequestSpec, path_segment

from .. import _validate as v
from ..errors import ValidationError
from ..models import MessageEnvelope, MessageFilter, MessagePage, Service

PAGE_SIZE = (1, 1000)
DEFAULT_PAGE_SIZE = 100

Check = Callable[[str, object], object]


def _choice(*choices: str) -> Check:
    return lambda field, value: v.one_of(field, value, choices)


_FILTER_CHECKS: dict[str, Check] = {
    "number": v.e164,
    "from_number": v.e164,
    "to_number": v.e164,
    "sendblue_number": v.e164,
    "account_email": v.email,
    "group_id": v.required_text,
    "worker_id": v.required_text,
    "is_outbound": v.boolean,
    "message_type": _choice("message", "group"),
    "service": _choice(*Service.ALL),
    "status": v.required_text,  # statuses are an open set: new ones must stay filterable
    "created_at_gte": v.timestamp,
    "created_at_lte": v.timestamp,
    "sent_at_gte": v.timestamp,
    "sent_at_lte": v.timestamp,
    "updated_at_gte": v.timestamp,
    "updated_at_lte": v.timestamp,
    "order_by": _choice("createdAt", "updatedAt", "sentAt"),
    "order_direction": _choice("asc", "desc"),
}


def list_messages(
    filters: MessageFilter | None = None, *, limit: int = DEFAULT_PAGE_SIZE, offset: int = 0
) -> RequestSpec[MessagePage]:
    """One page of the history; ``page.pagination.has_more`` says whether more follow.

    ``GET /api/v2/messages``. ``limit`` is 1 to 1000 (our bound; see DESIGN.md).
    """
    query = filter_query(filters or MessageFilter())
    low, high = PAGE_SIZE
    query.append(("limit", v.bounded_int("limit", limit, low=low, high=high)))
    query.append(("offset", v.non_negative_int("offset", offset)))
    return RequestSpec("GET", "/api/v2/messages", MessagePage, query=query)


def filter_query(filters: MessageFilter) -> list[tuple[str, object]]:
    """The filter as validated query pairs, in field order; unset filters are left out."""
    if not isinstance(filters, MessageFilter):
        raise ValidationError("filters", "must be a MessageFilter")
    values = attrs.asdict(filters, recurse=False)
    return [
        (name, _FILTER_CHECKS[name](name, value))
        for name, value in values.items()
        if value is not None
    ]


def get_message(message_id: str) -> RequestSpec[MessageEnvelope]:
    """``GET /api/v2/messages/:id`` (the id is the message handle)."""
    handle = v.path_id("message_id", message_id)
    return RequestSpec("GET", f"/api/v2/messages/{path_segment(handle)}", MessageEnvelope)


def delete_message(message_handle: str) -> RequestSpec[None]:
    """Delete a message from Sendblue's records (it is not recalled from the device).

    ``DELETE /api/message/:handle``.
    """
    handle = v.path_id("message_handle", message_handle)
    return RequestSpec("DELETE", f"/api/message/{path_segment(handle)}")
