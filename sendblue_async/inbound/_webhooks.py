"""Helpers for your own web server: check the secret Sendblue sends with each webhook, and
read inbound-message and status-callback payloads.

Sendblue does not sign bodies: it sends your configured secret (per webhook, or the account's
``globalSecret``) in the ``sb-signing-secret`` header, and you compare it in constant time.
Per-message ``status_callback`` calls arrive without that header.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from typing import Any, TypeVar

from transports import untrusted

from .. import _validate as v
from .._convert import converter
from ..errors import ValidationError, WebhookPayloadError, WebhookPayloadTooLargeError
from ..models import InboundMessage, StatusCallback

T = TypeVar("T")
SIGNING_SECRET_HEADER = "sb-signing-secret"
# Bodies are checked against it before decoding; pass ``max_body_bytes=`` to change it.
MAX_WEBHOOK_BYTES = untrusted.MAX_BODY_BYTES
Headers = Mapping[str, str]

__all__ = [
    "MAX_WEBHOOK_BYTES",
    "SIGNING_SECRET_HEADER",
    "InboundMessage",
    "StatusCallback",
    "WebhookPayloadError",
    "WebhookPayloadTooLargeError",
    "parse_inbound_message",
    "parse_status_callback",
    "verify_signing_secret",
]


def verify_signing_secret(received: Headers | str | bytes | None, secret: str | bytes) -> bool:
    """Whether the ``sb-signing-secret`` header equals ``secret`` (constant-time compare).

    ``received`` is the request's headers (any mapping; the name is matched in any case) or
    the header's value. A missing header, or a value that is neither text nor bytes (a list,
    a number), is ``False``; so is text that is not valid UTF-8. An empty ``secret`` is a
    ``ValidationError``, since it would accept an empty header.
    """
    expected = untrusted.header_bytes(secret)
    if not expected:
        raise ValidationError("secret", "must be non-empty text or bytes")
    value = untrusted.header_bytes(_header_value(received))
    return value is not None and hmac.compare_digest(value, expected)


def _header_value(received: object) -> object:
    if received is None or isinstance(received, str | bytes):
        return received
    return untrusted.header(received, SIGNING_SECRET_HEADER)


def parse_inbound_message(
    body: bytes | str | Mapping[str, Any], *, max_body_bytes: int = MAX_WEBHOOK_BYTES
) -> InboundMessage:
    """Read a ``receive`` webhook body (raw bytes, text or decoded JSON).

    A body over ``max_body_bytes`` is a ``WebhookPayloadTooLargeError``, raised before
    decoding; any other unusable body is a ``WebhookPayloadError``."""
    return _parse(body, InboundMessage, max_body_bytes)


def parse_status_callback(
    body: bytes | str | Mapping[str, Any], *, max_body_bytes: int = MAX_WEBHOOK_BYTES
) -> StatusCallback:
    """Read a message ``status_callback`` body (raw bytes, text or decoded JSON); errors as
    :func:`parse_inbound_message`."""
    return _parse(body, StatusCallback, max_body_bytes)


def _parse(body: bytes | str | Mapping[str, Any], model: type[T], max_body_bytes: int) -> T:
    return structure_payload(payload_object(body, model.__name__, max_body_bytes), model)


def payload_object(
    body: bytes | str | Mapping[str, Any], name: str, max_body_bytes: int = MAX_WEBHOOK_BYTES
) -> Mapping[str, Any]:
    """The body as a JSON object of bounded depth; errors as :func:`parse_inbound_message`,
    their messages naming ``name``."""
    data = _decode(body, name, max_body_bytes)
    if not isinstance(data, Mapping):
        raise WebhookPayloadError(f"{name}: the body is not a JSON object")
    if not _flat(data) and untrusted.too_deep(data):
        raise WebhookPayloadError(f"{name}: the body is nested too deeply")
    return data


_LEAVES = frozenset({str, int, float, bool, type(None)})


def _flat(data: Mapping[str, Any]) -> bool:
    # Most payloads are one object of scalars (and empty lists): no need to walk them.
    return all(type(value) in _LEAVES or value == [] for value in data.values())


def structure_payload(data: Mapping[str, Any], model: type[T]) -> T:
    """``data`` (from :func:`payload_object`) read as ``model``."""
    try:
        return converter.structure(dict(data), model)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        # The cause names the failure kind only: its text could quote the message content.
        raise WebhookPayloadError(
            f"{model.__name__}: malformed payload ({type(exc).__name__})"
        ) from None


def _decode(body: object, name: str, max_body_bytes: int) -> object:
    limit = v.bounded_int("max_body_bytes", max_body_bytes, low=1, high=v.MAX_ID)
    if not isinstance(body, str | bytes):
        return body
    if untrusted.exceeds(body, limit):
        raise WebhookPayloadTooLargeError(
            f"{name}: the body is over {limit} bytes", limit=limit
        )
    try:
        return untrusted.loads(body)
    except untrusted.NestedTooDeeply:
        raise WebhookPayloadError(f"{name}: the body is nested too deeply") from None
    except ValueError:
        raise WebhookPayloadError(f"{name}: the body is not JSON") from None
