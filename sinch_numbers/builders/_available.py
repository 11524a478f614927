"""PURE builders for ``/availableNumbers``: search, check, and the deprecated rent verbs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from transports import RequestSpec

from .. import _validate as v
from ..errors import ValidationError
from ..models import ActiveNumber, AvailableNumber, AvailableNumbers, SmsSettings, VoiceSettings
from . import _paths
from ._bodies import number_pattern_json, pattern_pair, sms_json, voice_json
from ._creations import PROVISIONING_TIMEOUT, RENT


def search_available_numbers(
    project_id: str,
    region_code: str,
    number_type: str,
    *,
    pattern: str | None = None,
    search_pattern: str | None = None,
    capabilities: Iterable[str] = (),
    size: int | None = None,
) -> RequestSpec[AvailableNumbers]:
    """``GET /availableNumbers``: one unpaginated list. Query keys: ``capabilities`` (plural,
    repeated) and ``size``, unlike the active-numbers list."""
    pattern, search_pattern = pattern_pair(pattern, search_pattern)
    query: list[tuple[str, object]] = [
        ("regionCode", v.region_code("region_code", region_code)),
        ("type", v.enum_token("number_type", number_type)),
        ("numberPattern.pattern", pattern),
        ("numberPattern.searchPattern", search_pattern),
    ]
    query += [("capabilities", c) for c in v.enum_tokens("capabilities", capabilities)]
    query.append(("size", None if size is None else v.positive_int("size", size)))
    path = f"{_paths.project(project_id)}/availableNumbers"
    return RequestSpec("GET", path, AvailableNumbers, query=query)


def get_available_number(project_id: str, phone_number: str) -> RequestSpec[AvailableNumber]:
    """The number if it is available; ``NotFoundError`` (404) if it is not.

    ``GET /availableNumbers/{phoneNumber}``.
    """
    return RequestSpec("GET", _paths.available(project_id, phone_number), AvailableNumber)


def rent_number(
    project_id: str,
    phone_number: str,
    *,
    sms: SmsSettings | None = None,
    voice: VoiceSettings | None = None,
    callback_url: str | None = None,
) -> RequestSpec[ActiveNumber]:
    """``POST /availableNumbers/{phoneNumber}:rent``. Deprecated by Sinch: US LOCAL only; the
    Number Order API replaces it. Send ``voice`` only when voice is wanted (the API rejects a
    voice configuration on an SMS-only rent)."""
    body = _configuration(sms, voice, callback_url)
    path = f"{_paths.available(project_id, phone_number)}:rent"
    return RequestSpec(
        "POST", path, ActiveNumber, json=body, timeout=PROVISIONING_TIMEOUT, creates=RENT
    )


def rent_any_number(
    project_id: str,
    region_code: str = "US",
    number_type: str = "LOCAL",
    *,
    pattern: str | None = None,
    search_pattern: str | None = None,
    capabilities: Iterable[str] = (),
    sms: SmsSettings | None = None,
    voice: VoiceSettings | None = None,
    callback_url: str | None = None,
) -> RequestSpec[ActiveNumber]:
    """``POST /availableNumbers:rentAny``. Deprecated by Sinch; only ``US`` / ``LOCAL`` is
    accepted. The body uses ``type``, a nested ``numberPattern`` and plural ``capabilities``."""
    if v.region_code("region_code", region_code) != "US":
        raise ValidationError("region_code", "rentAny only works for US numbers")
    if v.enum_token("number_type", number_type) != "LOCAL":
        raise ValidationError("number_type", "rentAny only works for LOCAL numbers")
    body: dict[str, Any] = {"regionCode": region_code, "type": number_type}
    number_pattern = number_pattern_json(pattern, search_pattern)
    if number_pattern is not None:
        body["numberPattern"] = number_pattern
    caps = v.enum_tokens("capabilities", capabilities)
    if caps:
        body["capabilities"] = list(caps)
    body.update(_configuration(sms, voice, callback_url))
    path = f"{_paths.project(project_id)}/availableNumbers:rentAny"
    return RequestSpec(
        "POST", path, ActiveNumber, json=body, timeout=PROVISIONING_TIMEOUT, creates=RENT
    )


def _configuration(
    sms: SmsSettings | None, voice: VoiceSettings | None, callback_url: str | None
) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if sms is not None:
        body["smsConfiguration"] = sms_json("sms", sms)
    if voice is not None:
        body["voiceConfiguration"] = voice_json("voice", voice)
    if callback_url is not None:
        body["callbackUrl"] = v.url("callback_url", callback_url)
    return body
