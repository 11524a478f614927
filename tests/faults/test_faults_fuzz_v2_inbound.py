"""Fuzzing the Sendblue receiving helpers with what anyone can send: any body gives a typed
payload or a WebhookPayloadError, any headers give True or False, never a raw exception."""

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sendblue_async import (
    InboundMessage,
    StatusCallback,
    WebhookPayloadError,
    WebhookPayloadTooLargeError,
)
from sendblue_async.inbound import (
    SIGNING_SECRET_HEADER,
    parse_inbound_message,
    parse_status_callback,
    verify_signing_secret,
)

from .fuzzing import anything, assert_typed, bodies, fuzz, odd_text

FUZZ = fuzz(100)
SECRET = "whsec-correct-horse"
PAYLOADS = {
    "inbound": (parse_inbound_message, InboundMessage, {
        "message_handle": "msg-1", "content": "Hello", "from_number": "+14155550100",
        "participants": ["+14155550100"], "date_sent": "2026-05-18T14:30:00.000Z",
        "is_outbound": False, "error_code": None, "brand_new_field": {"x": [1]},
    }),
    "status": (parse_status_callback, StatusCallback, {
        "message_handle": "msg-2", "status": "DELIVERED", "error_code": 5509,
        "date_updated": "2026-05-18T14:30:05Z", "was_downgraded": False,
    }),
}


@st.composite
def raw_bodies(draw: st.DrawFn, good: dict[str, Any]) -> Any:
    """A broken body as bytes, as text a framework decoded leniently, or decoded JSON."""
    body = draw(bodies(good))
    form = draw(st.sampled_from(["bytes", "text", "decoded"]))
    if form == "bytes":
        return body
    text = body.decode("utf-8", draw(st.sampled_from(["surrogateescape", "replace"])))
    if form == "text":
        return text
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return text


@pytest.mark.parametrize("kind", sorted(PAYLOADS))
@FUZZ
@given(data=st.data())
def test_any_body_is_a_typed_payload_or_a_payload_error(kind, data):
    parse, model, good = PAYLOADS[kind]
    body = data.draw(raw_bodies(good))
    limit = data.draw(st.sampled_from([1024 * 1024, 64]))
    try:
        payload = parse(body, max_body_bytes=limit)
    except WebhookPayloadTooLargeError:
        assert isinstance(body, str | bytes) and len(body) * 4 > limit
    except WebhookPayloadError as exc:
        assert str(exc).startswith(model.__name__) and exc.__cause__ is None
    else:
        assert_typed(payload, model)
        assert repr(payload) and payload == payload


header_values = (
    st.sampled_from([SECRET, SECRET.encode(), " " + SECRET, SECRET.upper()])
    | odd_text(max_size=25)
    | st.binary(max_size=25)
    | anything
    | st.lists(st.sampled_from([SECRET, "x"]), max_size=2)
)
header_names = st.sampled_from([SIGNING_SECRET_HEADER, "SB-Signing-Secret", "other"]) | (
    st.sampled_from([b"sb-signing-secret", 1, None, ("sb-signing-secret",)])
)


@FUZZ
@given(
    value=header_values,
    name=header_names,
    shape=st.sampled_from(["mapping", "value", "pairs"]),
)
def test_any_header_is_true_or_false_and_true_only_for_the_secret(value, name, shape):
    received: Any = {
        "mapping": {name: value}, "value": value, "pairs": [(name, value)]
    }[shape]
    named = name == b"sb-signing-secret" or (
        isinstance(name, str) and name.lower() == SIGNING_SECRET_HEADER
    )
    right = value in (SECRET, SECRET.encode())
    expected = right and (shape == "value" or (shape == "mapping" and named))
    assert verify_signing_secret(received, SECRET) is expected
