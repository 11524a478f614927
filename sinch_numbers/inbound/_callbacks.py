"""PURE helpers for your callback endpoint: check ``X-Sinch-Signature`` and parse the body
into a typed event.

The signature is the lowercase hex HMAC-SHA1 of the raw body keyed with the project's
``hmacSecret``. Check it on the exact bytes received, before any JSON parsing: re-encoding
parsed JSON changes the bytes. There is no timestamp in the scheme, so no replay protection.

Events are what Sinch POSTs to a number's or order's ``callbackUrl``. ``resourceType`` picks
the class; ``event_type``, ``status`` and ``failure_code`` are plain strings, so values added
by Sinch later are kept rather than rejected. Delivery order is not guaranteed and failed
deliveries are retried: re-read the resource when an event looks stale.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from transports import untrusted

from .. import _validate as v
from .._convert import converter
from ..errors import EventDecodeError, EventTooLargeError, SignatureError, ValidationError


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


SIGNATURE_HEADER = "x-sinch-signature"
# Bodies are checked against it before verifying or decoding; ``max_body_bytes=`` changes it.
MAX_CALLBACK_BYTES = untrusted.MAX_BODY_BYTES
EVENT_TYPES: dict[str, type[ActiveNumberEvent | NumberOrderEvent]] = {
    "ACTIVE_NUMBER": ActiveNumberEvent,
    "NUMBER_ORDER": NumberOrderEvent,
}


_RAW = (bytes, bytearray, str)


def _as_bytes(body: bytes | bytearray | str) -> bytes | bytearray:
    # surrogatepass: text holding a lone surrogate (from a lenient decode) cannot be UTF-8;
    # its bytes are simply not what Sinch signed, so it fails the check instead of raising.
    return body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body


def _secret_key(hmac_secret: object) -> bytes:
    if not isinstance(hmac_secret, str) or not hmac_secret:
        raise ValidationError("hmac_secret", "must be the project's non-empty hmacSecret")
    return hmac_secret.encode("utf-8", "surrogatepass")


def compute_signature(hmac_secret: str, body: bytes | str) -> str:
    """The ``X-Sinch-Signature`` value Sinch sends for ``body``. An empty (or non-text)
    ``hmac_secret`` is a ``ValidationError``: anyone can sign with an empty key."""
    key = _secret_key(hmac_secret)
    if not isinstance(body, _RAW):
        raise ValidationError("body", "must be the raw body, as bytes or text")
    return _hex_digest(key, body)


def _hex_digest(key: bytes, body: bytes | bytearray | str) -> str:
    return hmac.new(key, _as_bytes(body), hashlib.sha1).hexdigest()


def verify_signature(hmac_secret: str, body: bytes | str, signature: str | None) -> bool:
    """Whether ``signature`` matches ``body``, compared in constant time. A signature or a
    body of another type than text or bytes (a list, a number) does not match."""
    _secret_key(hmac_secret)  # a misconfigured secret fails every request, signed or not
    return _matches(hmac_secret, body, signature)


def _matches(hmac_secret: str, body: object, signature: object) -> bool:
    received = _signature_bytes(signature)
    if not received or not isinstance(body, _RAW):
        return False
    expected = _hex_digest(_secret_key(hmac_secret), body).encode()
    return hmac.compare_digest(expected, received)


def _signature_bytes(signature: object) -> bytes | None:
    if isinstance(signature, str):
        signature = signature.strip().lower()
    received = untrusted.header_bytes(signature)
    return None if received is None else received.strip().lower()


def parse_event(body: bytes | str, *, max_body_bytes: int = MAX_CALLBACK_BYTES) -> CallbackEvent:
    """Parse an event without checking its signature (see :func:`verify_and_parse`).

    A body over ``max_body_bytes`` is an ``EventTooLargeError``, raised before decoding; any
    other unusable body is an ``EventDecodeError``."""
    data = _decode(_checked_body(body, max_body_bytes))
    if not isinstance(data, dict) or not isinstance(data.get("resourceType"), str):
        raise EventDecodeError("a callback event is an object with a string resourceType")
    if untrusted.too_deep(data):
        raise EventDecodeError("the callback body is nested too deeply")
    try:
        return _structure(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        # Only a known type is named: any other resourceType is text from the sender.
        kind = data["resourceType"] if data["resourceType"] in EVENT_TYPES else "unknown"
        raise EventDecodeError(f"malformed {kind} event ({type(exc).__name__})") from exc


def _checked_body(body: object, max_body_bytes: int) -> bytes | bytearray | str:
    limit = v.positive_int("max_body_bytes", max_body_bytes)
    if not isinstance(body, _RAW):
        raise EventDecodeError("the callback body must be the raw body, as bytes or text")
    if untrusted.exceeds(body, limit):
        raise EventTooLargeError(f"the callback body is over {limit} bytes", limit=limit)
    return body


def _decode(body: bytes | bytearray | str) -> Any:
    try:
        return untrusted.loads(body)
    except untrusted.NestedTooDeeply as exc:
        raise EventDecodeError("the callback body is nested too deeply") from exc
    except ValueError as exc:
        raise EventDecodeError("the callback body is not JSON") from exc


def _structure(data: dict[str, Any]) -> CallbackEvent:
    cls = EVENT_TYPES.get(data["resourceType"])
    if cls is not None:
        return converter.structure(data, cls)
    return converter.structure({**data, "raw": data}, UnknownEvent)


def verify_and_parse(
    hmac_secret: str,
    body: bytes | str,
    headers: Mapping[str, str],
    *,
    max_body_bytes: int = MAX_CALLBACK_BYTES,
) -> CallbackEvent:
    """Check ``X-Sinch-Signature`` (any header-name case), then parse the event.

    Raises ``SignatureError`` when the header is missing or wrong (a value that is neither
    text nor bytes is wrong): answer such a request with 401 and do not act on it. A body
    over ``max_body_bytes`` is an ``EventTooLargeError``, raised before the check.
    """
    _secret_key(hmac_secret)
    _checked_body(body, max_body_bytes)
    signature = untrusted.header(headers, SIGNATURE_HEADER)
    if signature is None:
        raise SignatureError("the callback has no X-Sinch-Signature header")
    if not _matches(hmac_secret, body, signature):
        raise SignatureError("the callback's X-Sinch-Signature does not match its body")
    return parse_event(body, max_body_bytes=max_body_bytes)
