"""PURE: JSON bodies for the writable objects, validated on the way."""

from __future__ import annotations

from typing import Any

from .. import _validate as v
from ..errors import ValidationError
from ..models import UNSET, EmergencyAddress, EstVoice, FaxVoice, RtcVoice, SmsSettings

_REQUIRED_ADDRESS = ("street_number", "street_info", "city", "state", "postal_code")
_OPTIONAL_ADDRESS = ("location", "postal_code_plus_four")


def sms_json(field: str, sms: object) -> dict[str, Any]:
    """``smsConfiguration``: ``servicePlanId`` always present (``""`` unlinks)."""
    if not isinstance(sms, SmsSettings):
        raise ValidationError(field, "must be an SmsSettings")
    body: dict[str, Any] = {
        "servicePlanId": v.text(f"{field}.service_plan_id", sms.service_plan_id, allow_empty=True)
    }
    if sms.campaign_id is not UNSET:
        campaign = sms.campaign_id
        if campaign is not None:
            campaign = v.text(f"{field}.campaign_id", campaign, allow_empty=True)
        body["campaignId"] = campaign
    return body


def voice_json(field: str, voice: object) -> dict[str, Any]:
    """``voiceConfiguration``: ``type`` plus the one id that type uses."""
    if isinstance(voice, RtcVoice):
        return {"type": "RTC", "appId": v.text(f"{field}.app_id", voice.app_id, allow_empty=True)}
    if isinstance(voice, EstVoice):
        trunk = v.text(f"{field}.trunk_id", voice.trunk_id, allow_empty=True)
        return {"type": "EST", "trunkId": trunk}
    if isinstance(voice, FaxVoice):
        service = v.text(f"{field}.service_id", voice.service_id, allow_empty=True)
        return {"type": "FAX", "serviceId": service}
    raise ValidationError(field, "must be an RtcVoice, EstVoice or FaxVoice")


def address_json(field: str, address: object) -> dict[str, Any]:
    if not isinstance(address, EmergencyAddress):
        raise ValidationError(field, "must be an EmergencyAddress")
    body = {
        _camel(name): v.text(f"{field}.{name}", getattr(address, name))
        for name in _REQUIRED_ADDRESS
    }
    for name in _OPTIONAL_ADDRESS:
        value = getattr(address, name)
        if value is not None:
            body[_camel(name)] = v.text(f"{field}.{name}", value)
    return body


def number_pattern_json(
    pattern: str | None, search_pattern: str | None, *, field: str = ""
) -> dict[str, str] | None:
    """The nested ``numberPattern`` of a body (queries use dotted keys instead); errors
    name ``{field}pattern`` / ``{field}search_pattern``."""
    pattern, search_pattern = pattern_pair(pattern, search_pattern, field=field)
    if pattern is None:
        return None
    body = {"pattern": pattern}
    if search_pattern is not None:
        body["searchPattern"] = search_pattern
    return body


def pattern_pair(
    pattern: str | None, search_pattern: str | None, *, field: str = ""
) -> tuple[str | None, str | None]:
    if pattern is not None:
        pattern = v.digits_pattern(f"{field}pattern", pattern)
    if search_pattern is not None:
        if pattern is None:
            raise ValidationError(f"{field}search_pattern", "needs a pattern to apply")
        search_pattern = v.one_of(f"{field}search_pattern", search_pattern, v.SEARCH_PATTERNS)
    return pattern, search_pattern


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)
