"""Helpers for your own web server: check the secret Sendblue sends with each webhook, and
read inbound-message and status-callback payloads.

Sendblue does not sign bodies: it sends your configured secret (per webhook, or the account's
``globalSecret``) in the ``sb-signing-secret`` header, and you compare it in constant time.
Per-message ``status_callback`` calls arrive without that header.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Mapping
from typing import Any, TypeVar

from ._convert import converter
from .errors import ValidationError, WebhookPayloadError
from .models import InboundMessage, StatusCallback

T = TypeVar("T")
SIGNING_SECRET_HEADER = "sb-signing-secret"
Headers = Mapping[str, str]

__all__ = [
    "SIGNING_SECRET_HEADER",
    "InboundMessage",
    "StatusCallback",
    "WebhookPayloadError",
    "parse_inbound_message",
    "parse_status_callback",
    "verify_signing_secret",
]


def verify_signing_secret(received: Headers | str | bytes | None, secret: str | bytes) -> bool:
    """Whether the ``sb-signing-secret`` header equals ``secret`` (constant-time compare).

    ``received`` is the request's headers (any mapping; the name is matched in any case) or
    the header's value. A missing header is ``False``; an empty ``secret`` is a
    ``ValidationError``, since it would accept an empty header.
    """
    expected = _as_bytes(secret)
    if not expected:
        raise ValidationError("secret", "must not be empty")
    value = _header_value(received)
    return value is not None and hmac.compare_digest(_as_bytes(value), expected)


def _header_value(headers: Headers | str | bytes | None) -> str | bytes | None:
    if headers is None or isinstance(headers, str | bytes):
        return headers
    value = headers.get(SIGNING_SECRET_HEADER)
    if value is None:  # a plain dict keeps the sender's capitalisation
        lowered = ((k.lower(), v) for k, v in headers.items())
        value = next((v for k, v in lowered if k == SIGNING_SECRET_HEADER), None)
    return value


def _as_bytes(value: str | bytes) -> bytes:
    return value.encode() if isinstance(value, str) else value


def parse_inbound_message(body: bytes | str | Mapping[str, Any]) -> InboundMessage:
    """Read a ``receive`` webhook body (raw bytes, text or decoded JSON)."""
    return _parse(body, InboundMessage)


def parse_status_callback(body: bytes | str | Mapping[str, Any]) -> StatusCallback:
    """Read a message ``status_callback`` body (raw bytes, text or decoded JSON)."""
    return _parse(body, StatusCallback)


def _parse(body: bytes | str | Mapping[str, Any], model: type[T]) -> T:
    try:
        data = json.loads(body) if isinstance(body, str | bytes) else body
    except ValueError:
        raise WebhookPayloadError(f"{model.__name__}: the body is not JSON") from None
    if not isinstance(data, Mapping):
        raise WebhookPayloadError(f"{model.__name__}: the body is not a JSON object")
    try:
        return converter.structure(dict(data), model)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        # The cause names the failure kind only: its text could quote the message content.
        raise WebhookPayloadError(
            f"{model.__name__}: malformed payload ({type(exc).__name__})"
        ) from None
