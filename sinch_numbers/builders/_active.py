"""PURE builders for ``/activeNumbers``: list (token pages), get, PATCH, release."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from transports import RequestSpec

from .. import _validate as v
from ..errors import ValidationError
from ..models import UNSET, ActiveNumber, ActiveNumbersPage, SmsSettings, Unset, VoiceSettings
from . import _paths
from ._bodies import pattern_pair, sms_json, voice_json

T = TypeVar("T")
R = TypeVar("R")


def list_active_numbers(
    project_id: str,
    *,
    region_code: str | None = None,
    number_type: str | None = None,
    pattern: str | None = None,
    search_pattern: str | None = None,
    capabilities: Iterable[str] = (),
    page_size: int | None = None,
    page_token: str | None = None,
    order_by: str | None = None,
) -> RequestSpec[ActiveNumbersPage]:
    """``GET /activeNumbers``: one page. The capability filter key is ``capability``
    (singular, repeated); the page size is ``pageSize``. An empty ``page_token`` is the first
    page."""
    pattern, search_pattern = pattern_pair(pattern, search_pattern)
    query: list[tuple[str, object]] = [
        ("regionCode", _nullable(region_code, lambda x: v.region_code("region_code", x))),
        ("type", _nullable(number_type, lambda x: v.enum_token("number_type", x))),
        ("numberPattern.pattern", pattern),
        ("numberPattern.searchPattern", search_pattern),
    ]
    query += [("capability", c) for c in v.enum_tokens("capabilities", capabilities)]
    query += [
        ("pageSize", _nullable(page_size, lambda x: v.positive_int("page_size", x))),
        (
            "pageToken",
            _nullable(page_token, lambda x: v.text("page_token", x, allow_empty=True)) or None,
        ),
        ("orderBy", _nullable(order_by, lambda x: v.one_of("order_by", x, v.ORDER_BY))),
    ]
    path = f"{_paths.project(project_id)}/activeNumbers"
    return RequestSpec("GET", path, ActiveNumbersPage, query=query)


def get_active_number(project_id: str, phone_number: str) -> RequestSpec[ActiveNumber]:
    """``GET /activeNumbers/{phoneNumber}``."""
    return RequestSpec("GET", _paths.active(project_id, phone_number), ActiveNumber)


def update_active_number(
    project_id: str,
    phone_number: str,
    *,
    display_name: str | Unset | None = UNSET,
    sms: SmsSettings | Unset | None = UNSET,
    voice: VoiceSettings | Unset | None = UNSET,
    callback_url: str | Unset | None = UNSET,
) -> RequestSpec[ActiveNumber]:
    """``PATCH /activeNumbers/{phoneNumber}``: omitted arguments (``UNSET``) stay as they
    are, ``None`` clears a field (sends ``null``). Only writable fields exist here, and at
    least one must be given."""
    body: dict[str, Any] = {}
    if display_name is not UNSET:
        body["displayName"] = _nullable(display_name, lambda x: v.text("display_name", x))
    if sms is not UNSET:
        body["smsConfiguration"] = _nullable(sms, lambda x: sms_json("sms", x))
    if voice is not UNSET:
        body["voiceConfiguration"] = _nullable(voice, lambda x: voice_json("voice", x))
    if callback_url is not UNSET:
        body["callbackUrl"] = _nullable(callback_url, lambda x: v.url("callback_url", x))
    if not body:
        raise ValidationError("update", "give at least one field to change")
    return RequestSpec("PATCH", _paths.active(project_id, phone_number), ActiveNumber, json=body)


def release_number(project_id: str, phone_number: str) -> RequestSpec[ActiveNumber]:
    """``POST /activeNumbers/{phoneNumber}:release``: cancel the subscription."""
    path = f"{_paths.active(project_id, phone_number)}:release"
    return RequestSpec("POST", path, ActiveNumber)


def _nullable(value: T | None, check: Callable[[T], R]) -> R | None:
    return None if value is None else check(value)
