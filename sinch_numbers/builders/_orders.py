"""PURE builders for the Number Order API (``/numberOrders``): requirements, create, get,
registration PUT/GET, the multipart attachment upload, submit."""

from __future__ import annotations

import json
import mimetypes
import os
import re
from collections.abc import AsyncIterable, Mapping
from pathlib import Path
from typing import Any

from transports import MultipartField, RequestSpec, path_segment

from .. import _validate as v
from ..errors import ValidationError
from ..models import (
    NumberOrder,
    NumberOrderOption,
    NumberRequirements,
    QuantityOrderOption,
    Registration,
    SmsSettings,
    VoiceSettings,
)
from . import _paths
from ._bodies import number_pattern_json, sms_json, voice_json
from ._creations import ORDER_CREATE, ORDER_SUBMIT, PROVISIONING_TIMEOUT

MAX_QUANTITY = 100
FileSource = str | os.PathLike[str] | bytes | AsyncIterable[bytes]
_MIME_TYPE = re.compile(r"[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+")


def lookup_number_requirements(
    project_id: str, region_code: str, number_type: str
) -> RequestSpec[NumberRequirements]:
    """What registration fields and attachments this region and number type need.

    ``POST /numberOrders:lookupNumberRequirements``: a read, so it is retried like a GET.
    """
    body = {
        "regionCode": v.region_code("region_code", region_code),
        "numberType": v.enum_token("number_type", number_type),
    }
    path = f"{_orders(project_id)}:lookupNumberRequirements"
    return RequestSpec("POST", path, NumberRequirements, json=body, idempotent=True)


def create_number_order(
    project_id: str,
    region_code: str,
    number_type: str,
    option: NumberOrderOption | QuantityOrderOption,
    *,
    sms: SmsSettings | None = None,
    voice: VoiceSettings | None = None,
    callback_url: str | None = None,
) -> RequestSpec[NumberOrder]:
    """Reserve one number (``NumberOrderOption``) or a quantity matching criteria
    (``QuantityOrderOption``) until the order's ``expire_time``.

    ``POST /numberOrders:createNumberOrder``.

    The body uses ``numberType`` (not ``type``) and exactly one of ``numberOrderOption`` /
    ``quantityOrderOption``. Not idempotent: a lost reply is never resent (only a 429 is).
    """
    body: dict[str, Any] = {
        "regionCode": v.region_code("region_code", region_code),
        "numberType": v.enum_token("number_type", number_type),
        **_option_json(option),
    }
    if sms is not None:
        body["smsConfiguration"] = _order_sms(sms)
    if voice is not None:
        body["voiceConfiguration"] = _order_voice(voice)
    if callback_url is not None:
        body["callbackUrl"] = v.url("callback_url", callback_url)
    return RequestSpec(
        "POST", f"{_orders(project_id)}:createNumberOrder", NumberOrder, json=body,
        timeout=PROVISIONING_TIMEOUT, creates=ORDER_CREATE,
    )


def get_number_order(project_id: str, number_order_id: str) -> RequestSpec[NumberOrder]:
    """``GET /numberOrders/{numberOrderId}``."""
    return RequestSpec("GET", _order(project_id, number_order_id), NumberOrder)


def update_number_order_registration(
    project_id: str, number_order_id: str, request_details: Mapping[str, Any]
) -> RequestSpec[Registration]:
    """``PUT /numberOrders/{id}/registration`` (PUT, not PATCH: the details are replaced).
    The server validates them against the requirements; a missing field is a 400."""
    if not isinstance(request_details, Mapping) or not all(
        isinstance(k, str) for k in request_details
    ):
        raise ValidationError("request_details", "must be a mapping with string keys")
    details = dict(request_details)
    try:
        # As the transport will encode it: no NaN (not JSON), no lone surrogate (not UTF-8).
        json.dumps(details, allow_nan=False, ensure_ascii=False).encode()
    except (TypeError, ValueError, RecursionError):
        raise ValidationError("request_details", "must be JSON-serialisable") from None
    path = f"{_order(project_id, number_order_id)}/registration"
    return RequestSpec("PUT", path, Registration, json={"requestDetails": details})


def get_number_order_registration(
    project_id: str, number_order_id: str
) -> RequestSpec[Registration]:
    """``GET /numberOrders/{id}/registration``."""
    return RequestSpec("GET", f"{_order(project_id, number_order_id)}/registration", Registration)


def upload_number_order_attachment(
    project_id: str,
    number_order_id: str,
    attachment_id: str,
    file: FileSource,
    *,
    filename: str | None = None,
    content_type: str | None = None,
    document_type: str | None = None,
) -> RequestSpec[None]:
    """``POST /numberOrders/{id}/attachments/{attachmentId}`` as multipart/form-data: a
    ``documentType`` part (when given), then the ``file`` part. Answers 200 with no body;
    ``ContentTooLargeError`` (413) when the file is over the server's limit.

    ``file`` is a path (streamed from disk when sent), ``bytes`` or an async byte stream;
    bytes and streams need a ``filename``. The content type defaults to a guess from the
    name. Uploading to the same ``attachment_id`` replaces the file, so a path or bytes body
    is resent like a PUT; a stream can be read only once and is never resent.
    """
    value = _file_value(file)
    if filename is None and isinstance(value, Path):
        filename = value.name
    if filename is None:
        raise ValidationError("filename", "is required when the file is bytes or a stream")
    name = v.text("filename", filename)
    kind = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    if not isinstance(kind, str) or _MIME_TYPE.fullmatch(kind) is None:
        raise ValidationError("content_type", "must be a MIME type such as application/pdf")
    parts: list[MultipartField] = []
    if document_type is not None:
        parts.append(MultipartField("documentType", v.text("document_type", document_type)))
    parts.append(MultipartField("file", value, filename=name, content_type=kind))
    attachment = path_segment(v.path_id("attachment_id", attachment_id))
    path = f"{_order(project_id, number_order_id)}/attachments/{attachment}"
    return RequestSpec("POST", path, None, multipart=tuple(parts), idempotent=True)


def submit_number_order(project_id: str, number_order_id: str) -> RequestSpec[NumberOrder]:
    """``POST /numberOrders/{id}/submit``: the final step. Not idempotent, never resent after
    the server may have acted."""
    return RequestSpec(
        "POST", f"{_order(project_id, number_order_id)}/submit", NumberOrder,
        timeout=PROVISIONING_TIMEOUT, creates=ORDER_SUBMIT,
    )


def _orders(project_id: str) -> str:
    return f"{_paths.project(project_id)}/numberOrders"


def _order(project_id: str, number_order_id: str) -> str:
    order = path_segment(v.path_id("number_order_id", number_order_id))
    return f"{_orders(project_id)}/{order}"


def _option_json(option: object) -> dict[str, Any]:
    if isinstance(option, NumberOrderOption):
        number = v.e164("option.phone_number", option.phone_number)
        return {"numberOrderOption": {"phoneNumbers": [number]}}
    if isinstance(option, QuantityOrderOption):
        return {"quantityOrderOption": _quantity_json(option)}
    raise ValidationError("option", "must be a NumberOrderOption or a QuantityOrderOption")


def _quantity_json(option: QuantityOrderOption) -> dict[str, Any]:
    quantity = v.positive_int("option.requested_quantity", option.requested_quantity)
    if quantity > MAX_QUANTITY:
        raise ValidationError("option.requested_quantity", f"must be at most {MAX_QUANTITY}")
    body: dict[str, Any] = {"requestedQuantity": quantity}
    pattern = number_pattern_json(option.pattern, option.search_pattern, field="option.")
    if pattern is not None:
        body["numberPattern"] = pattern
    if option.sequential is not None:
        if not isinstance(option.sequential, bool):
            raise ValidationError("option.sequential", "must be a boolean")
        body["sequential"] = option.sequential
    capabilities = v.enum_tokens("option.capabilities", option.capabilities)
    if capabilities:
        body["capabilities"] = list(capabilities)
    return body


def _order_sms(sms: object) -> dict[str, Any]:
    body = sms_json("sms", sms)
    if not body["servicePlanId"].strip():
        raise ValidationError("sms.service_plan_id", "an order needs a service plan id")
    return body


def _order_voice(voice: object) -> dict[str, Any]:
    body = voice_json("voice", voice)
    if not all(body.values()):
        raise ValidationError("voice", "an order needs a non-empty app, trunk or service id")
    return body


def _file_value(file: object) -> Path | bytes | AsyncIterable[bytes]:
    if isinstance(file, str | os.PathLike):
        return Path(file)
    if isinstance(file, bytes | AsyncIterable):
        return file
    raise ValidationError("file", "must be a path, bytes or an async iterable of bytes")
