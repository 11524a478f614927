"""Checking and applying ``smsConfiguration`` / ``voiceConfiguration`` / ``displayName`` /
``callbackUrl`` writes, shared by rent, rentAny and PATCH. The checks are the documented
rules: no empty configuration object, no read-only field, unlink before relinking, no voice
configuration on a number without voice."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from transports import Response

from ._records import ActiveRecord, FakeNumber, iso_timestamp
from ._wire import invalid

VOICE_ID_FIELDS = {"RTC": "appId", "EST": "trunkId", "FAX": "serviceId"}
CONFIG_FIELDS = ("smsConfiguration", "voiceConfiguration", "callbackUrl")


def unknown_field(
    body: Mapping[str, Any], allowed: Iterable[str], parent: str = ""
) -> Response | None:
    """400 naming the first key of ``body`` not in ``allowed`` (under ``parent``, if nested)."""
    extra = sorted(set(body) - set(allowed))
    if extra:
        return invalid(f"{parent}.{extra[0]}" if parent else extra[0], "is not a writable field")
    return None


def check(
    number: FakeNumber, body: Mapping[str, Any], current: ActiveRecord | None = None
) -> Response | None:
    """The 400 to answer for the configuration fields of ``body``, or ``None``."""
    if "displayName" in body and not isinstance(body["displayName"], str | None):
        return invalid("displayName", "must be a string")
    if "callbackUrl" in body and not isinstance(body["callbackUrl"], str | None):
        return invalid("callbackUrl", "must be a string")
    if body.get("smsConfiguration") is not None:
        linked = (current.sms or {}).get("servicePlanId") if current else None
        problem = _sms_problem(number, body["smsConfiguration"], linked)
        if problem is not None:
            return problem
    if body.get("voiceConfiguration") is not None:
        return _voice_problem(number, body["voiceConfiguration"])
    return None


def _sms_problem(number: FakeNumber, sms: Any, linked: str | None) -> Response | None:
    field = "smsConfiguration"
    if not isinstance(sms, dict) or not sms:
        return invalid(field, "must be a non-empty object")
    bad = unknown_field(sms, ("servicePlanId", "campaignId"), field)
    if bad is not None:
        return bad
    plan = sms.get("servicePlanId")
    if not isinstance(plan, str):
        return invalid(f"{field}.servicePlanId", "is required")
    if not isinstance(sms.get("campaignId"), str | None):
        return invalid(f"{field}.campaignId", "must be a string or null")
    if "SMS" not in number.capabilities:
        return invalid(field, "the number has no SMS capability")
    if plan and linked and plan != linked:
        return invalid(f"{field}.servicePlanId", "unlink the current service plan first")
    return None


def _voice_problem(number: FakeNumber, voice: Any) -> Response | None:
    field = "voiceConfiguration"
    if not isinstance(voice, dict) or not voice:
        return invalid(field, "must be a non-empty object")
    kind = voice.get("type", "RTC")
    id_field = VOICE_ID_FIELDS.get(kind) if isinstance(kind, str) else None
    if id_field is None:
        return invalid(f"{field}.type", "must be RTC, EST or FAX")
    bad = unknown_field(voice, ("type", id_field), field)
    if bad is not None:
        return bad
    if not isinstance(voice.get(id_field), str):
        return invalid(f"{field}.{id_field}", "is required")
    if "VOICE" not in number.capabilities:
        return invalid(field, "the number has no VOICE capability")
    return None


def apply(record: ActiveRecord, body: Mapping[str, Any], now: float) -> None:
    """Write checked fields: ``null`` clears, ``""`` as service plan unlinks SMS."""
    if "displayName" in body:
        record.display_name = body["displayName"]
    if "callbackUrl" in body:
        record.callback_url = body["callbackUrl"]
    if "smsConfiguration" in body:
        sms = body["smsConfiguration"]
        record.sms = None if sms is None or not sms["servicePlanId"] else _drop_nulls(sms)
    if "voiceConfiguration" in body:
        record.voice = _voice(body["voiceConfiguration"], now)


def _voice(voice: dict[str, Any] | None, now: float) -> dict[str, Any] | None:
    if voice is None:
        return None
    kind = voice.get("type", "RTC")
    id_field = VOICE_ID_FIELDS[kind]
    if not voice[id_field]:
        return None
    return {"type": kind, id_field: voice[id_field], "lastUpdatedTime": iso_timestamp(now)}


def _drop_nulls(value: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in value.items() if v is not None}
