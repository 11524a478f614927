"""Builders for sending: messages, groups, carousels, status, service lookups and lines."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from transports import RequestSpec

from .. import _validate as v
from ..errors import ValidationError
from ..models import Group, LineNumbers, Message, ReplyTo, SendStyle, ServiceCheck
from ._creations import MESSAGE_SEND

MAX_CONTENT = 18_996
GROUP_SIZE = (2, 25)
CAROUSEL_SIZE = (2, 20)


def send_message(
    number: str,
    content: str | None = None,
    *,
    from_number: str | None = None,
    media_url: str | None = None,
    send_style: str | None = None,
    status_callback: str | None = None,
    reply_to: ReplyTo | None = None,
    seat_id: str | None = None,
) -> RequestSpec[Message]:
    """Send text and/or media to ``number`` (E.164); returns the queued message.

    ``POST /api/send-message``. Never retried except on 429: a retry could send twice.
    """
    body: dict[str, Any] = {"number": v.e164("number", number), **_content(content, media_url)}
    body |= _extras(from_number, send_style, status_callback, reply_to, seat_id)
    return RequestSpec("POST", "/api/send-message", Message, json=body, creates=MESSAGE_SEND)


def send_group_message(
    content: str | None = None,
    *,
    group_id: str | None = None,
    numbers: Collection[str] | None = None,
    from_number: str | None = None,
    media_url: str | None = None,
    send_style: str | None = None,
    status_callback: str | None = None,
    reply_to: ReplyTo | None = None,
    seat_id: str | None = None,
) -> RequestSpec[Message]:
    """Send to an existing ``group_id``, or to ``numbers`` (the group is created if it does
    not exist). ``POST /api/send-group-message``; never retried except on 429."""
    body = _group_target(group_id, numbers) | _content(content, media_url)
    body |= _extras(from_number, send_style, status_callback, reply_to, seat_id)
    return RequestSpec(
        "POST", "/api/send-group-message", Message, json=body, creates=MESSAGE_SEND
    )


def send_carousel(
    number: str,
    media_urls: Collection[str],
    *,
    from_number: str | None = None,
    send_style: str | None = None,
    status_callback: str | None = None,
    reply_to: ReplyTo | None = None,
    seat_id: str | None = None,
) -> RequestSpec[Message]:
    """Send 2 to 20 https:// images as one swipeable carousel (V2 lines only).

    ``POST /api/send-carousel``. Never retried except on 429.
    """
    low, high = CAROUSEL_SIZE
    body: dict[str, Any] = {
        "number": v.e164("number", number),
        "media_urls": v.https_urls("media_urls", media_urls, low=low, high=high),
    }
    body |= _extras(from_number, send_style, status_callback, reply_to, seat_id)
    return RequestSpec("POST", "/api/send-carousel", Message, json=body, creates=MESSAGE_SEND)


def create_group(
    numbers: Collection[str], *, from_number: str | None = None, group_name: str | None = None
) -> RequestSpec[Group]:
    """``POST /api/create-group`` (request and response shapes chosen here; see DESIGN.md)."""
    body = _group_target(None, numbers)
    _put(body, "from_number", from_number, v.e164)
    _put(body, "group_name", group_name, v.required_text)
    return RequestSpec("POST", "/api/create-group", Group, json=body)


def message_status(message_handle: str) -> RequestSpec[Message]:
    """``GET /api/status?handle=``."""
    handle = v.required_text("message_handle", message_handle)
    return RequestSpec("GET", "/api/status", Message, query={"handle": handle})


def evaluate_service(number: str) -> RequestSpec[ServiceCheck]:
    """Whether a phone number or e-mail address is reachable by iMessage or only SMS.

    ``GET /api/evaluate-service?number=``.
    """
    target = v.e164_or_email("number", number)
    return RequestSpec("GET", "/api/evaluate-service", ServiceCheck, query={"number": target})


def list_lines() -> RequestSpec[LineNumbers]:
    """``GET /api/lines``: the numbers this account can send from."""
    return RequestSpec("GET", "/api/lines", LineNumbers)


def _put(
    body: dict[str, Any], name: str, value: object, check: Callable[[str, object], object]
) -> None:
    if value is not None:
        body[name] = check(name, value)


def _content(content: str | None, media_url: str | None) -> dict[str, Any]:
    if content is None and media_url is None:
        raise ValidationError("content", "is required when there is no media_url")
    body: dict[str, Any] = {}
    if content is not None:
        body["content"] = v.required_text("content", content, max_length=MAX_CONTENT)
    if media_url is not None:
        body["media_url"] = v.url("media_url", media_url)
    return body


def _extras(
    from_number: str | None,
    send_style: str | None,
    status_callback: str | None,
    reply_to: ReplyTo | None,
    seat_id: str | None,
) -> dict[str, Any]:
    # Written out rather than through _put: every send runs this, mostly with none given.
    body: dict[str, Any] = {}
    if from_number is not None:
        body["from_number"] = v.e164("from_number", from_number)
    if send_style is not None:
        body["send_style"] = v.one_of("send_style", send_style, SendStyle.ALL)
    if status_callback is not None:
        body["status_callback"] = v.url("status_callback", status_callback)
    if reply_to is not None:
        body["reply_to"] = _reply_to("reply_to", reply_to)
    if seat_id is not None:
        body["seat_id"] = v.required_text("seat_id", seat_id)
    return body


def _reply_to(field: str, value: object) -> dict[str, Any]:
    if not isinstance(value, ReplyTo):
        raise ValidationError(field, "must be a ReplyTo(message_handle, part_index)")
    body: dict[str, Any] = {"message_handle": v.required_text(field, value.message_handle)}
    _put(body, "part_index", value.part_index, v.non_negative_int)
    return body


def _group_target(group_id: str | None, numbers: Collection[str] | None) -> dict[str, Any]:
    if (group_id is None) == (numbers is None):
        raise ValidationError("group_id", "give exactly one of group_id and numbers")
    if group_id is not None:
        return {"group_id": v.required_text("group_id", group_id)}
    members = v.e164_list("numbers", numbers)
    low, high = GROUP_SIZE
    if len(set(members)) != len(members) or not low <= len(members) <= high:
        raise ValidationError("numbers", f"must hold {low} to {high} distinct numbers")
    return {"numbers": members}
